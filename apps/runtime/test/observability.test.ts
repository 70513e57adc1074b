import { randomBytes, randomUUID } from "node:crypto";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { buildModel, httpCallAction } from "./support/models.ts";
import { fetchJson } from "./support/http.ts";
import { eventually } from "./support/eventually.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { createServer } from "../src/server/createServer.ts";
import { Tracing } from "../src/observability/tracing.ts";
import { createUser } from "../src/auth/userAccounts.ts";
import { signIn } from "./support/signIn.ts";
import { ancestorsOf, attributeOf, startOtlpReceiver } from "./support/otlpReceiver.ts";
import type { OtlpSpan } from "./support/otlpReceiver.ts";

// /metrics (Prometheus text, metrics-scoped keys) and OpenTelemetry traces (OTLP/HTTP JSON to an
// in-test receiver) of a real runtime: real HTTP, real PostgreSQL, a real worker and dispatcher.

const metricsKey = "metrics-scope-key-0001";
const signalsKey = "signals-scope-key-0001";

/** A model of two automatic steps: `call` (the http handler to `url`), then `tag` (setVariables). */
const chain = (key: string, url: string) =>
  buildModel({
    key,
    nodes: [
      httpCallAction("call", url),
      { id: "tag", kind: "action", mode: "automatic", handler: "setVariables", input: { tagged: "true" } },
      { id: "end", kind: "finalizer", outcome: "succeeded" },
    ],
    lines: [
      { from: "call", to: "tag" },
      { from: "tag", to: "end" },
    ],
  });

/** The value of one sample of the Prometheus text (`name{labels} value`); 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries(
      [...(m[2] ?? "").matchAll(/([a-z_]+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return 0;
}

/** The HTTP requests a scrape counted with these labels (`route` template, `method`, `status` class). */
const requests = (text: string, labels: { route: string; method: string; status: string }) =>
  sample(text, "flowstate_http_request_duration_seconds_count", labels);

describe("observability: /metrics and traces", () => {
  let t: TestContext;
  let app: FastifyInstance;
  let base: string;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let target: string;
  let tracing: Tracing;
  const spans = () => receiver.spans;
  const received = () => receiver.received;
  const log = new PassThrough();
  const logLines: string[] = [];
  log.on("data", (d: Buffer) => logLines.push(...d.toString().split("\n").filter(Boolean)));

  const scrape = (key: string | null = metricsKey) =>
    fetch(`${base}/metrics`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  const startInstance = async (processKey: string, headers: Record<string, string> = {}) => {
    const res = await fetchJson(`${base}/trpc/instance.start`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ processKey }),
    });
    expect(res.status).toBe(200);
    return res.body.result.data.instanceId as string;
  };
  const settled = (id: string) =>
    eventually(
      () =>
        t.db.prisma.instance.findUniqueOrThrow({
          where: { id },
          select: { status: true, hasIncident: true },
        }),
      (i) => i.status !== "running" || i.hasIncident,
    );

  beforeAll(async () => {
    receiver = await startOtlpReceiver((path) => (path === "/refuse" ? 400 : 200));
    target = receiver.url;
    tracing = Tracing.otlp(target, "flowstate-test");
    t = await createTestContext("observability", new Date(), {
      worker: true,
      workerOptions: { pollMs: 30 },
      webhookPollMs: 30,
      httpAllowPrivate: true,
      webhookAllowPrivate: true,
      metrics: true,
      tracing,
    });
    await publishModel(t.ctx, chain("traced", `${target}/call`));
    await publishModel(t.ctx, chain("refused", `${target}/refuse`));
    await t.caller.webhook.create({
      url: `${target}/hook`,
      events: ["instance.completed"],
      processKey: "traced",
    });
    app = await createServer({
      context: t.ctx,
      apiKeys: [`${metricsKey}@metrics`, signalsKey],
      demoActor: { kind: "user", name: "demo", roles: ["admin"], groups: [] },
      logLevel: "info",
      logStream: log,
    });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
  });

  afterAll(async () => {
    await app?.close();
    await t?.close();
    await tracing?.shutdown();
    await receiver?.close();
  });

  it("refuses /metrics without a metrics-scoped key, in the one error shape", async () => {
    const none = await scrape(null);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String) } });
    const unknown = await scrape("no-such-key-000000001");
    expect(unknown.status).toBe(401);
    const signals = await scrape(signalsKey);
    expect(signals.status).toBe(403);
    expect(await signals.json()).toEqual({
      error: { code: "FORBIDDEN", message: "this API key has no metrics scope" },
    });
    // A modeler key: only one created with the metrics scope reads them.
    const withScope = await t.caller.apiKey.create({ name: "prometheus", metrics: true, processes: ["*"] });
    const without = await t.caller.apiKey.create({ name: "signals", signals: true, processes: ["*"] });
    expect((await scrape(withScope.key)).status).toBe(200);
    expect((await scrape(without.key)).status).toBe(403);
  });

  it("lets an admin's session read /metrics, not another role's", async () => {
    await createUser(t.db, { username: "ops-admin", password: "correct horse battery", roles: ["admin"] });
    await createUser(t.db, { username: "ops-viewer", password: "correct horse battery", roles: ["viewer"] });
    const admin = await signIn(base, "ops-admin", "correct horse battery");
    const viewer = await signIn(base, "ops-viewer", "correct horse battery");
    const asAdmin = await fetch(`${base}/metrics`, { headers: { cookie: admin.cookie } });
    expect(asAdmin.status).toBe(200);
    expect(await asAdmin.text()).toMatch(/^# TYPE flowstate_steps_total counter$/m);
    const asViewer = await fetch(`${base}/metrics`, { headers: { cookie: viewer.cookie } });
    expect(asViewer.status).toBe(403);
    expect(await asViewer.json()).toEqual({ error: { code: "FORBIDDEN", message: expect.any(String) } });
    const stale = await fetch(`${base}/metrics`, {
      headers: { cookie: `${admin.cookie.split("=")[0]}=forged` },
    });
    expect(stale.status).toBe(401);
  });

  it("counters and histograms move as a process runs; scrape-time gauges read the tables", async () => {
    const before = await (await scrape()).text();
    const id = await startInstance("traced");
    expect(await settled(id)).toEqual({ status: "completed", hasIncident: false });
    const failed = await startInstance("refused");
    expect((await settled(failed)).hasIncident).toBe(true);
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const after = await res.text();
    // start + call + tag (and the refused instance's start + failed call)
    expect(
      sample(after, "flowstate_steps_total") - sample(before, "flowstate_steps_total"),
    ).toBeGreaterThanOrEqual(5);
    expect(
      sample(after, "flowstate_step_duration_seconds_count") -
        sample(before, "flowstate_step_duration_seconds_count"),
    ).toBeGreaterThanOrEqual(5);
    const lag = (text: string, handler: string) =>
      sample(text, "flowstate_job_lag_seconds_count", { handler });
    expect(lag(after, "http") - lag(before, "http")).toBeGreaterThanOrEqual(2);
    expect(lag(after, "setVariables") - lag(before, "setVariables")).toBeGreaterThanOrEqual(1);
    const starts = (text: string) => requests(text, { route: "/trpc/:path", method: "POST", status: "2xx" });
    expect(starts(after) - starts(before)).toBe(2);
    expect(sample(after, "flowstate_incidents_open") - sample(before, "flowstate_incidents_open")).toBe(1);
    expect(after).toMatch(/^flowstate_timers_due \d+$/m);
    expect(after).toMatch(/^flowstate_db_pool_connections\{state="total"\} [1-9]\d*$/m);
  });

  it("reads the queue's depth per handler and job kind at scrape time", async () => {
    const depth = (text: string, handler: string) => sample(text, "flowstate_queue_depth", { handler });
    const before = await (await scrape()).text();
    expect(before).toMatch(/^flowstate_queue_depth\{handler="timer"\} \d+$/m);
    // A job due in an hour waits in the queue: counted, and not due (no lag yet).
    const waiting = await t.db.prisma.job.create({
      data: {
        kind: "handler",
        instanceId: randomUUID(),
        handler: "http",
        runAt: new Date(Date.now() + 3600_000),
        idempotencyKey: `metrics-probe-${randomUUID()}`,
      },
    });
    try {
      const after = await (await scrape()).text();
      expect(depth(after, "http") - depth(before, "http")).toBe(1);
      expect(sample(after, "flowstate_queue_oldest_due_seconds", { handler: "http" })).toBe(0);
    } finally {
      await t.db.prisma.job.delete({ where: { id: waiting.id } });
    }
  });

  it("gives a path no route matches no label of its own", async () => {
    const hostile = `zz-${randomBytes(8).toString("hex")}`;
    const before = await (await scrape()).text();
    const res = await fetch(`${base}/${hostile}/${"x".repeat(50)}?q=${hostile}`);
    expect(res.status).toBe(404);
    const after = await (await scrape()).text();
    expect(after).not.toContain(hostile);
    const unmatched = (text: string) => requests(text, { route: "unmatched", method: "GET", status: "4xx" });
    expect(unmatched(after) - unmatched(before)).toBe(1);
  });

  it("exports one trace from the caller's traceparent: start → steps → http handler call → webhook delivery", async () => {
    const traceId = randomBytes(16).toString("hex");
    const callerSpan = randomBytes(8).toString("hex");
    const id = await startInstance("traced", { traceparent: `00-${traceId}-${callerSpan}-01` });
    expect((await settled(id)).status).toBe("completed");
    const hook = await eventually(
      async () => received().find((r) => r.path === "/hook" && r.body.includes(id)),
      (r) => r !== undefined,
    );
    const call = received().find(
      (r) => r.path === "/call" && r.headers["idempotency-key"]?.toString().startsWith(id),
    )!;
    expect(call).toBeDefined();
    await tracing.flush();
    const mine = await eventually(
      async () => spans().filter((s) => s.traceId === traceId),
      (list) => list.some((s) => s.name === "webhook instance.completed"),
    );
    const byId = new Map(mine.map((s) => [s.spanId, s]));
    const named = (name: string) => mine.filter((s) => s.name === name);
    // The HTTP request's span is the caller's child: the root of everything that followed.
    const [server] = named("POST /trpc/:path");
    expect(server?.parentSpanId).toBe(callerSpan);
    // Every span hangs on the tree under it: parent-child linked, nothing detached.
    const ancestors = (s: OtlpSpan) => ancestorsOf(s, mine);
    for (const s of mine) if (s !== server) expect(ancestors(s)).toContain(server!.spanId);
    const [handlerSpan] = named("handler http");
    expect(handlerSpan).toBeDefined();
    expect(named("job setVariables")).toHaveLength(1);
    expect(named("step").length).toBeGreaterThanOrEqual(3);
    // The http handler's request and the webhook's POST carry their spans as the callees' parents.
    expect(call.headers.traceparent).toBe(`00-${traceId}-${handlerSpan!.spanId}-01`);
    const [delivery] = named("webhook instance.completed");
    expect(hook!.headers.traceparent).toBe(`00-${traceId}-${delivery!.spanId}-01`);
    // The delivery follows the step that completed the instance, which follows the setVariables job.
    const deliveryChain = ancestors(delivery!).map((p) => byId.get(p)!.name);
    expect(deliveryChain.slice(0, 2)).toEqual(["step", "job setVariables"]);
    expect(deliveryChain).toContain("job http");
  });

  it("keeps each instance's trace its own when the worker writes their steps in one group", async () => {
    // Many instances at once: their results reach the worker together and share step statements.
    const instanceOfTrace = new Map<string, string>();
    await Promise.all(
      Array.from({ length: 24 }, async () => {
        const traceId = randomBytes(16).toString("hex");
        const id = await startInstance("traced", {
          traceparent: `00-${traceId}-${randomBytes(8).toString("hex")}-01`,
        });
        instanceOfTrace.set(traceId, id);
      }),
    );
    for (const id of instanceOfTrace.values()) expect((await settled(id)).status).toBe("completed");
    await tracing.flush();
    const mine = await eventually(
      async () => spans().filter((s) => instanceOfTrace.has(s.traceId)),
      (list) => new Set(list.filter((s) => s.name === "job setVariables").map((s) => s.traceId)).size === 24,
    );
    const steps = mine.filter((s) => s.name === "step");
    expect(steps.some((s) => Number(attributeOf(s, "flowstate.group_size")) > 1)).toBe(true);
    // Every step span, grouped or not, sits in the trace of the instance it stepped, under that
    // trace's root: nothing of one instance's trace ends up in another's.
    for (const s of steps) {
      const instance = attributeOf(s, "flowstate.instance_id");
      if (instance !== undefined) expect(instance).toBe(instanceOfTrace.get(s.traceId));
    }
    for (const s of mine.filter((s) => s.name.startsWith("job "))) {
      const parent = mine.find((p) => p.spanId === s.parentSpanId);
      expect(parent?.traceId).toBe(s.traceId);
    }
  });

  it("logs JSON lines with the request id and the trace id", async () => {
    const traceId = randomBytes(16).toString("hex");
    const requestTrace = `00-${traceId}-${randomBytes(8).toString("hex")}-01`;
    const res = await fetch(`${base}/api/health`, { headers: { traceparent: requestTrace } });
    expect(res.status).toBe(200);
    const line = await eventually(
      async () =>
        logLines
          .map((l) => JSON.parse(l) as { msg?: string; reqId?: string; traceId?: string })
          .find((l) => l.msg === "request completed" && l.traceId === traceId),
      (l) => l !== undefined,
    );
    expect(line!.reqId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
