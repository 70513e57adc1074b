import net from "node:net";
import fc from "fast-check";
import pg from "pg";
import { openDatabase } from "../../../src/db/openDatabase.ts";
import { systemClock } from "../../../src/clock.ts";
import { createRuntime } from "../../../src/createRuntime.ts";
import { createInnerContext } from "../../../src/trpc/context.ts";
import { appRouter } from "../../../src/trpc/appRouter.ts";
import { createCallerFactory } from "../../../src/trpc/trpc.ts";
import { createServer } from "../../../src/server/createServer.ts";
import { createUser } from "../../../src/auth/userAccounts.ts";
import { publishModel } from "../../../src/versions/versionService.ts";
import { roles } from "../../../src/auth/permissions.ts";
import type { Actor } from "../../../src/auth/Actor.ts";
import { freshDatabaseUrl } from "../postgres.ts";
import { startRuntime } from "../startRuntime.ts";
import type { RunningRuntime } from "../startRuntime.ts";
import { signIn } from "../signIn.ts";
import { buildModel, oneAction, signalAction } from "../models.ts";
import { buildRequest, caseArbitrary, classFor, payloadClasses } from "./payloads.ts";
import type { FuzzRequest, PayloadClass } from "./payloads.ts";
import type { SeedPool } from "./schemaInputs.ts";
import {
  collectTargets,
  errorShape,
  expectedAuditRows,
  expectedAuditRowsOfSuccess,
  routedTarget,
  unguardedAnswer,
} from "./targets.ts";
import type { Target } from "./targets.ts";

const createCaller = createCallerFactory(appRouter);
const password = "fuzz-password-for-every-role";
const configuredKey = "fuzz-configured-api-key-0001";

/** Who sends a request: a session of each role, an API key (configured, or created in the modeler), or nobody. */
export interface Caller {
  name: string;
  headers: Record<string, string>;
}

const orderModel = (key: string) =>
  buildModel({
    key,
    nodes: [
      signalAction("placed", "order.placed", "orderId"),
      { id: "review", kind: "action", mode: "manual", code: "order.review", role: "clerk" },
      { id: "end", kind: "finalizer", outcome: "succeeded" },
    ],
    lines: [
      { from: "placed", to: "review" },
      { from: "review", to: "end" },
    ],
  });

const remoteModel = oneAction("fuzz-remote", {
  id: "work",
  mode: "automatic",
  handler: "remote.work",
  output: { result: "result" },
});

export interface FuzzServer {
  runtime: RunningRuntime;
  base: URL;
  targets: Target[];
  callers: Caller[];
  pool: SeedPool;
  /** Instances that wait for a person: their `seq` must not move on a refusal. */
  liveInstances: string[];
  snapshot(): Promise<Snapshot>;
  /** Audit records written since a snapshot's newest one. */
  auditSince(after: string): Promise<AuditDelta>;
  signInAgain(caller: Caller): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real runtime (`src/main.ts` as a child process) on a fresh PostgreSQL database, seeded with
 * processes, published versions, waiting instances, a remote job, users of every role and API keys.
 * No worker runs in it (`FLOWSTATE_WORKER=false`): nothing changes the database but the requests,
 * so a refused request's "nothing changed" is exact.
 */
export async function startFuzzServer(): Promise<FuzzServer> {
  const fresh = await freshDatabaseUrl("fuzz");
  const db = await openDatabase({ kind: "postgres", url: fresh.url });
  const runtime0 = await createRuntime({
    db,
    clock: systemClock,
    publicUrl: "http://127.0.0.1:9",
    worker: false,
    remoteHandlers: ["remote.work"],
  });
  const ctx = createInnerContext({ db, clock: systemClock, appVersion: "fuzz", rt: runtime0.rt });
  const routes = new Set<string>();
  let seeded: { pool: SeedPool; liveInstances: string[] };
  try {
    // Fastify's own route table, registered exactly as the runtime does (no OIDC here or there).
    const app = await createServer({
      context: ctx,
      onRoute: ({ method, url }) => {
        for (const m of [method].flat()) if (m !== "HEAD") routes.add(`${m} ${url}`);
      },
    });
    await app.ready();
    await app.close();
    seeded = await seed(ctx);
  } finally {
    await runtime0.stop();
    await db.close();
  }

  // A loaded machine may boot it slower than startRuntime waits: up to three tries; one that never
  // starts leaves no database behind.
  const start = (tries: number): Promise<RunningRuntime> =>
    startRuntime(runtimeEnv).catch((error: unknown) =>
      tries > 1 ? start(tries - 1) : Promise.reject(error),
    );
  const runtimeEnv = {
    DATABASE_URL: fresh.url,
    FLOWSTATE_DEMO: "false",
    FLOWSTATE_DEMO_LOGIN: "false",
    FLOWSTATE_WORKER: "false",
    FLOWSTATE_SECRET: "fuzz-secret-0123456789abcdef0123456789",
    FLOWSTATE_API_KEYS: `${configuredKey}@signals+handler:*`,
    FLOWSTATE_REMOTE_HANDLERS: "remote.work",
    FLOWSTATE_RATE_LIMIT_LOGIN: "100000",
    FLOWSTATE_RATE_LIMIT_API: "1000000",
    FLOWSTATE_LOG_LEVEL: "error",
  };
  const runtime = await start(3).catch(async (error: unknown) => {
    await fresh.drop();
    throw error;
  });
  const base = new URL(runtime.url);
  const callers: Caller[] = [{ name: "anonymous", headers: {} }];
  for (const role of roles)
    callers.push({
      name: role,
      headers: { cookie: (await signIn(runtime.url, `fuzz-${role}`, password)).cookie },
    });
  callers.push({ name: "api-key", headers: { authorization: `Bearer ${configuredKey}` } });
  callers.push({
    name: "db-api-key",
    headers: { authorization: `Bearer ${seeded.pool.strings.find((s) => s.startsWith("fsk_"))!}` },
  });

  const client = new pg.Client({ connectionString: fresh.url });
  await client.connect();
  const targets = collectTargets([...routes]);
  return {
    runtime,
    base,
    targets,
    callers,
    pool: seeded.pool,
    liveInstances: seeded.liveInstances,
    snapshot: () => takeSnapshot(client, seeded.liveInstances),
    auditSince: (after) => auditSince(client, after),
    async signInAgain(caller) {
      if (caller.headers.cookie && (roles as readonly string[]).includes(caller.name))
        caller.headers.cookie = (await signIn(runtime.url, `fuzz-${caller.name}`, password)).cookie;
    },
    async close() {
      await client.end();
      await runtime.stop();
      await fresh.drop();
    },
  };
}

async function seed(
  ctx: ReturnType<typeof createInnerContext>,
): Promise<{ pool: SeedPool; liveInstances: string[] }> {
  const adminUser = await createUser(ctx.db, { username: "fuzz-admin", password, roles: ["admin"] });
  for (const role of roles)
    if (role !== "admin")
      await createUser(ctx.db, {
        username: `fuzz-${role}`,
        password,
        roles: [role],
        groups: role === "worker" ? ["clerk"] : [],
      });
  // A user the fuzzer may disable or reset (never one of the callers).
  const victim = await createUser(ctx.db, { username: "fuzz-victim", password, roles: ["viewer"] });
  const admin: Actor = { kind: "user", id: adminUser.id, name: "fuzz-admin", roles: ["admin"], groups: [] };
  const caller = createCaller({ ...ctx, actor: admin });
  const uuids: string[] = [adminUser.id === victim.id ? "" : victim.id];
  const processKeys = ["fuzz-a", "fuzz-b", "fuzz-remote"];
  const a = orderModel("fuzz-a");
  for (const model of [a, orderModel("fuzz-b"), remoteModel]) await publishModel(ctx, model);
  const versions = await ctx.db.prisma.version.findMany({ select: { id: true, processId: true } });
  const fromVersionId = (
    await ctx.db.prisma.version.findFirstOrThrow({
      where: { process: { key: "fuzz-a" } },
      select: { id: true },
    })
  ).id;
  const draft = await caller.version.createDraft({ processKey: "fuzz-a", fromVersionId });
  uuids.push(...versions.map((v) => v.id), ...new Set(versions.map((v) => v.processId)), draft.versionId);
  const liveInstances: string[] = [];
  for (const [processKey, businessKey] of [
    ["fuzz-a", "A-1"],
    ["fuzz-a", "A-2"],
    ["fuzz-b", "B-1"],
    ["fuzz-remote", "R-1"],
  ] as const) {
    const started = await caller.instance.start({
      processKey,
      businessKey,
      variables: { orderId: businessKey },
    });
    liveInstances.push(started.instanceId);
  }
  uuids.push(...liveInstances);
  const key = await caller.apiKey.create({
    name: "fuzz-db-key",
    signals: true,
    handlers: ["*"],
    processes: ["fuzz-a", "fuzz-remote"],
  });
  const victimKey = await caller.apiKey.create({
    name: "fuzz-victim-key",
    signals: true,
    processes: ["fuzz-b"],
  });
  uuids.push(victimKey.id);
  const jobs = await ctx.db.prisma.job.findMany({ select: { id: true } });
  return {
    pool: {
      uuids: uuids.filter(Boolean),
      processKeys,
      strings: [
        "order.placed",
        "order.review",
        "fuzz-victim",
        "remote.work",
        "clerk",
        key.key,
        ...jobs.map((j) => String(j.id)),
      ],
      anything: [JSON.parse(JSON.stringify(a)) as unknown, { orderId: "A-1" }],
    },
    liveInstances,
  };
}

/** Counts of every table a request could change, the guarded fields of the rows that matter, and the newest audit id. */
export interface Snapshot {
  state: Record<string, string>;
  auditMax: string;
}

const countedTables = [
  "process",
  "version",
  "instance",
  "state_instance",
  "occurrence",
  "firing",
  "history_event",
  "job",
  "incident",
  "identifier",
  "used_task_token",
  "signal_message",
  "migration_run",
  "migration_item",
  "schedule_tick",
  "webhook",
  "webhook_delivery",
  "app_user",
  "user_session",
  "oidc_login_flow",
  "api_key",
  "setting",
];

async function takeSnapshot(client: pg.Client, live: string[]): Promise<Snapshot> {
  const counts = countedTables.map((t) => `(SELECT count(*) FROM "${t}")::text AS "${t}"`).join(", ");
  const digests = [
    `(SELECT md5(coalesce(string_agg(id || ':' || seq || ':' || status, ',' ORDER BY id), '')) FROM instance) AS instance_rows`,
    `(SELECT md5(coalesce(string_agg(id || ':' || status || ':' || updated_at, ',' ORDER BY id), '')) FROM version) AS version_rows`,
    `(SELECT md5(coalesce(string_agg(id || ':' || disabled || ':' || coalesce(password_hash, '') || ':' || array_to_string(roles, '+'), ',' ORDER BY id), '')) FROM app_user) AS user_rows`,
    `(SELECT md5(coalesce(string_agg(id || ':' || coalesce(revoked_at::text, '') || ':' || coalesce(expires_at::text, ''), ',' ORDER BY id), '')) FROM api_key) AS api_key_rows`,
    `(SELECT md5(coalesce(string_agg(id || ':' || coalesce(revoked_at::text, ''), ',' ORDER BY id), '')) FROM user_session) AS session_rows`,
    `(SELECT md5(coalesce(string_agg(id || ':' || coalesce(locked_by, '') || ':' || coalesce(locked_until::text, ''), ',' ORDER BY id), '')) FROM job) AS job_rows`,
    `(SELECT coalesce(string_agg(id || '@' || seq, ',' ORDER BY id), '') FROM instance WHERE id = ANY($1::uuid[])) AS live_seqs`,
  ].join(", ");
  const { rows } = await client.query<Record<string, string>>(
    `SELECT ${counts}, ${digests}, (SELECT coalesce(max(id), 0)::text FROM audit_event) AS audit_max`,
    [live],
  );
  const { audit_max: auditMax, ...state } = rows[0]!;
  return { state, auditMax: auditMax! };
}

/** Audit records written since `after` (and how many of them say `ok`). */
export interface AuditDelta {
  count: number;
  ok: number;
  actions: string[];
}

async function auditSince(client: pg.Client, after: string): Promise<AuditDelta> {
  const { rows } = await client.query<{ action: string; outcome: string }>(
    `SELECT action, outcome FROM audit_event WHERE id > $1::bigint ORDER BY id`,
    [after],
  );
  return {
    count: rows.length,
    ok: rows.filter((r) => r.outcome === "ok").length,
    actions: rows.map((r) => `${r.action}:${r.outcome}`),
  };
}

/** How long an accepted subscription's stream is watched for a refusal after `connected`. */
const subscriptionGraceMs = 1_000;

export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
}

/**
 * Sends one request byte for byte over a fresh socket (no URL normalisation, no client-side checks)
 * and reads the answer even when the server answers and closes before the whole body was written
 * (a 413 to a 10 MB body). A subscription's event stream is read up to its first event.
 */
export function sendRaw(
  base: URL,
  request: FuzzRequest,
  caller: Caller,
  timeoutMs = 30_000,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    // Keep-alive: a server that answers early (413) then reads and drops the rest of the body instead of resetting the connection.
    const headers: Record<string, string | number> = {
      host: base.host,
      ...caller.headers,
      ...request.headers,
    };
    if (request.body) headers["content-length"] = request.body.length;
    const head = `${request.method} ${request.path} HTTP/1.1\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join("\r\n")}\r\n\r\n`;
    const socket = net.connect({ host: base.hostname, port: Number(base.port) });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      const raw = Buffer.concat(chunks);
      const parsed = parseResponse(raw);
      if (parsed) {
        settled = true;
        socket.destroy();
        resolve(parsed);
      } else if (error) {
        settled = true;
        socket.destroy();
        reject(error);
      }
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`no answer in ${timeoutMs} ms`)));
    socket.on("connect", () => {
      socket.write(head);
      // The body in slices, and no more of it once the server has answered (a 413 before the rest of 10 MB).
      const body = request.body ?? Buffer.alloc(0);
      let at = 0;
      const writeMore = () => {
        while (at < body.length && chunks.length === 0 && !socket.destroyed) {
          const slice = body.subarray(at, at + 65_536);
          at += slice.length;
          if (!socket.write(slice)) return void socket.once("drain", writeMore);
        }
      };
      // Over the server's body limit the answer comes from the headers alone (413): wait for it like
      // an `Expect: 100-continue` client, so the server never closes on a body still arriving.
      if (body.length > 1024 * 1024) setTimeout(writeMore, 3_000);
      else writeMore();
    });
    let streamTimer: NodeJS.Timeout | undefined;
    socket.on("data", (d: Buffer) => {
      chunks.push(d);
      const parsed = parseResponse(Buffer.concat(chunks), false);
      if (!parsed?.contentType.startsWith("text/event-stream")) {
        if (parseResponse(Buffer.concat(chunks)) !== undefined) finish();
        return;
      }
      // A subscription answers 200 and `connected` at once; a refusal follows as a `serialized-error`
      // event (the tRPC error shape), an accepted subscription stays silent until something changes.
      const refused = /event: serialized-error\ndata: (.*)\n\n/.exec(parsed.text);
      if (refused) {
        clearTimeout(streamTimer);
        const error = JSON.parse(refused[1]!) as { data?: { httpStatus?: number } };
        settled = true;
        socket.destroy();
        resolve({
          status: error.data?.httpStatus ?? 0,
          contentType: parsed.contentType,
          text: JSON.stringify({ error }),
        });
      } else if (/event: connected\n/.test(parsed.text) && !streamTimer) {
        streamTimer = setTimeout(() => {
          settled = true;
          socket.destroy();
          resolve({ status: parsed.status, contentType: parsed.contentType, text: "" });
        }, subscriptionGraceMs);
      }
    });
    // A server that answered (413) may reset the connection while the body is still being written.
    socket.on("error", (error) => finish(error));
    socket.on("close", () => finish(new Error("connection closed without an answer")));
  });
}

/** Status, content type and body text of a raw HTTP/1.1 answer; undefined while incomplete (when `complete`). */
function parseResponse(raw: Buffer, complete = true): RawAnswer | undefined {
  const end = raw.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const headText = raw.subarray(0, end).toString("latin1");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(headText)?.[1] ?? 0);
  if (!status) return undefined;
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(headText)?.[1]?.trim() ?? "";
  let body = raw.subarray(end + 4);
  if (/chunked/i.test(header("transfer-encoding"))) {
    if (complete && !body.subarray(-5).equals(Buffer.from("0\r\n\r\n"))) return undefined;
    body = dechunk(body);
  } else if (complete && header("content-length") && body.length < Number(header("content-length")))
    return undefined;
  return { status, contentType: header("content-type"), text: body.subarray(0, 65_536).toString("utf8") };
}

function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const lineEnd = body.indexOf("\r\n", at);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(at, lineEnd).toString("latin1"), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(body.subarray(lineEnd + 2, Math.min(body.length, lineEnd + 2 + size)));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}

export interface Failure {
  index: number;
  target: string;
  caller: string;
  cls: PayloadClass;
  request: string;
  problem: string;
}

export interface FuzzResult {
  seed: number;
  sent: number;
  byStatusClass: Record<string, number>;
  byClass: Record<string, Record<string, number>>;
  byTarget: Record<string, Record<string, number>>;
  /** Milliseconds spent per payload class (request and checks). */
  msByClass: Record<string, number>;
  failures: Failure[];
  elapsedMs: number;
}

/**
 * Sends `runs` generated requests one after another (stopping early at `budgetMs`), cycling
 * through every target × caller; for each: no 5xx, a documented error shape for every 4xx, and
 * after every refusal no change but its audit record(s). Deterministic for a seed.
 */
export async function runFuzz(
  server: FuzzServer,
  options: { seed: number; runs: number; budgetMs: number; log?: (line: string) => void },
): Promise<FuzzResult> {
  const { targets, callers } = server;
  const started = Date.now();
  const perTarget = targets.map((t) =>
    fc.sample(caseArbitrary(t, server.pool), {
      seed: options.seed + hash(t.name),
      numRuns: Math.ceil(options.runs / targets.length) + 1,
    }),
  );
  const result: FuzzResult = {
    seed: options.seed,
    sent: 0,
    byStatusClass: {},
    byClass: {},
    byTarget: {},
    msByClass: {},
    failures: [],
    elapsedMs: 0,
  };
  const tally = (table: Record<string, Record<string, number>>, key: string, status: string) => {
    const row = (table[key] ??= {});
    row[status] = (row[status] ?? 0) + 1;
  };
  let before = await server.snapshot();
  for (let i = 0; i < options.runs; i++) {
    if (Date.now() - started > options.budgetMs) break;
    const target = targets[i % targets.length]!;
    const round = Math.floor(i / targets.length);
    const caller = callers[(round + i) % callers.length]!;
    const request = buildRequest(target, {
      ...perTarget[i % targets.length]![round]!,
      cls: classFor(target, i % targets.length, round),
    });
    const describe = `${request.method} ${request.path.length > 160 ? `${request.path.slice(0, 160)}…` : request.path} [${request.note}]${request.body ? ` body ${request.body.length} B: ${request.body.subarray(0, 120).toString("utf8")}` : ""}`;
    const t0 = Date.now();
    const fail = (problem: string) =>
      result.failures.push({
        index: i,
        target: target.name,
        caller: caller.name,
        cls: request.cls,
        request: describe,
        problem,
      });
    let answer: RawAnswer;
    try {
      answer = await sendRaw(server.base, request, caller);
    } catch (error) {
      fail(`no answer: ${(error as Error).message}`);
      if (server.runtime.child.exitCode !== null)
        throw new Error(
          `the runtime exited (${server.runtime.child.exitCode}) at request ${i}: ${describe}\n${server.runtime.output().slice(-3000)}`,
          { cause: error },
        );
      before = await server.snapshot();
      continue;
    }
    result.sent++;
    const statusClass = `${Math.floor(answer.status / 100)}xx`;
    result.byStatusClass[statusClass] = (result.byStatusClass[statusClass] ?? 0) + 1;
    tally(result.byClass, request.cls, statusClass);
    tally(result.byTarget, target.name, statusClass);
    let body: unknown;
    try {
      body = answer.text ? JSON.parse(answer.text) : undefined;
    } catch {
      body = undefined;
    }
    if (answer.status >= 500) fail(`${answer.status}: ${answer.text.slice(0, 300)}`);
    else if (answer.status >= 400 && errorShape(body) === undefined)
      fail(`${answer.status} not in a documented error shape: ${answer.text.slice(0, 300)}`);

    const after = await server.snapshot();
    const reached = routedTarget(request.method, request.path, targets);
    const unguarded = unguardedAnswer(caller.name, reached, answer.status);
    if (unguarded) fail(unguarded);
    if (answer.status >= 300 && answer.status < 500) {
      const changed = Object.keys(before.state).filter((k) => before.state[k] !== after.state[k]);
      if (changed.length)
        fail(
          `${answer.status} (refused) but changed: ${changed.map((k) => `${k} ${before.state[k]!.slice(0, 40)} → ${after.state[k]!.slice(0, 40)}`).join("; ")}`,
        );
      const want = expectedAuditRows(request.method, reached, { status: answer.status, body });
      const audit = await server.auditSince(before.auditMax);
      if (audit.count !== want || audit.ok > 0)
        fail(
          `${answer.status} ${answer.text.slice(0, 160)}: expected ${want} audit record(s) of a refusal, got ${audit.count} (${audit.actions.join(", ")})`,
        );
    } else if (answer.status < 300) {
      // Every change is audited exactly once (issue 18 D1), every read not at all.
      const want = expectedAuditRowsOfSuccess(request.method, reached, caller.headers.cookie !== undefined);
      const audit = await server.auditSince(before.auditMax);
      if (audit.count !== want || audit.ok !== want)
        fail(
          `${answer.status} (accepted): expected ${want} \`ok\` audit record(s), got ${audit.actions.join(", ") || "none"}`,
        );
    }
    // A sign-out (or a disabled account) ends a caller's session: sign in again so it keeps its role.
    if (target.name === "POST /api/auth/logout" && answer.status < 300 && caller.headers.cookie) {
      await server.signInAgain(caller);
      before = await server.snapshot();
    } else before = after;
    result.msByClass[request.cls] = (result.msByClass[request.cls] ?? 0) + Date.now() - t0;
    if (options.log && (i + 1) % 500 === 0)
      options.log(
        `fuzz: ${i + 1} requests, ${result.failures.length} failures, ${Math.round((Date.now() - started) / 1000)} s`,
      );
  }
  result.elapsedMs = Date.now() - started;
  return result;
}

function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h & 0x7fffffff;
}

/** Counts per status class, per payload class and per target, and failures grouped by target, class and problem. */
export function summary(result: FuzzResult, targets: readonly Target[]): string {
  const lines = [
    `fuzz: seed ${result.seed}, ${result.sent} requests in ${(result.elapsedMs / 1000).toFixed(1)} s, ${targets.length} targets`,
  ];
  lines.push(
    `time per class: ${Object.entries(result.msByClass)
      .sort()
      .map(([k, v]) => `${k} ${v} ms`)
      .join(", ")}`,
  );
  lines.push(
    `status classes: ${Object.entries(result.byStatusClass)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  lines.push("per payload class:");
  for (const cls of payloadClasses)
    if (result.byClass[cls])
      lines.push(
        `  ${cls.padEnd(14)} ${Object.entries(result.byClass[cls]!)
          .sort()
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}`,
      );
  lines.push("per target:");
  for (const t of targets)
    lines.push(
      `  ${t.name.padEnd(34)} ${Object.entries(result.byTarget[t.name] ?? {})
        .sort()
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}`,
    );
  const groups = new Map<string, Failure[]>();
  for (const f of result.failures) {
    const key = `${f.target} · ${f.cls} · ${f.problem.replace(/[0-9a-f-]{36}/g, "<id>").slice(0, 90)}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  if (groups.size) {
    lines.push(
      `failures: ${result.failures.length} in ${groups.size} groups (reproduce with FLOWSTATE_FUZZ_SEED=${result.seed}):`,
    );
    for (const [key, fs] of groups)
      lines.push(
        `  ${fs.length}× ${key}\n     e.g. #${fs[0]!.index} as ${fs[0]!.caller}: ${fs[0]!.request.slice(0, 300)}\n     → ${fs[0]!.problem.slice(0, 400)}`,
      );
  }
  return lines.join("\n");
}
