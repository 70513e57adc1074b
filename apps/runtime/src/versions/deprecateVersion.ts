import { DomainError } from "../errors/DomainError.ts";
import type { VersionDeps } from "./versionService.ts";

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
