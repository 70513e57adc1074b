import type { Database } from "../db/openDatabase.ts";
import type { Clock } from "../clock.ts";
import type { Actor } from "./Actor.ts";
import { storableText } from "../boundary/storableInput.ts";

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

/** An audit record as a row (the columns of `audit_event` but its id and time). */
export interface AuditRow {
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  ip: string | null;
  action: string;
  outcome: AuditOutcome;
  process_key: string | null;
  instance_id: string | null;
  version_id: string | null;
  detail: Record<string, unknown> | null;
}

/**
 * The row of an entry. Every text is made storable (NUL and lone surrogates → U+FFFD, cut to 1000
 * characters): the boundary refuses such input before a change, but a refusal's record (a route
 * parameter, an Origin header) must still be writable — a record that cannot be written is a lost one.
 */
export function auditRow(entry: AuditEntry): AuditRow {
  const { actor } = entry;
  const text = (v: string | undefined) => (v === undefined ? null : storableText(v, 1000));
  return {
    actor_kind: storableText(actor.kind, 50),
    actor_id: text(actor.id),
    actor_name: storableText(actor.name, 300),
    ip: text(actor.ip),
    action: storableText(entry.action, 1000),
    outcome: entry.outcome,
    process_key: text(entry.processKey),
    instance_id: text(entry.instanceId),
    version_id: text(entry.versionId),
    detail: entry.detail ? (storableJson(entry.detail) as Record<string, unknown>) : null,
  };
}

function storableJson(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return storableText(value, 1000);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (value === null || typeof value !== "object" || depth > 8)
    return typeof value === "object" ? null : value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => storableJson(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .slice(0, 50)
      .map(([k, v]) => [storableText(k, 100), storableJson(v, depth + 1)]),
  );
}

/**
 * The `ok` record of a state-changing call, handed to the service that makes the change so the
 * record commits in the SAME statement as the change (`StepOptions.audit`: a crash can then lose
 * neither half alone). `recorded` says it was written; otherwise the caller records it afterwards.
 */
export class PendingAudit {
  recorded = false;
  /** Written by a step statement inside the current transaction (`recorded` follows at its commit). */
  inTransaction = false;
  /**
   * @param finish given the result of the transaction that is about to carry the record: what it
   * adds (detail, the actor's id once created), or `false` when that transaction did not make the
   * change (the record is not written then).
   */
  constructor(
    readonly row: AuditRow,
    readonly finish?: (result: unknown) => { detail?: Record<string, unknown>; actorId?: string } | false,
  ) {}

  /** Adds facts the service learns before the change (made storable like every detail). */
  addDetail(detail: Record<string, unknown>): void {
    this.row.detail = storableJson({ ...this.row.detail, ...detail }) as Record<string, unknown>;
  }

  /**
   * Writes the record through a transaction client, as part of the caller's transaction (the
   * audited database of a mutation does this for its first change, `boundary/auditedDatabase.ts`).
   * Marks it recorded; the caller clears that when the transaction rolls back.
   */
  async writeIn(
    tx: { $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> },
    at: Date,
    result?: unknown,
  ): Promise<void> {
    const extra = this.finish ? this.finish(result) : {};
    if (extra === false) return;
    const r = {
      ...this.row,
      ...(extra.actorId ? { actor_id: storableText(extra.actorId, 100) } : {}),
      ...(extra.detail
        ? { detail: storableJson({ ...this.row.detail, ...extra.detail }) as Record<string, unknown> }
        : {}),
    };
    await tx.$executeRawUnsafe(insertAuditSql, ...insertAuditParams(at, r));
    this.recorded = true;
  }
}

const insertAuditSql = `INSERT INTO audit_event (at, actor_kind, actor_id, actor_name, ip, action, outcome, process_key, instance_id, version_id, detail)
     VALUES ($1::timestamptz, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)`;

/** The eleven parameters of {@link insertAuditSql}, in column order. */
function insertAuditParams(at: Date, r: AuditRow): unknown[] {
  return [
    at,
    r.actor_kind,
    r.actor_id,
    r.actor_name,
    r.ip,
    r.action,
    r.outcome,
    r.process_key,
    r.instance_id,
    r.version_id,
    r.detail ? JSON.stringify(r.detail) : null,
  ];
}

/** Appends one record inside the caller's transaction `tx` (it commits with the change it records). */
export async function recordAuditIn(
  tx: { $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number> },
  at: Date,
  entry: AuditEntry,
): Promise<void> {
  await tx.$executeRawUnsafe(insertAuditSql, ...insertAuditParams(at, auditRow(entry)));
}

/**
 * Appends one record to the audit log (append-only: a trigger refuses UPDATE/DELETE). One named
 * statement: nearly every request writes one.
 */
export async function recordAudit(deps: { db: Database; clock: Clock }, entry: AuditEntry): Promise<void> {
  const r = auditRow(entry);
  await deps.db.query(
    "flowstate_record_audit",
    `${insertAuditSql} RETURNING id::text`,
    insertAuditParams(deps.clock.now(), r),
  );
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const reasonPaths = new Set(["instance.cancel", "instance.move", "instance.setVariables"]);

/** The process / instance / version a procedure's raw input names, for the audit record. */
export function auditSubject(
  path: string,
  rawInput: unknown,
): Pick<AuditEntry, "processKey" | "instanceId" | "versionId" | "detail"> {
  if (!rawInput || typeof rawInput !== "object") return {};
  const input = rawInput as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v.length <= 200 ? v : undefined);
  const processKey = str(input.processKey) ?? (path.startsWith("process.") ? str(input.key) : undefined);
  const instanceId = str(input.instanceId);
  const versionId =
    path.startsWith("version.") && str(input.id) && uuid.test(String(input.id))
      ? str(input.id)
      : str(input.versionId);
  const runId = str(input.runId);
  const action = str(input.actionId) ?? str(input.code);
  // Which API key or user a call is about (by id, and a new key's name); never a key or a password.
  const subjectId = path.startsWith("apiKey.") || path.startsWith("user.") ? str(input.id) : undefined;
  const name = path.startsWith("apiKey.") ? str(input.name) : undefined;
  // An operator's reason for cancelling, moving or editing variables (required; also in the history).
  const reason =
    reasonPaths.has(path) && typeof input.reason === "string" ? input.reason.slice(0, 1000) : undefined;
  const stateId = path === "instance.move" ? str(input.stateId) : undefined;
  // An admin's reason for publishing a draft whose scenarios fail (`version.publish` `override`).
  const override = input.override as { reason?: unknown } | undefined;
  const overrideReason =
    path === "version.publish" && typeof override?.reason === "string"
      ? override.reason.slice(0, 1000)
      : undefined;
  const detail = {
    ...(reason ? { reason } : {}),
    ...(stateId ? { stateId } : {}),
    ...(overrideReason ? { override: { reason: overrideReason } } : {}),
    ...(runId ? { runId } : {}),
    ...(action ? { action } : {}),
    ...(subjectId ? { id: subjectId } : {}),
    ...(name ? { name } : {}),
  };
  return { processKey, instanceId, versionId, ...(Object.keys(detail).length ? { detail } : {}) };
}
