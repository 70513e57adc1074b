import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { appRouter } from "../src/trpc/appRouter.ts";
import { procedurePermissions } from "../src/auth/permissions.ts";
import { serveAs } from "./support/demoServer.ts";
import { createUser } from "../src/auth/userAccounts.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { buildModel } from "./support/models.ts";
import { signIn } from "./support/signIn.ts";
import { rawRequest } from "./support/rawHttp.ts";
import { tableSnapshot } from "./support/tableSnapshot.ts";
import type { JsonBody } from "./support/http.ts";

/**
 * Issue 18 D1: for EVERY mutation of the permission table, over real HTTP on PostgreSQL —
 * - a refused caller (viewer) with hostile extra fields ("\u0000", "\ud800") → exactly one `denied` record, nothing changed;
 * - the allowed caller with the same hostile fields → succeeds with exactly one record, or 4xx and nothing changed;
 * - the allowed caller with valid input while the log refuses that call's `ok` record → the change is not made either;
 * - the allowed caller with valid input → succeeds with exactly one `ok` record (or 4xx, nothing changed, one `failed` record).
 * "Nothing changed" = every table's content (an md5 per table) but the audit log and rate-limit counters.
 */

const mutations = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
)
  .filter(([, p]) => p._def.type === "mutation")
  .map(([path]) => path)
  .sort();

const claimV1 = buildModel({
  key: "claim",
  nodes: [{ id: "review", kind: "action", mode: "manual", code: "claim.review" }],
});
const claimV2 = buildModel({
  key: "claim",
  nodes: [
    { id: "review", kind: "action", mode: "manual", code: "claim.review" },
    { id: "check", kind: "action", mode: "manual", code: "claim.check" },
  ],
});

describe("audit with the change: every mutation of the permission table, hostile extra fields, a record that cannot be written", () => {
  let t: TestContext;
  let app: FastifyInstance;
  let base: string;
  let viewerCookie: string;
  const results: Record<string, JsonBody> = {};
  const state: { v1?: string } = {};
  /** The instance `instance.start` started in this sweep (a random id when it was refused). */
  const started = () => (results["instance.start"]?.instanceId as string | undefined) ?? randomUUID();

  beforeAll(async () => {
    t = await createTestContext("boundary-audit", undefined, { webhookAllowPrivate: true });
    await publishModel(t.ctx, claimV1);
    state.v1 = (
      await t.db.prisma.version.findFirstOrThrow({ where: { process: { key: "claim" }, number: 1 } })
    ).id;
    await createUser(t.db, { username: "vera", password: "a viewer's long password", roles: ["viewer"] });
    ({ app, base } = await serveAs(t.ctx, "demo-admin", ["admin"]));
    viewerCookie = (await signIn(base, "vera", "a viewer's long password")).cookie;
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const snapshot = () => tableSnapshot(t.db);
  const lastAuditId = async () =>
    (await t.db.prisma.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
  const recordsAfter = (id: bigint) =>
    t.db.prisma.auditEvent.findMany({ where: { id: { gt: id } }, orderBy: { id: "asc" } });
  const call = (path: string, input: unknown, headers: Record<string, string> = {}) =>
    rawRequest(base, {
      method: "POST",
      path: `/trpc/${path}`,
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(input),
    });

  /** A valid input per mutation, in an order where each can succeed (or is refused with a 4xx by the domain). */
  const inputs: [string, () => JsonBody][] = [
    ["process.create", () => ({ key: "swept", name: "Swept" })],
    [
      "process.import",
      () => ({
        model: buildModel({
          key: "imported",
          nodes: [{ id: "a", kind: "action", mode: "manual", code: "imported.a" }],
        }),
      }),
    ],
    ["version.createDraft", () => ({ processKey: "claim", fromVersionId: state.v1 })],
    [
      "version.saveDraft",
      () => ({
        id: results["version.createDraft"]?.versionId ?? randomUUID(),
        model: claimV2,
        baseRevision: 1,
      }),
    ],
    [
      "version.saveScenarios",
      () => ({ id: results["version.createDraft"]?.versionId ?? randomUUID(), scenarios: [] }),
    ],
    [
      "version.publish",
      () => ({ id: results["version.createDraft"]?.versionId ?? randomUUID(), acceptWarnings: true }),
    ],
    // Refused by the domain here (v1 was deprecated by publishing v2): 4xx.
    ["version.deprecate", () => ({ id: state.v1 })],
    ["process.setRetention", () => ({ key: "claim", retentionDays: 30, retentionMode: "anonymise" })],
    ["instance.start", () => ({ processKey: "claim", businessKey: "swept-1" })],
    ["task.claim", () => ({ instanceId: started(), actionId: "review" })],
    [
      "task.setFollowUp",
      () => ({
        instanceId: started(),
        actionId: "review",
        followUp: "2027-01-04T09:00:00Z",
      }),
    ],
    ["task.unclaim", () => ({ instanceId: started(), actionId: "review" })],
    [
      "task.assign",
      () => ({
        instanceId: started(),
        actionId: "review",
        username: null,
      }),
    ],
    ["instance.perform", () => ({ instanceId: started(), code: "claim.review" })],
    ["instance.unlock", () => ({ instanceId: started() })],
    ["instance.retryIncident", () => ({ instanceId: started(), incidentId: randomUUID() })],
    ["instance.skipIncident", () => ({ instanceId: started(), incidentId: randomUUID() })],
    // Refused by the domain here (the claim model has one state; the seq is not the instance's): 4xx.
    [
      "instance.move",
      () => ({
        instanceId: started(),
        stateId: "main",
        reason: "swept",
      }),
    ],
    [
      "instance.setVariables",
      () => ({
        instanceId: started(),
        variables: { swept: true },
        reason: "swept",
        expectedSeq: 999_999,
      }),
    ],
    ["instance.cancel", () => ({ instanceId: started(), reason: "swept" })],
    ["instance.acknowledge", () => ({ instanceId: started() })],
    [
      "migration.create",
      () => ({
        plan: {
          processKey: "claim",
          sourceVersionIds: [state.v1],
          targetVersionId: results["version.createDraft"]?.versionId ?? randomUUID(),
        },
      }),
    ],
    ["migration.start", () => ({ runId: results["migration.create"]?.runId ?? randomUUID() })],
    ["migration.pause", () => ({ runId: results["migration.create"]?.runId ?? randomUUID() })],
    ["migration.resume", () => ({ runId: results["migration.create"]?.runId ?? randomUUID() })],
    ["migration.retryFailed", () => ({ runId: results["migration.create"]?.runId ?? randomUUID() })],
    [
      "migration.revert",
      () => ({
        runId: results["migration.create"]?.runId ?? randomUUID(),
        instanceId: started(),
      }),
    ],
    ["migration.cancel", () => ({ runId: results["migration.create"]?.runId ?? randomUUID() })],
    [
      "bulk.create",
      () => ({
        processKey: "claim",
        operation: { type: "cancel", reason: "swept" },
        instanceIds: [started()],
      }),
    ],
    ["bulk.pause", () => ({ runId: results["bulk.create"]?.runId ?? randomUUID() })],
    ["bulk.resume", () => ({ runId: results["bulk.create"]?.runId ?? randomUUID() })],
    ["webhook.create", () => ({ url: "http://127.0.0.1:9/hook", events: ["instance.started"] })],
    ["webhook.redeliver", () => ({ deliveryId: randomUUID() })],
    ["webhook.deactivate", () => ({ id: results["webhook.create"]?.id ?? randomUUID() })],
    ["user.create", () => ({ username: "swept-user", password: "Swept-pass-1234", roles: ["viewer"] })],
    [
      "user.resetPassword",
      () => ({ id: results["user.create"]?.id ?? randomUUID(), password: "Another-pass-5678" }),
    ],
    ["user.setDisabled", () => ({ id: results["user.create"]?.id ?? randomUUID(), disabled: true })],
    ["apiKey.create", () => ({ name: "swept key", signals: true, processes: ["claim"] })],
    ["apiKey.revoke", () => ({ id: results["apiKey.create"]?.id ?? randomUUID() })],
  ];

  it("has a valid input for every mutation of appRouter (and every one is in the permission table)", () => {
    expect(mutations.length).toBeGreaterThan(25);
    expect(inputs.map(([p]) => p).sort()).toEqual(mutations);
    expect(mutations.every((p) => Object.hasOwn(procedurePermissions, p))).toBe(true);
  });

  it("every mutation: one record per call, written with the change or not at all, from the parsed input", async () => {
    const succeeded: string[] = [];
    const refusedByDomain: string[] = [];
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => void (ok ? undefined : problems.push(what));
    for (const [path, make] of inputs) {
      const valid = make();
      const hostile = {
        ...valid,
        note: "\ud800",
        ...("processKey" in valid ? {} : { processKey: "\u0000" }),
      };

      // 1. A refused caller with hostile extra fields: exactly one `denied` record, nothing changed.
      let before = await snapshot();
      let mark = await lastAuditId();
      const denied = await call(path, hostile, { cookie: viewerCookie });
      let added = await recordsAfter(mark);
      check(denied.status === 403, `${path}: viewer got ${denied.status}`);
      check(
        added.length === 1 &&
          added[0]!.outcome === "denied" &&
          added[0]!.action === path &&
          added[0]!.actorName === "vera",
        `${path}: viewer's records ${JSON.stringify(added.map((a) => [a.action, a.outcome]))}`,
      );
      check(
        JSON.stringify(await snapshot()) === JSON.stringify(before),
        `${path}: the viewer's refused call changed something`,
      );

      // 2. The allowed caller with the same hostile fields: 4xx and nothing changed (the boundary refuses them), one record.
      before = await snapshot();
      mark = await lastAuditId();
      const refused = await call(path, hostile);
      added = await recordsAfter(mark);
      check(
        refused.status === 400 &&
          ["note", "processKey"].includes(refused.body?.error?.data?.issues?.[0]?.path?.[0]),
        `${path}: hostile extra field got ${refused.status} ${refused.text.slice(0, 200)}`,
      );
      check(
        added.length === 1 && added[0]!.outcome === "failed",
        `${path}: hostile call's records ${JSON.stringify(added.map((a) => [a.action, a.outcome]))}`,
      );
      check(
        JSON.stringify(await snapshot()) === JSON.stringify(before),
        `${path}: the refused hostile call changed something`,
      );

      // 3. Valid input, but the log refuses this call's `ok` record: the change is not made either.
      before = await snapshot();
      await t.db.prisma.$executeRawUnsafe(
        `ALTER TABLE audit_event ADD CONSTRAINT refuse_swept CHECK (NOT (action = '${path}' AND outcome = 'ok')) NOT VALID`,
      );
      let forced: Awaited<ReturnType<typeof call>>;
      try {
        forced = await call(path, valid);
      } finally {
        await t.db.prisma.$executeRawUnsafe(`ALTER TABLE audit_event DROP CONSTRAINT refuse_swept`);
      }
      check(forced.status !== 200, `${path}: succeeded although its record could not be written`);
      check(
        JSON.stringify(await snapshot()) === JSON.stringify(before),
        `${path}: changed without its record`,
      );
      if (forced.status === 500)
        check(
          forced.body?.error?.message === "internal error" &&
            typeof forced.body?.error?.data?.requestId === "string" &&
            !/audit_event|constraint|prisma/i.test(forced.text),
          `${path}: the 500 says more than a request id: ${forced.text.slice(0, 300)}`,
        );

      // 4. Valid input: succeeds with exactly one `ok` record, or a 4xx with one `failed` record and nothing changed.
      before = await snapshot();
      mark = await lastAuditId();
      const res = await call(path, valid);
      added = await recordsAfter(mark);
      if (res.status === 200) {
        succeeded.push(path);
        results[path] = res.body.result.data;
        check(
          added.length === 1 &&
            added[0]!.outcome === "ok" &&
            added[0]!.action === path &&
            added[0]!.actorName === "demo-admin",
          `${path}: ok call's records ${JSON.stringify(added.map((a) => [a.action, a.outcome]))}`,
        );
      } else {
        check(
          res.status >= 400 && res.status < 500,
          `${path}: valid call got ${res.status} ${res.text.slice(0, 200)}`,
        );
        refusedByDomain.push(`${path}: ${res.status} ${res.body?.error?.message}`);
        check(
          added.length === 1 && added[0]!.outcome === "failed",
          `${path}: refused call's records ${JSON.stringify(added.map((a) => [a.action, a.outcome]))}`,
        );
        check(
          JSON.stringify(await snapshot()) === JSON.stringify(before),
          `${path}: a refused call changed something`,
        );
      }
    }
    expect(problems).toEqual([]);
    // The sweep is not vacuous: most mutations really ran (the rest were refused by the domain with a 4xx).
    expect(succeeded.length, refusedByDomain.join("\n")).toBeGreaterThanOrEqual(20);
    // The `ok` records name what the parsed input names: an extra field the schema strips names nothing.
    const ok = await t.db.prisma.auditEvent.findMany({ where: { outcome: "ok", action: { in: mutations } } });
    expect(ok.find((r) => r.action === "instance.start")).toMatchObject({ processKey: "claim" });
    const mark = await lastAuditId();
    const spoofed = await call("user.create", {
      username: "extra-field-user",
      password: "Extra-pass-1234",
      roles: ["viewer"],
      processKey: "spoofed",
      instanceId: "spoofed",
    });
    expect(spoofed.status).toBe(200);
    expect(await recordsAfter(mark)).toMatchObject([
      { action: "user.create", outcome: "ok", processKey: null, instanceId: null },
    ]);
  });
});
