import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  PLAY_START,
  nextDueTime,
  parseScenarioFile,
  playStep,
  scenarioSamples,
  startPlay,
  unlockedActions,
} from "@flowstate/engine";
import type {
  HistoryEntry,
  InstanceState,
  Json,
  JsonObject,
  PlayFrame,
  ScenarioStep,
} from "@flowstate/engine";
import { fixtures } from "@flowstate/model/fixtures";
import type { ProcessModel } from "@flowstate/model";
import type { FixtureName } from "@flowstate/model/fixtures";
import documentVoiding from "../../../processes/document-voiding.scenarios.json";
import loginSession from "../../../processes/login-session.scenarios.json";
import salesCase from "../../../processes/sales-case.scenarios.json";
import signupSaga from "../../../processes/signup-saga.scenarios.json";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { RemoteJobs } from "../src/remote/RemoteJobs.ts";
import { eventually } from "./support/eventually.ts";
import { historyRecords } from "./support/historyRecords.ts";

// Play and the runtime agree (issue 23): random event sequences on each seed fixture, taken by the
// play engine in memory and by the runtime on PostgreSQL (perform through the router, automatic
// actions completed or failed by a remote worker, timers fired by the worker on a manual clock),
// must leave the same instance state and the same history records after every event.
// `FLOWSTATE_PROPERTY_SEED` / `FLOWSTATE_PROPERTY_RUNS` replay or widen the search.
const seed = Number(process.env.FLOWSTATE_PROPERTY_SEED ?? 23_023);
const numRuns = Number(process.env.FLOWSTATE_PROPERTY_RUNS ?? 8);
const maxEvents = 12;

const scenarioFiles: Record<FixtureName, unknown> = {
  "sales-case": salesCase,
  "document-voiding": documentVoiding,
  "login-session": loginSession,
  "signup-saga": signupSaga,
};

/** Built-in handlers run by the runtime's worker (play completes them at once, as the worker does). */
const BUILTINS = new Set(["setVariables", "noop"]);

/**
 * The fixture with every other handler renamed to a remote one, so that its jobs wait for the
 * test as play's automatic actions wait for a `complete` step (the runtime's in-process `http`
 * handler would otherwise call out on its own).
 */
function withRemoteHandlers(model: ProcessModel): { model: ProcessModel; remote: string[] } {
  const remote = new Set<string>();
  const nodes = model.nodes.map((n) => {
    if (n.kind !== "action" || n.mode !== "automatic" || n.handler === undefined || BUILTINS.has(n.handler))
      return n;
    const handler = n.handler === "http" ? "http.stub" : n.handler;
    remote.add(handler);
    return { ...n, handler };
  });
  return { model: { ...model, nodes } as ProcessModel, remote: [...remote] };
}

/** Drops what legitimately differs: who acted (play's `player` vs the test's caller), the instance id, the version number. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "actor" || k === "instanceId" || k === "version" || k === "modelVersion") continue;
      out[k] = normalise(v);
    }
    return out;
  }
  return value;
}

const isJsonObject = (v: Json): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);

/** The events an analyst (or a worker, or time) can cause in this play frame, with the fixture's sample data. */
function choices(
  model: ProcessModel,
  frame: PlayFrame,
  samples: ReturnType<typeof scenarioSamples>,
): ScenarioStep[] {
  const { state } = frame;
  if (state.status !== "running") return [];
  const nodes = new Map(model.nodes.map((n) => [n.id, n]));
  const out: ScenarioStep[] = [];
  for (const u of unlockedActions(model, state)) {
    const node = nodes.get(u.nodeId);
    if (node?.kind !== "action" || node.mode !== "manual") continue;
    for (const input of samples.inputs[u.nodeId] ?? [{}]) out.push({ perform: u.nodeId, input });
  }
  for (const o of Object.values(state.occurrences)) {
    const node = nodes.get(o.nodeId);
    if (o.status !== "running" || node?.kind !== "action" || node.mode !== "automatic") continue;
    // Completions weigh three times a failure, so that runs go deep into the process.
    for (const output of samples.outputs[o.nodeId] ?? [{}])
      if (isJsonObject(output)) for (let i = 0; i < 3; i++) out.push({ complete: o.nodeId, output });
    out.push({ fail: o.nodeId, error: { message: "down" }, final: true });
    out.push({ fail: o.nodeId, error: { message: "flaky" } });
  }
  if (nextDueTime(state) !== undefined) out.push({ clock: "next" });
  return out;
}

describe("play and the runtime agree on random event sequences over the seed fixtures", () => {
  let t: TestContext;
  let jobs: RemoteJobs;
  const prepared = new Map<
    FixtureName,
    { model: ProcessModel; samples: ReturnType<typeof scenarioSamples> }
  >();
  /** Remote jobs leased by this test, by `instanceId:occurrenceId:attempt`. */
  const leased = new Map<string, { id: string; lockToken: string }>();
  let runCount = 0;
  /** Events taken by both sides, per kind (the test is not vacuous: see the last case). */
  const taken: Record<string, number> = { perform: 0, complete: 0, fail: 0, clock: 0, refused: 0 };

  beforeAll(async () => {
    const all = Object.values(fixtures).flatMap((m) => withRemoteHandlers(m).remote);
    t = await createTestContext("play-agreement", new Date(PLAY_START), {
      worker: true,
      workerOptions: { pollMs: 20 },
      remoteHandlers: [...new Set(all)],
    });
    jobs = new RemoteJobs(t.runtime.rt);
    for (const name of Object.keys(fixtures) as FixtureName[]) {
      const { model } = withRemoteHandlers(fixtures[name]);
      await publishModel(t.ctx, model);
      const file = parseScenarioFile(scenarioFiles[name]);
      if (!file.ok) throw new Error(`${name}.scenarios.json: ${JSON.stringify(file.problems)}`);
      prepared.set(name, { model, samples: scenarioSamples(file.file) });
    }
  });
  afterAll(async () => t?.close());

  const readState = async (id: string) =>
    (await t.db.prisma.instance.findUniqueOrThrow({ where: { id }, select: { state: true } }))
      .state as unknown as InstanceState;

  /** The runtime is at rest: no job of this instance that this process runs is due now. */
  const settled = (id: string) =>
    eventually(
      async () => {
        const rows = await t.db.prisma.job.findMany({
          where: { instanceId: id, runAt: { lte: t.clock.now() } },
          select: { kind: true, handler: true },
        });
        // Compensation handlers are not run by play (docs/play.md): their jobs are left alone.
        return rows.filter(
          (j) =>
            j.kind !== "compensation" &&
            (j.kind !== "handler" || !t.runtime.rt.remoteHandlers.has(j.handler ?? "")),
        );
      },
      (due) => due.length === 0,
    );

  /** Leases every due remote job (for as long as the test runs) and returns the one of this occurrence. */
  async function remoteJob(instanceId: string, occurrenceId: string, attempt: number) {
    for (const job of await jobs.fetchAndLock({
      workerId: "play-agreement",
      handlers: [...t.runtime.rt.remoteHandlers],
      maxJobs: 100,
      lockDurationMs: 10 * 365 * 24 * 3600_000,
      waitMs: 0,
    }))
      leased.set(`${job.instanceId}:${job.occurrenceId}:${job.attempt}`, job);
    const job = leased.get(`${instanceId}:${occurrenceId}:${attempt}`);
    if (!job) throw new Error(`no remote job for ${occurrenceId} attempt ${attempt} of ${instanceId}`);
    return job;
  }

  /** Takes one play step through the runtime; true when the runtime accepted it. */
  async function runtimeStep(instanceId: string, before: InstanceState, s: ScenarioStep): Promise<boolean> {
    const scope = { mayHandler: () => true, processes: null };
    if ("perform" in s) {
      return t.caller.instance.perform({ instanceId, actionId: s.perform, input: s.input as Json }).then(
        () => true,
        () => false,
      );
    }
    if ("complete" in s || "fail" in s) {
      const nodeId = "complete" in s ? s.complete : s.fail;
      const o = Object.values(before.occurrences).find((x) => x.nodeId === nodeId && x.status === "running")!;
      const job = await remoteJob(instanceId, o.id, o.attempt);
      const result =
        "complete" in s
          ? await jobs.complete(BigInt(job.id), job.lockToken, s.output as JsonObject, scope)
          : await jobs.fail(
              BigInt(job.id),
              { lockToken: job.lockToken, error: s.error ?? null, ...(s.final ? { retriesLeft: 0 } : {}) },
              scope,
            );
      return result.ok;
    }
    if ("clock" in s) {
      t.clock.set(new Date(nextDueTime(before)!));
      t.runtime.rt.wake();
      return true;
    }
    throw new Error(`not generated: ${JSON.stringify(s)}`);
  }

  async function agree(name: FixtureName, picks: number[]): Promise<void> {
    const { model, samples } = prepared.get(name)!;
    t.clock.set(new Date(PLAY_START));
    const businessKey = `agree-${name}-${++runCount}`;
    const started = startPlay(model, { businessKey });
    if (!started.ok) throw new Error(started.problem.message);
    let frame = started.frame;
    let playHistory: HistoryEntry[] = started.records.flatMap((r) => r.history);
    const { instanceId } = await t.caller.instance.start({ processKey: model.key, businessKey });
    await settled(instanceId);
    const trail: string[] = ["start"];
    const compare = async () => {
      const state = await readState(instanceId);
      const stored = await historyRecords(t.db, { instanceIds: [instanceId] });
      const where = `${name}: after ${trail.join(" → ")}`;
      expect(normalise({ ...state, businessKey: "" }), where).toEqual(
        normalise({ ...frame.state, businessKey: "" }),
      );
      expect(
        normalise(stored.map((r) => ({ seq: r.seq, type: r.type, data: r.data }))),
        `${where}: history`,
      ).toEqual(normalise(playHistory.map((h) => ({ seq: h.seq, type: h.type, data: h.data }))));
    };
    await compare();
    for (const pick of picks.slice(0, maxEvents)) {
      const options = choices(model, frame, samples);
      if (options.length === 0) break;
      const s = options[pick % options.length]!;
      trail.push(JSON.stringify(s));
      const before = await readState(instanceId);
      const played = playStep(model, frame, s);
      const accepted = await runtimeStep(instanceId, before, s);
      expect(accepted, `${name}: play ${played.ok ? "accepted" : "refused"} ${JSON.stringify(s)}`).toBe(
        played.ok,
      );
      const kind = Object.keys(s).find((k) => k in taken)!;
      taken[played.ok ? kind : "refused"]!++;
      if (played.ok) {
        frame = played.frame;
        playHistory = [...playHistory, ...played.records.flatMap((r) => r.history)];
      }
      await settled(instanceId);
      await compare();
    }
  }

  it.each(Object.keys(fixtures) as FixtureName[])(
    "%s: same state and history after every event",
    async (name) => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat(1000), { minLength: 4, maxLength: maxEvents }), (picks) =>
          agree(name, picks),
        ),
        { seed, numRuns, endOnFailure: true },
      );
    },
    120_000,
  );

  it("took every kind of event on the way", () => {
    console.log(`play agreement: ${runCount} runs, events ${JSON.stringify(taken)}`);
    for (const kind of ["perform", "complete", "fail", "clock"]) expect(taken[kind], kind).toBeGreaterThan(0);
  });
});
