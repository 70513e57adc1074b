import type { Prisma } from "../generated/prisma/client.ts";
import type { Database } from "../db/openDatabase.ts";
import type { Clock } from "../clock.ts";
import type { Actor } from "./Actor.ts";

export type AuditOutcome = "ok" | "denied" | "unauthenticated" | "failed" | "rateLimited";

export interface AuditEntry {
  actor: Actor;
  /** Procedure path (`version.publish`) or REST route (`POST /api/auth/login`). */
  action: string;
  outcome: AuditOutcome;
  processKey?: string | undefined;
  instanceId?: string | undefined;
  versionId?: string | undefined;
  /** Extra facts (error code, run id…). Never secrets: callers pass only what they chose. */
  detail?: Record<string, unknown> | undefined;
}

/** Appends one record to the audit log (append-only: a trigger refuses UPDATE/DELETE). */
export async function recordAudit(deps: { db: Database; clock: Clock }, entry: AuditEntry): Promise<void> {
  await deps.db.prisma.auditEvent.create({
    data: {
      at: deps.clock.now(),
      actorKind: entry.actor.kind,
      actorId: entry.actor.id ?? null,
      actorName: entry.actor.name,
      ip: entry.actor.ip ?? null,
      action: entry.action,
      outcome: entry.outcome,
      processKey: entry.processKey ?? null,
      instanceId: entry.instanceId ?? null,
      versionId: entry.versionId ?? null,
      ...(entry.detail ? { detail: entry.detail as Prisma.InputJsonValue } : {}),
    },
  });
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The process / instance / version a procedure's raw input names, for the audit record. */
export function auditSubject(path: string, rawInput: unknown): Pick<AuditEntry, "processKey" | "instanceId" | "versionId" | "detail"> {
  if (!rawInput || typeof rawInput !== "object") return {};
  const input = rawInput as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v.length <= 200 ? v : undefined);
  const processKey = str(input.processKey) ?? (path.startsWith("process.") ? str(input.key) : undefined);
  const instanceId = str(input.instanceId);
  const versionId = path.startsWith("version.") && str(input.id) && uuid.test(String(input.id)) ? str(input.id) : str(input.versionId);
  const runId = str(input.runId);
  const action = str(input.actionId) ?? str(input.code);
  // Which API key or user a call is about (by id, and a new key's name); never a key or a password.
  const subjectId = path.startsWith("apiKey.") || path.startsWith("user.") ? str(input.id) : undefined;
  const name = path.startsWith("apiKey.") ? str(input.name) : undefined;
  const detail = { ...(runId ? { runId } : {}), ...(action ? { action } : {}), ...(subjectId ? { id: subjectId } : {}), ...(name ? { name } : {}) };
  return { processKey, instanceId, versionId, ...(Object.keys(detail).length ? { detail } : {}) };
}
