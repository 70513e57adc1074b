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

/** The Prisma condition of a filter. */
export function instanceWhere(input: InstanceFilter): Prisma.InstanceWhereInput {
  return {
    ...(input.processKey ? { process: { key: input.processKey } } : {}),
    ...(input.versionId ? { versionId: input.versionId } : {}),
    ...(input.stateId ? { currentStateId: input.stateId } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.businessKey
      ? { businessKey: { contains: input.businessKey, mode: "insensitive" as const } }
      : {}),
    ...(input.identifier
      ? { identifiers: { some: { name: input.identifier.name, value: input.identifier.value } } }
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
