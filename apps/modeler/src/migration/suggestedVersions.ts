/**
 * The wizard's first guess at the versions: the newest published version as the target, and every
 * other non-draft version that still has running instances as a source. The operator changes it.
 */
export interface VersionSummary {
  id: string;
  number: number;
  status: string;
  runningInstances: number;
}

export function suggestedVersions(versions: readonly VersionSummary[]): {
  sourceVersionIds: string[];
  targetVersionId: string | null;
} {
  const target = [...versions].filter((v) => v.status === "published").sort((a, b) => b.number - a.number)[0];
  if (!target) return { sourceVersionIds: [], targetVersionId: null };
  const sources = versions
    .filter((v) => v.id !== target.id && v.status !== "draft" && v.runningInstances > 0)
    .sort((a, b) => a.number - b.number);
  return { sourceVersionIds: sources.map((v) => v.id), targetVersionId: target.id };
}
