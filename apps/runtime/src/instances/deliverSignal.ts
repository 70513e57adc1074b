import { randomUUID } from "node:crypto";
import { startActions } from "@flowstate/engine";
import type { EngineEvent, Json } from "@flowstate/engine";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Runtime } from "./Runtime.ts";
import { runAfterCommit } from "./afterCommit.ts";
import { startInstance } from "./startInstance.ts";
import { stepInstance } from "./stepInstance.ts";
import { stepInstances } from "./stepBatch.ts";
import type { Enclosing } from "./afterCommit.ts";
import type { StepOutcome } from "./stepBatch.ts";

export interface SignalResult {
  status: number;
  code?: string;
  message?: string;
  body: Record<string, unknown>;
}

/** A message id's first delivery, as the sender's scope recorded it (the outcome it was answered with then). */
export interface DuplicateSignal {
  duplicate: true;
  outcome: unknown;
}

/** Leaves the claim transaction without committing anything (the signal changed nothing). */
class Unclaimed extends Error {
  constructor(readonly result: SignalResult) {
    super("signal not delivered");
  }
}

/**
 * A signal with a message id, exactly once per (code, message id, sender scope): the id is claimed
 * by inserting its `signal_message` row in the same transaction as the signal's effect (the
 * instances started, the steps delivered), so a duplicate — sequential or concurrent — finds the
 * row: a concurrent one waits on the first one's uncommitted insert (the primary key) and then
 * reads its outcome. Only a delivered signal (200) is recorded; a refused one rolls back its claim.
 */
export async function deliverSignalOnce(
  rt: Runtime,
  code: string,
  identifiers: Record<string, string | number | boolean>,
  payload: unknown,
  messageId: string,
  scope: string,
  processes: readonly string[] | null = null,
): Promise<SignalResult | DuplicateSignal> {
  const key = { code, messageId, scope };
  let enclosing: Enclosing | undefined;
  let result: SignalResult | undefined;
  try {
    result = await rt.db.prisma.$transaction(
      async (tx) => {
        const claimed = await tx.signalMessage.createMany({
          data: [{ ...key, outcome: {}, receivedAt: rt.clock.now() }],
          skipDuplicates: true,
        });
        if (claimed.count === 0) return undefined;
        enclosing = { tx, afterCommit: [] };
        const delivered = await deliverSignal(
          rt,
          code,
          identifiers,
          payload,
          messageId,
          processes,
          enclosing,
        );
        if (delivered.status !== 200) throw new Unclaimed(delivered);
        await tx.signalMessage.update({
          where: { code_messageId_scope: key },
          data: { outcome: delivered.body as Prisma.InputJsonValue },
        });
        return delivered;
      },
      { timeout: 30_000, maxWait: 30_000 },
    );
  } catch (error) {
    if (error instanceof Unclaimed) return error.result;
    throw error;
  }
  if (result) {
    await runAfterCommit(enclosing!);
    return result;
  }
  const seen = await rt.db.prisma.signalMessage.findUniqueOrThrow({
    where: { code_messageId_scope: key },
    select: { outcome: true },
  });
  return { duplicate: true, outcome: seen.outcome };
}

/**
 * Correlates a signal: every running instance whose captured identifiers match all given ones and
 * whose version has an action with this code gets the signal. Per process: when none of its
 * instances matches and the action is one a new instance offers at once (a root of the initial
 * state of its newest published version), a new instance of that process is started and gets it.
 *
 * `processes` (an API key's scope; null = every process) limits all of it: only instances of
 * those processes are correlated and only those processes start one. A code that exists only in
 * other processes is refused (403 OUT_OF_SCOPE) before anything changes.
 *
 * With `enclosing` (`deliverSignalOnce`), every read and write goes through the caller's transaction.
 */
export async function deliverSignal(
  rt: Runtime,
  code: string,
  identifiers: Record<string, string | number | boolean>,
  payload: unknown,
  messageId?: string,
  processes: readonly string[] | null = null,
  enclosing?: Enclosing,
): Promise<SignalResult> {
  const reader = enclosing?.tx ?? rt.db.prisma;
  const versions = await reader.version.findMany({
    where: { status: { in: ["published", "deprecated"] } },
    select: { id: true, processId: true, status: true, number: true, process: { select: { key: true } } },
  });
  const withCodeAnywhere: {
    versionId: string;
    processId: string;
    processKey: string;
    status: string;
    initial: boolean;
  }[] = [];
  for (const v of versions) {
    const { model } = await rt.models.get(v.id, reader);
    const action = model.nodes.find((n) => n.kind === "action" && n.code === code);
    // Only a root manual action of the initial state may start a new instance.
    if (action)
      withCodeAnywhere.push({
        versionId: v.id,
        processId: v.processId,
        processKey: v.process.key,
        status: v.status,
        initial: startActions(model).some((a) => a.code === code),
      });
  }
  if (withCodeAnywhere.length === 0)
    return { status: 404, message: `no published process has an action with code "${code}"`, body: {} };
  const withCode =
    processes === null ? withCodeAnywhere : withCodeAnywhere.filter((w) => processes.includes(w.processKey));
  if (withCode.length === 0)
    return {
      status: 403,
      code: "OUT_OF_SCOPE",
      message: `this API key may not signal "${code}": no process in its scope has that action`,
      body: {},
    };
  const entries = Object.entries(identifiers).map(([name, value]) => ({ name, value: String(value) }));
  const instances = entries.length
    ? await reader.instance.findMany({
        where: {
          versionId: { in: withCode.map((w) => w.versionId) },
          status: { in: ["running", "locked"] },
          AND: entries.map((e) => ({ identifiers: { some: { name: e.name, value: e.value } } })),
        },
        select: { id: true, processId: true },
        take: 100,
      })
    : [];
  const event: EngineEvent = {
    type: "signal",
    code,
    identifiers: identifiers as Record<string, Json>,
    ...(payload !== undefined ? { payload: payload as Json } : {}),
    ...(messageId ? { messageId } : {}),
  };
  const actor = `signal:${code}`;
  const deliver = async (instanceId: string): Promise<StepOutcome> =>
    enclosing
      ? (await stepInstances(rt, [instanceId], () => ({ event }), { mustExist: true, actor, enclosing }))[0]!
          .outcome!
      : stepInstance(rt, instanceId, event, { actor });
  const delivered: { instanceId: string; accepted: boolean; rejection?: unknown }[] = [];
  for (const i of instances) {
    const o = await deliver(i.id);
    delivered.push(
      o.ok
        ? { instanceId: i.id, accepted: true }
        : { instanceId: i.id, accepted: false, rejection: o.rejection },
    );
  }
  // One service can take part in several processes (seed 004): every process with this code as a
  // start action and no matching running instance starts one.
  const matchedProcesses = new Set(instances.map((i) => i.processId));
  const starters = withCode.filter(
    (w) => w.initial && w.status === "published" && !matchedProcesses.has(w.processId),
  );
  const started: string[] = [];
  for (const starter of starters) {
    const businessKey = entries.length ? entries.map((e) => e.value).join(":") : undefined;
    const state = await startInstance(
      rt,
      {
        processKey: starter.processKey,
        ...(businessKey ? { businessKey } : {}),
        variables: { ...identifiers },
        actor,
        ...(enclosing ? { enclosing } : {}),
      },
      randomUUID(),
    );
    started.push(state.instanceId);
    const o = await deliver(state.instanceId);
    delivered.push(
      o.ok
        ? { instanceId: state.instanceId, accepted: true }
        : { instanceId: state.instanceId, accepted: false, rejection: o.rejection },
    );
  }
  if (delivered.length === 0)
    return {
      status: 404,
      message: `no running instance matches ${JSON.stringify(identifiers)} for "${code}"`,
      body: {},
    };
  const anyAccepted = delivered.some((d) => d.accepted);
  return {
    status: anyAccepted ? 200 : 409,
    ...(anyAccepted ? {} : { message: `the signal was refused by every matching instance` }),
    // `started` names the first started instance (the common case of one process); `startedAll` lists them all.
    body: { delivered, ...(started.length ? { started: started[0], startedAll: started } : {}) },
  };
}
