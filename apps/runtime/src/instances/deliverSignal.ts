import { randomUUID } from "node:crypto";
import { startActions } from "@flowstate/engine";
import type { EngineEvent, Json } from "@flowstate/engine";
import type { Runtime } from "./Runtime.ts";
import { startInstance, stepInstance } from "./stepInstance.ts";

/**
 * Correlates a signal: every running instance whose captured identifiers match all given ones and
 * whose version has an action with this code gets the signal. Per process: when none of its
 * instances matches and the action is one a new instance offers at once (a root of the initial
 * state of its newest published version), a new instance of that process is started and gets it.
 *
 * `processes` (an API key's scope; null = every process) limits all of it: only instances of
 * those processes are correlated and only those processes start one. A code that exists only in
 * other processes is refused (403 OUT_OF_SCOPE) before anything changes.
 */
export async function deliverSignal(rt: Runtime, code: string, identifiers: Record<string, string | number | boolean>, payload: unknown, messageId?: string, processes: readonly string[] | null = null) {
  const versions = await rt.db.prisma.version.findMany({
    where: { status: { in: ["published", "deprecated"] } },
    select: { id: true, processId: true, status: true, number: true, process: { select: { key: true } } },
  });
  const withCodeAnywhere: { versionId: string; processId: string; processKey: string; status: string; initial: boolean }[] = [];
  for (const v of versions) {
    const { model } = await rt.models.get(v.id);
    const action = model.nodes.find((n) => n.kind === "action" && n.code === code);
    // Only a root manual action of the initial state may start a new instance.
    if (action) withCodeAnywhere.push({ versionId: v.id, processId: v.processId, processKey: v.process.key, status: v.status, initial: startActions(model).some((a) => a.code === code) });
  }
  if (withCodeAnywhere.length === 0) return { status: 404, message: `no published process has an action with code "${code}"`, body: {} };
  const withCode = processes === null ? withCodeAnywhere : withCodeAnywhere.filter((w) => processes.includes(w.processKey));
  if (withCode.length === 0) return { status: 403, code: "OUT_OF_SCOPE", message: `this API key may not signal "${code}": no process in its scope has that action`, body: {} };
  const entries = Object.entries(identifiers).map(([name, value]) => ({ name, value: String(value) }));
  const instances = entries.length
    ? await rt.db.prisma.instance.findMany({
        where: { versionId: { in: withCode.map((w) => w.versionId) }, status: { in: ["running", "locked"] }, AND: entries.map((e) => ({ identifiers: { some: { name: e.name, value: e.value } } })) },
        select: { id: true, processId: true },
        take: 100,
      })
    : [];
  const event: EngineEvent = { type: "signal", code, identifiers: identifiers as Record<string, Json>, ...(payload !== undefined ? { payload: payload as Json } : {}), ...(messageId ? { messageId } : {}) };
  const delivered: { instanceId: string; accepted: boolean; rejection?: unknown }[] = [];
  for (const i of instances) {
    const o = await stepInstance(rt, i.id, event, { actor: `signal:${code}` });
    delivered.push(o.ok ? { instanceId: i.id, accepted: true } : { instanceId: i.id, accepted: false, rejection: o.rejection });
  }
  // One service can take part in several processes (seed 004): every process with this code as a
  // start action and no matching running instance starts one.
  const matchedProcesses = new Set(instances.map((i) => i.processId));
  const starters = withCode.filter((w) => w.initial && w.status === "published" && !matchedProcesses.has(w.processId));
  const started: string[] = [];
  for (const starter of starters) {
    const process = await rt.db.prisma.process.findUniqueOrThrow({ where: { id: starter.processId }, select: { key: true } });
    const businessKey = entries.length ? entries.map((e) => e.value).join(":") : undefined;
    const state = await startInstance(rt, { processKey: process.key, ...(businessKey ? { businessKey } : {}), variables: { ...identifiers }, actor: `signal:${code}` }, randomUUID());
    started.push(state.instanceId);
    const o = await stepInstance(rt, state.instanceId, event, { actor: `signal:${code}` });
    delivered.push(o.ok ? { instanceId: state.instanceId, accepted: true } : { instanceId: state.instanceId, accepted: false, rejection: o.rejection });
  }
  if (delivered.length === 0) return { status: 404, message: `no running instance matches ${JSON.stringify(identifiers)} for "${code}"`, body: {} };
  const anyAccepted = delivered.some((d) => d.accepted);
  return {
    status: anyAccepted ? 200 : 409,
    message: anyAccepted ? undefined : `the signal was refused by every matching instance`,
    // `started` names the first started instance (the common case of one process); `startedAll` lists them all.
    body: { delivered, ...(started.length ? { started: started[0], startedAll: started } : {}) },
  };
}
