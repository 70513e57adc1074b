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

/**
 * Appends one record to the audit log (append-only: a trigger refuses UPDATE/DELETE). One named
 * statement: nearly every request writes one.
 */
export async function recordAudit(deps: { db: Database; clock: Clock }, entry: AuditEntry): Promise<void> {
  const { actor } = entry;
  await deps.db.query(
    "flowstate_record_audit",
    `INSERT INTO audit_event (at, actor_kind, actor_id, actor_name, ip, action, outcome, process_key, instance_id, version_id, detail)
     VALUES ($1::timestamptz, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb) RETURNING id::text`,
    [
      deps.clock.now(),
      actor.kind,
      actor.id ?? null,
      actor.name,
      actor.ip ?? null,
      entry.action,
      entry.outcome,
      entry.processKey ?? null,
      entry.instanceId ?? null,
      entry.versionId ?? null,
      entry.detail ? JSON.stringify(entry.detail) : null,
    ],
  );
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
