import { DomainError } from "../errors/DomainError.ts";
import type { VersionDeps } from "./versionService.ts";

// The lifecycle after publishing (semantics.md §6): published → deprecated → inactive.

/**
 * Deprecates a published version by hand (semantics.md §6): it starts no new instance from now on
 * (nor do signals that start instances), its running instances continue, and it becomes `inactive`
 * when the last one ends — at once when none runs. Publishing a newer version does the same to the
 * previous one; this is for retiring a process or stopping a faulty version before its successor
 * is ready. Only a `published` version can be deprecated; anything else is refused and unchanged.
 */
export async function deprecateVersion({ db }: VersionDeps, input: { id: string }) {
  const version = await db.prisma.version.findUnique({
    where: { id: input.id },
    select: { id: true, number: true, status: true, process: { select: { key: true } } },
  });
  if (!version) throw new DomainError("NOT_FOUND", `no version with id "${input.id}"`);
  if (version.status === "draft")
    throw new DomainError(
      "PRECONDITION_FAILED",
      `v${version.number} is a draft: only a published version can be deprecated`,
    );
  if (version.status !== "published")
    throw new DomainError("PRECONDITION_FAILED", `v${version.number} is ${version.status} already`);
  const status = await db.prisma.$transaction(async (tx) => {
    const running = await tx.instance.count({
      where: { versionId: version.id, status: { in: ["running", "locked"] } },
    });
    const next = running > 0 ? ("deprecated" as const) : ("inactive" as const);
    // Only from `published`: a publish or another deprecation that got there first wins.
    const updated = await tx.version.updateMany({
      where: { id: version.id, status: "published" },
      data: { status: next },
    });
    if (updated.count !== 1)
      throw new DomainError("CONFLICT", `v${version.number} changed meanwhile; reload and try again`);
    return next;
  });
  return { id: version.id, processKey: version.process.key, number: version.number, status };
}

/** Marks deprecated versions without running instances inactive (at start-up and when an instance ends). */
export async function deactivateIdleVersions(
  { db }: Pick<VersionDeps, "db">,
  processId?: string,
): Promise<number> {
  // Asked after every step that ends an instance: one named statement (usually finding nothing).
  const deprecated = await db.query<{ id: string }>(
    "flowstate_deprecated_versions",
    `SELECT id::text AS id FROM version WHERE status = 'deprecated' AND ($1::uuid IS NULL OR process_id = $1::uuid)`,
    [processId ?? null],
  );
  let changed = 0;
  for (const v of deprecated) {
    const result = await db.prisma.version.updateMany({
      where: {
        id: v.id,
        status: "deprecated",
        instances: { none: { status: { in: ["running", "locked"] } } },
      },
      data: { status: "inactive" },
    });
    changed += result.count;
  }
  return changed;
}
