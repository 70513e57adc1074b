/**
 * Lifecycle of a process version: `draft` (editable) → `published` (immutable; new instances start
 * on the latest published) → `deprecated` (a newer version was published; running instances
 * continue, no new ones start) → `inactive` (deprecated and no running instance left).
 */
export type VersionStatus = "draft" | "published" | "deprecated" | "inactive";

/** Every status, in lifecycle order. */
export const VERSION_STATUSES: readonly VersionStatus[] = ["draft", "published", "deprecated", "inactive"];
