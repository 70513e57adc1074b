import { describe, expect, it } from "vitest";
import { v1Routes } from "@flowstate/client";
import type { OperationId } from "@flowstate/client";
import { useTestServer } from "./support/useTestContext.ts";
import { tableSnapshot } from "./support/tableSnapshot.ts";
import { apiServerOptions, fullKey, orderModel, startApiServer } from "./support/apiV1.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { systemActor } from "../src/auth/Actor.ts";
import { fetchJson } from "./support/http.ts";

// A sweep of bad inputs over every route of the REST API's table (real HTTP, real PostgreSQL):
// NUL bytes, lone surrogates, encoded path segments, wrong types, unknown fields and unknown ids.
// Every answer is a success or `{ error: { code, message, details? } }` — never a 5xx — and the
// database is unchanged afterwards (every table but the audit log and rate-limit counters).

const unknownId = "00000000-0000-4000-8000-000000000000";
const badSegments = [
  "%00",
  "a%00b",
  "%ED%A0%80", // a lone surrogate, UTF-8 encoded: not valid UTF-8
  "%2F..%2F..%2Fetc%2Fpasswd",
  "a%2Fb",
  unknownId,
  "not-a-uuid",
  "-1",
  "0",
  "9".repeat(40),
  "%F0%9F%98%80",
];
const badQueries = [
  "limit=abc",
  "limit=-1",
  "limit=1e3",
  "status=bogus",
  "cursor=x",
  `cursor=${unknownId}`,
  "zzz=1",
  "processKey=%00",
  "search=%ED%A0%80",
  "startedFrom=yesterday",
  "hasIncident=maybe",
  "identifierName=orderId",
];
const badBodies = [
  "[]",
  '"text"',
  "123",
  "null",
  "{",
  '{"zzz":1}',
  '{"processKey":"a\\u0000b"}',
  '{"reason":"\\ud800"}',
  '{"model":{"key":"\\udfff"}}',
  '{"processKey":5,"businessKey":[],"variables":"x"}',
  '{"code":{"a":1},"input":"\\u0000"}',
  '{"plan":{"processKey":"order","sourceVersionIds":["x"],"targetVersionId":1}}',
  '{"identifiers":{"orderId":{"deep":true}}}',
  '{"fromVersion":-3}',
  `{"plan":{"processKey":"order","sourceVersionIds":["${unknownId}"],"targetVersionId":"${unknownId}"}}`,
  '{"processKey":"nope"}',
  '{"code":"approve"}',
  '{"reason":"stop"}',
  '{"model":{"formatVersion":1,"key":"order"}}',
  '{"fromVersion":99}',
  '{"workerId":"w","handlers":["x"]}',
  '{"lockToken":"t","output":{}}',
  '{"stateId":"nowhere","reason":"r"}',
  '{"stateId":"main","reason":"\\u0000"}',
  '{"variables":{"a":1},"reason":"r","expectedSeq":-1}',
  '{"variables":[1],"reason":"r","expectedSeq":0}',
  '{"variables":{"a":"\\ud800"},"reason":"r","expectedSeq":0}',
  '{"username":"a\\u0000b"}',
  '{"username":"\\ud800"}',
  '{"username":null}',
  '{"username":"nobody"}',
  `{"username":"${"x".repeat(300)}"}`,
  '{"processKey":"order","operation":{"type":"moveToState","stateId":"x"}}',
  '{"processKey":"order","operation":{"type":"cancel","reason":"x"},"filter":{"status":"completed"}}',
  `{"processKey":"order","operation":{"type":"retryIncidents"},"instanceIds":["${unknownId}"]}`,
  '{"processKey":"order","operation":{"type":"cancel","reason":"\\u0000"},"filter":{"incidentNodeId":"\\ud800"}}',
];

function requests(op: OperationId): { method: string; path: string; body?: string }[] {
  const route = v1Routes[op];
  const names = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  const valid: Record<string, string> = {
    key: "order",
    n: "1",
    id: unknownId,
    instanceId: unknownId,
    actionId: "approve",
    code: "order.paid",
    token: "tok",
  };
  // A route whose empty body is a whole valid request (deprecate) sweeps a version that does not
  // exist: the sweep sends bad input, and a valid deprecation would rightly change the version.
  if (op === "deprecateVersion") valid.n = "9";
  const fill = (over: Record<string, string>) =>
    route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => over[name] ?? valid[name]!);
  const paths = [fill({}), ...names.flatMap((name) => badSegments.map((bad) => fill({ [name]: bad })))];
  if (route.method === "GET")
    return [...paths, ...badQueries.map((q) => `${fill({})}?${q}`)].map((path) => ({ method: "GET", path }));
  return [
    ...paths.map((path) => ({ method: "POST", path, body: "{}" })),
    ...badBodies.map((body) => ({ method: "POST", path: fill({}), body })),
  ];
}

describe("/api/v1: bad input on every route gets the one error shape and changes nothing", () => {
  const t = useTestServer("api_v1_errors", apiServerOptions, async (t) => {
    await publishModel(t.ctx, orderModel(1));
    await t.caller.instance.start({ processKey: "order", businessKey: "kept" });
  });

  it("never answers 5xx, refuses in { error: { code, message, details? } } and leaves every table as it was", async () => {
    const problems: string[] = [];
    let sent = 0;
    let refused = 0;
    for (const op of Object.keys(v1Routes) as OperationId[]) {
      const before = await tableSnapshot(t.db);
      for (const request of requests(op)) {
        const response = await fetch(`${t.base}${request.path}`, {
          method: request.method,
          headers: {
            authorization: `Bearer ${fullKey}`,
            ...(request.body !== undefined
              ? { "content-type": "application/json", "idempotency-key": `sweep-${sent}` }
              : {}),
          },
          ...(request.body !== undefined ? { body: request.body } : {}),
        });
        sent++;
        const text = await response.text();
        const label = `${op}: ${request.method} ${request.path} ${request.body ?? ""} → ${response.status}`;
        if (response.status >= 500) problems.push(`${label} ${text.slice(0, 200)}`);
        if (response.status < 400) continue;
        refused++;
        let body: { error?: Record<string, unknown> } | undefined;
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          problems.push(`${label}: not JSON: ${text.slice(0, 200)}`);
          continue;
        }
        const error = body?.error;
        const keys = Object.keys(body ?? {});
        const extra = Object.keys(error ?? {}).filter((k) => !["code", "message", "details"].includes(k));
        if (
          keys.length !== 1 ||
          !error ||
          typeof error.code !== "string" ||
          !/^[A-Z][A-Z_]*$/.test(error.code) ||
          typeof error.message !== "string" ||
          (error.details !== undefined && (typeof error.details !== "object" || error.details === null)) ||
          extra.length > 0
        )
          problems.push(`${label}: not the one shape: ${text.slice(0, 200)}`);
      }
      const after = await tableSnapshot(t.db);
      const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
      if (changed.length) problems.push(`${op} changed ${changed.join(", ")}`);
    }
    expect(problems).toEqual([]);
    expect(sent).toBeGreaterThan(600);
    expect(refused).toBeGreaterThan(sent * 0.8);
    expect(await t.db.prisma.instance.findMany({ select: { businessKey: true, status: true } })).toEqual([
      { businessKey: "kept", status: "running" },
    ]);
  });

  it("tRPC refusals carry the same code (a string), message and details in the error's data", async () => {
    const demo = await startApiServer(t, { demoActor: systemActor("demo") });
    try {
      const get = async (path: string, input: unknown) =>
        fetchJson(`${demo.base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
      const missing = await get("instance.get", { id: unknownId });
      expect(missing.status).toBe(404);
      expect(missing.body.error.data).toMatchObject({
        code: "NOT_FOUND",
        message: missing.body.error.message,
      });
      const invalid = await get("instance.get", { id: "not-a-uuid" });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.data).toMatchObject({
        code: "BAD_REQUEST",
        details: { issues: [{ path: ["id"], message: expect.any(String) }] },
      });
      const rest = await fetchJson(`${t.base}/api/v1/instances/not-a-uuid`, {
        headers: { authorization: `Bearer ${fullKey}` },
      });
      expect(rest.body.error).toMatchObject({
        code: "BAD_REQUEST",
        details: { issues: [{ path: "params.id" }] },
      });
    } finally {
      await demo.app.close();
    }
  });
});
