import { z } from "zod";

/** The input of a run's `items` procedure, for the statuses its items take. */
export const runItemsInput = <const S extends readonly [string, ...string[]]>(statuses: S) =>
  z.object({
    runId: z.uuid(),
    status: z.enum(statuses).optional(),
    cursor: z.uuid().optional(),
    limit: z.int().min(1).max(500).default(100),
  });

/** Which items of a run to list: by status, after the cursor (the last instance id listed). */
export interface RunItemQuery<S extends string> {
  runId: string;
  status?: S | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * One page of a run's items (instance migration, bulk operations) by instance id, with each item's
 * instance business key. Keyset paging: with a status filter the cursor's item may have changed
 * status meanwhile, where Prisma's cursor + skip would skip a row. `find` reads the run's item
 * table with the condition given; `select` says what else of each instance the caller needs.
 */
export async function runItemPage<R extends { instanceId: string }, I extends { id: string }>(
  input: RunItemQuery<string>,
  find: (args: {
    where: { runId: string; status?: string; instanceId?: { gt: string } };
    orderBy: { instanceId: "asc" };
    take: number;
  }) => Promise<R[]>,
  readInstances: (ids: string[]) => Promise<I[]>,
): Promise<{ page: R[]; instances: Map<string, I>; nextCursor: string | null }> {
  const rows = await find({
    where: {
      runId: input.runId,
      ...(input.status ? { status: input.status } : {}),
      ...(input.cursor ? { instanceId: { gt: input.cursor } } : {}),
    },
    orderBy: { instanceId: "asc" },
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const instances = await readInstances(page.map((r) => r.instanceId));
  return {
    page,
    instances: new Map(instances.map((i) => [i.id, i])),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.instanceId : null,
  };
}
