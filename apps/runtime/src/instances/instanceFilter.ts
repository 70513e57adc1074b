import { z } from "zod";
import type { Prisma } from "../generated/prisma/client.ts";

/** The filters of `instance.list` (also a migration plan's selection). */
export const instanceFilter = z.object({
  processKey: z.string().min(1).max(200).optional(),
  versionId: z.uuid().optional(),
  stateId: z.string().max(200).optional(),
  status: z.enum(["running", "completed", "failed", "cancelled", "locked"]).optional(),
  businessKey: z.string().max(500).optional(),
  identifier: z.object({ name: z.string().min(1).max(200), value: z.string().max(2000) }).optional(),
  hasIncident: z.boolean().optional(),
  /** Instances with an open incident at this node (the heat overlay's click on an action). */
  incidentNodeId: z.string().min(1).max(200).optional(),
  startedFrom: z.iso.datetime().optional(),
  startedTo: z.iso.datetime().optional(),
});

export type InstanceFilter = z.infer<typeof instanceFilter>;

/**
 * The Prisma condition of a filter. With the process's id (`processIdOf`) the condition names it
 * directly, and an identifier search leads with it, as the identifier index
 * `(process_id, name, value)` needs: one index lookup instead of a scan of every identifier.
 */
export function instanceWhere(input: InstanceFilter, processId?: string): Prisma.InstanceWhereInput {
  const ofProcess = processId !== undefined && input.processKey !== undefined;
  return {
    ...(ofProcess ? { processId } : input.processKey ? { process: { key: input.processKey } } : {}),
    ...(input.versionId ? { versionId: input.versionId } : {}),
    ...(input.stateId ? { currentStateId: input.stateId } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.businessKey
      ? { businessKey: { contains: input.businessKey, mode: "insensitive" as const } }
      : {}),
    ...(input.identifier
      ? {
          identifiers: {
            some: {
              ...(ofProcess ? { processId } : {}),
              name: input.identifier.name,
              value: input.identifier.value,
            },
          },
        }
      : {}),
    ...(input.hasIncident !== undefined ? { hasIncident: input.hasIncident } : {}),
    ...(input.incidentNodeId
      ? { incidents: { some: { nodeId: input.incidentNodeId, status: "open" } } }
      : {}),
    ...(input.startedFrom || input.startedTo
      ? {
          startedAt: {
            ...(input.startedFrom ? { gte: new Date(input.startedFrom) } : {}),
            ...(input.startedTo ? { lte: new Date(input.startedTo) } : {}),
          },
        }
      : {}),
  };
}

/**
 * A process key's id never changes (keys are unique, processes are never deleted or re-keyed), so
 * the ids found are kept per database client; an unknown key is looked up again next time.
 */
const knownProcessIds = new WeakMap<object, Map<string, string>>();

/** The id of the filter's process (undefined without `processKey`; a key nobody has matches nothing). */
export async function processIdOf(
  prisma: Pick<Prisma.TransactionClient, "process">,
  input: InstanceFilter,
): Promise<string | undefined> {
  if (input.processKey === undefined) return undefined;
  let known = knownProcessIds.get(prisma);
  if (!known) knownProcessIds.set(prisma, (known = new Map()));
  const cached = known.get(input.processKey);
  if (cached) return cached;
  const process = await prisma.process.findUnique({ where: { key: input.processKey }, select: { id: true } });
  if (!process) return "00000000-0000-0000-0000-000000000000"; // nobody's id: matches no instance, as by key
  if (known.size >= 10_000) known.clear();
  known.set(input.processKey, process.id);
  return process.id;
}
