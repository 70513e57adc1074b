import { randomUUID } from "node:crypto";
import type { Effect, InstanceState, Records } from "@flowstate/engine";
import type { Prisma } from "../generated/prisma/client.ts";
import { enqueueWebhookEvents, jobsChannel } from "../queue/queueSql.ts";
import { outboundEvents } from "../webhooks/outboundEvents.ts";
import type { Runtime } from "./Runtime.ts";

type Tx = Prisma.TransactionClient;
const j = (v: unknown) => (v === undefined ? undefined : (v as Prisma.InputJsonValue));
const jn = (v: unknown) => (v === undefined || v === null ? undefined : (v as Prisma.InputJsonValue));

export interface PersistContext {
  tx: Tx;
  rt: Runtime;
  processId: string;
  /** The instance row's state before the step (absent for a start). */
  before?: InstanceState;
  after: InstanceState;
  records: Records;
  effects: Effect[];
  now: Date;
  actor?: string;
}

/** Version ids of the numbers the records mention (history keeps pointing at old versions after a migration). */
async function versionIds(ctx: PersistContext): Promise<Map<number, string>> {
  const numbers = new Set<number>([ctx.after.version, ...ctx.records.stateInstances.map((s) => s.version), ...ctx.records.occurrences.map((o) => o.version)]);
  const map = new Map<number, string>();
  for (const n of numbers) map.set(n, (await ctx.rt.models.getByNumber(ctx.processId, n, ctx.tx)).versionId);
  return map;
}

const at = (seqTime: Map<number, string>, seq: number | undefined, fallback: Date) => {
  const iso = seq === undefined ? undefined : seqTime.get(seq);
  return iso ? new Date(iso) : fallback;
};

/**
 * Writes one accepted step in the caller's transaction (the transactional outbox): the instance
 * row, state instances, occurrences, firings, history, identifiers, incidents and the jobs the
 * effects ask for. Returns whether jobs were inserted (so the caller wakes workers after commit).
 */
export async function persistStep(ctx: PersistContext): Promise<{ jobsInserted: boolean; finished: boolean }> {
  const { tx, after, records, now } = ctx;
  const instanceId = after.instanceId;
  const versions = await versionIds(ctx);
  const seqTime = new Map(records.history.map((h) => [h.seq, h.at]));
  const finished = after.status === "completed" || after.status === "failed" || after.status === "cancelled";

  await tx.instance.update({
    where: { id: instanceId },
    data: {
      state: j(after)!,
      status: after.status,
      seq: after.seq,
      variables: j(after.variables)!,
      versionId: versions.get(after.version)!,
      currentStateId: after.current.stateId,
      lockedBy: after.lockedBy ?? null,
      outcome: after.outcome ?? null,
      hasIncident: after.incidents.length > 0,
      // A failed instance keeps its business key until an operator acknowledges the failure (seed 003).
      ...(finished ? { endedAt: now, ...(after.status === "failed" || after.outcome === "failed" ? {} : { activeBusinessKey: null }) } : {}),
    },
  });

  for (const s of records.stateInstances) {
    const data = {
      versionId: versions.get(s.version)!,
      stateId: s.stateId,
      enteredSeq: s.enteredSeq,
      reason: s.reason,
      exitedSeq: s.exitedSeq ?? null,
      exitReason: s.exitReason ?? null,
      enteredAt: at(seqTime, s.enteredSeq, now),
      exitedAt: s.exitedSeq === undefined ? null : at(seqTime, s.exitedSeq, now),
    };
    await tx.stateInstance.upsert({ where: { instanceId_key: { instanceId, key: s.id } }, create: { instanceId, key: s.id, ...data }, update: data });
  }

  for (const o of records.occurrences) {
    const data = {
      stateInstanceKey: o.stateInstanceId,
      versionId: versions.get(o.version)!,
      nodeId: o.nodeId,
      status: o.status,
      attempt: o.attempt,
      reason: o.reason,
      input: jn(o.input),
      output: jn(o.output),
      error: jn(o.error),
      actor: o.actor === undefined ? null : typeof o.actor === "string" ? o.actor : JSON.stringify(o.actor),
      completedSeq: o.closedSeq ?? null,
      dueAt: o.dueAt ? new Date(o.dueAt) : null,
    };
    await tx.occurrence.upsert({ where: { instanceId_key: { instanceId, key: o.id } }, create: { instanceId, key: o.id, ...data }, update: data });
  }

  if (records.firings.length) {
    await tx.firing.createMany({
      data: records.firings.map((f) => ({ instanceId, key: f.id, stateInstanceKey: f.stateInstanceId, lineId: f.lineId, seq: f.seq, firedAt: at(seqTime, f.seq, now) })),
      skipDuplicates: true,
    });
  }
  if (records.history.length) {
    await tx.historyEvent.createMany({
      data: records.history.map((h) => ({ instanceId, seq: h.seq, type: h.type, data: j(h.data)!, actor: ctx.actor ?? null, at: new Date(h.at) })),
    });
  }

  await syncIdentifiers(ctx);
  await syncIncidents(ctx);
  const jobsInserted = await enqueueEffects(ctx);
  // Webhook outbox: the step's lifecycle and action events, for the webhooks that want them.
  const model = (await ctx.rt.models.getByNumber(ctx.processId, after.version, tx)).model;
  await enqueueWebhookEvents(tx, outboundEvents({ before: ctx.before, after, records, model, now }), now);
  return { jobsInserted, finished };
}

async function syncIdentifiers({ tx, before, after, processId }: PersistContext): Promise<void> {
  if (before && JSON.stringify(before.identifiers) === JSON.stringify(after.identifiers)) return;
  const instanceId = after.instanceId;
  await tx.identifier.deleteMany({ where: { instanceId } });
  const rows = Object.entries(after.identifiers)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([name, v]) => ({ instanceId, processId, name, value: typeof v === "string" ? v : JSON.stringify(v) }));
  if (rows.length) await tx.identifier.createMany({ data: rows });
}

async function syncIncidents({ tx, before, after, now, records }: PersistContext): Promise<void> {
  const was = new Map((before?.incidents ?? []).map((i) => [i.id, i]));
  const is = new Map(after.incidents.map((i) => [i.id, i]));
  for (const inc of is.values()) {
    if (was.has(inc.id)) continue;
    await tx.incident.create({
      data: {
        id: randomUUID(),
        instanceId: after.instanceId,
        engineId: inc.id,
        occurrenceKey: inc.occurrenceId,
        nodeId: inc.nodeId,
        error: j(inc.error) ?? {},
        createdAt: now,
      },
    });
  }
  const lastEvent = records.history.find((h) => h.type === "event")?.data as { event?: { type?: string } } | undefined;
  const resolution = lastEvent?.event?.type === "skipIncident" ? "skipped" : lastEvent?.event?.type === "retryIncident" ? "retried" : "closed";
  for (const id of was.keys()) {
    if (is.has(id)) continue;
    await tx.incident.updateMany({ where: { instanceId: after.instanceId, engineId: id, status: "open" }, data: { status: "resolved", resolution, resolvedAt: now } });
  }
}

async function enqueueEffects(ctx: PersistContext): Promise<boolean> {
  const { tx, after, effects, now } = ctx;
  const instanceId = after.instanceId;
  let inserted = 0;
  const jobs: Prisma.JobCreateManyInput[] = [];
  const compensations = effects.filter((e) => e.type === "compensate").sort((a, b) => a.order - b.order);
  for (const e of effects) {
    switch (e.type) {
      case "schedule":
        jobs.push({
          kind: "timer",
          instanceId,
          occurrenceKey: e.occurrenceId,
          handler: null,
          runAt: new Date(e.dueAt),
          attempt: e.attempt,
          idempotencyKey: `timer:${e.idempotencyKey}`,
          payload: { nodeId: e.nodeId },
        });
        break;
      case "callHandler":
        jobs.push({
          kind: "handler",
          instanceId,
          occurrenceKey: e.occurrenceId,
          handler: e.handler,
          runAt: now,
          attempt: e.attempt,
          idempotencyKey: e.idempotencyKey,
          payload: { nodeId: e.nodeId, input: j(e.input) ?? null },
        });
        break;
      case "cancelSchedule":
        await tx.job.deleteMany({ where: { instanceId, occurrenceKey: e.occurrenceId } });
        break;
      case "lockInstances":
        jobs.push({
          kind: "lockInstances",
          instanceId,
          handler: null,
          runAt: now,
          idempotencyKey: `lock:${instanceId}:${after.seq}`,
          payload: { processKey: e.processKey, identifiers: e.identifiers, exceptInstanceId: e.exceptInstanceId },
        });
        break;
      default:
        break;
    }
  }
  if (compensations.length) {
    // One job runs the compensations one after the other, in order, recording progress in its payload.
    jobs.push({
      kind: "compensation",
      instanceId,
      handler: null,
      runAt: now,
      idempotencyKey: `compensation:${instanceId}:${after.seq}`,
      payload: { done: 0, items: compensations.map((c) => ({ occurrenceId: c.occurrenceId, actionId: c.actionId, handler: c.handler, input: c.input, idempotencyKey: c.idempotencyKey })) } as Prisma.InputJsonValue,
    });
  }
  if (jobs.length) {
    inserted = (await tx.job.createMany({ data: jobs, skipDuplicates: true })).count;
    if (inserted > 0 && ctx.rt.db.pool) await tx.$executeRawUnsafe(`SELECT pg_notify('${jobsChannel}', '')`);
  }
  return inserted > 0;
}
