import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { anonymousActor } from "../src/auth/Actor.ts";
import { buildModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { createServer } from "../src/server/createServer.ts";
import { createUser } from "../src/auth/userAccounts.ts";
import { fetchJson } from "./support/http.ts";
import { useTestContext } from "./support/useTestContext.ts";
import { createCaller, person } from "./support/actors.ts";

// A case with two manual actions for different roles.
const claim = buildModel({
  key: "claim",
  nodes: [
    { id: "review", kind: "action", mode: "manual", code: "claim.review", role: "clerk" },
    { id: "approve", kind: "action", mode: "manual", code: "claim.approve", role: "manager" },
  ],
});

describe("audit log", () => {
  const t = useTestContext("audit", (t) => publishModel(t.ctx, claim));

  const records = (where: object = {}) => t.db.prisma.auditEvent.findMany({ where, orderBy: { id: "asc" } });

  it("writes exactly one record per change: who, when, from where, what, on which process", async () => {
    const before = await t.db.prisma.auditEvent.count();
    await createCaller({ ...t.ctx, actor: person("ana", ["analyst"]) }).process.create({
      key: "audited",
      name: "Audited",
    });
    const after = await records({ id: { gt: BigInt(0) } });
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({
      actorKind: "user",
      actorName: "ana",
      ip: "10.0.0.7",
      action: "process.create",
      outcome: "ok",
      processKey: "audited",
      at: t.clock.now(),
    });
  });

  it("writes no record for reads", async () => {
    const before = await t.db.prisma.auditEvent.count();
    await createCaller({ ...t.ctx, actor: person("vic", ["viewer"]) }).process.list();
    await createCaller({ ...t.ctx, actor: person("vic", ["viewer"]) }).instance.list({});
    expect(await t.db.prisma.auditEvent.count()).toBe(before);
  });

  it("writes exactly one record per refused attempt (denied, unauthenticated) and changes nothing", async () => {
    const versions = await t.db.prisma.version.findMany({ orderBy: { id: "asc" } });
    const before = await t.db.prisma.auditEvent.count();
    const draft = await t.db.prisma.version.findFirstOrThrow({ where: { process: { key: "audited" } } });
    await expect(
      createCaller({ ...t.ctx, actor: person("olga", ["operator"]) }).version.publish({ id: draft.id }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      createCaller({ ...t.ctx, actor: anonymousActor("10.0.0.9") }).version.publish({ id: draft.id }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const added = await records({ id: { gt: BigInt(0) } }).then((r) => r.slice(before));
    expect(added).toHaveLength(2);
    expect(added[0]).toMatchObject({
      actorName: "olga",
      action: "version.publish",
      outcome: "denied",
      versionId: draft.id,
    });
    expect(added[1]).toMatchObject({
      actorKind: "anonymous",
      ip: "10.0.0.9",
      action: "version.publish",
      outcome: "unauthenticated",
    });
    expect(await t.db.prisma.version.findMany({ orderBy: { id: "asc" } })).toEqual(versions);
  });

  it("a worker performs only actions of their groups: the other is FORBIDDEN, audited once, the instance unchanged", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "claim" });
    const worker = createCaller({ ...t.ctx, actor: person("wendy", ["worker"], ["clerk"]) });
    const instanceBefore = await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } });
    const historyBefore = await t.db.prisma.historyEvent.count({ where: { instanceId } });
    const auditBefore = await t.db.prisma.auditEvent.count();

    const refused = worker.instance.perform({ instanceId, code: "claim.approve" });
    await expect(refused).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      worker.instance.perform({ instanceId, code: "claim.approve" }).catch((e: Error) => e.message),
    ).resolves.toMatch(/needs role "manager"/);
    expect(await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } })).toEqual(
      instanceBefore,
    );
    expect(await t.db.prisma.historyEvent.count({ where: { instanceId } })).toBe(historyBefore);
    const denied = await records({ instanceId, outcome: "denied" });
    expect(denied).toHaveLength(2); // two attempts, two records
    expect(denied[0]).toMatchObject({
      actorName: "wendy",
      action: "instance.perform",
      detail: { action: "claim.approve", code: "FORBIDDEN" },
    });

    await worker.instance.perform({ instanceId, code: "claim.review" });
    expect(await t.db.prisma.auditEvent.count()).toBe(auditBefore + 3);
    const performed = await t.db.prisma.historyEvent.findMany({
      where: { instanceId, seq: { gt: instanceBefore.seq } },
    });
    expect(performed.length).toBeGreaterThan(0);
    expect(performed.every((h) => h.actor === "wendy")).toBe(true);
  });

  it("an instance change and its audit record commit together: when the record cannot be written, the change is not either", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "claim" });
    const worker = createCaller({ ...t.ctx, actor: person("wendy", ["worker"], ["clerk"]) });
    const instanceBefore = await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } });
    const historyBefore = await t.db.prisma.historyEvent.count({ where: { instanceId } });
    // The log refuses this call's `ok` record (a stand-in for the write failing, or the process dying, at that moment).
    await t.db.prisma.$executeRawUnsafe(
      `ALTER TABLE audit_event ADD CONSTRAINT refuse_perform CHECK (NOT (action = 'instance.perform' AND outcome = 'ok')) NOT VALID`,
    );
    try {
      await expect(worker.instance.perform({ instanceId, code: "claim.review" })).rejects.toThrow();
      await expect(
        createCaller({ ...t.ctx, actor: person("olga", ["operator"]) }).instance.cancel({
          instanceId,
          reason: "duplicate claim",
        }),
      ).resolves.toMatchObject({ status: "cancelled" });
    } finally {
      await t.db.prisma.$executeRawUnsafe(`ALTER TABLE audit_event DROP CONSTRAINT refuse_perform`);
    }
    // The perform changed nothing (no step without its record); the cancel and its record both landed.
    const history = await t.db.prisma.historyEvent.findMany({
      where: { instanceId, seq: { gt: instanceBefore.seq } },
    });
    expect(history.length).toBeGreaterThan(0);
    expect(history.some((h) => h.actor === "wendy")).toBe(false);
    expect(await t.db.prisma.historyEvent.count({ where: { instanceId } })).toBe(
      historyBefore + history.length,
    );
    expect(
      await t.db.prisma.occurrence.count({ where: { instanceId, nodeId: "review", status: "completed" } }),
    ).toBe(0);
    expect(await records({ instanceId, outcome: "ok" })).toMatchObject([
      { actorName: "olga", action: "instance.cancel" },
    ]);
  });

  it("a worker's task list shows only the actions of their groups' roles", async () => {
    await t.caller.instance.start({ processKey: "claim" });
    const worker = createCaller({ ...t.ctx, actor: person("wendy", ["worker"], ["manager"]) });
    const tasks = await worker.task.list({ processKey: "claim" });
    expect(tasks.length).toBeGreaterThan(0);
    expect(new Set(tasks.map((x) => x.role))).toEqual(new Set(["manager"]));
    const all = await createCaller({ ...t.ctx, actor: person("olga", ["operator"]) }).task.list({
      processKey: "claim",
    });
    expect(new Set(all.map((x) => x.role))).toEqual(new Set(["clerk", "manager"]));
  });

  it("refuses UPDATE, DELETE and TRUNCATE of audit rows: the log is append-only", async () => {
    const count = await t.db.prisma.auditEvent.count();
    const first = (await records())[0]!;
    await expect(
      t.db.prisma.$executeRawUnsafe(
        `UPDATE audit_event SET actor_name = 'someone else' WHERE id = ${first.id}`,
      ),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.db.prisma.$executeRawUnsafe(`DELETE FROM audit_event WHERE id = ${first.id}`),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.prisma.$executeRawUnsafe(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
    await expect(t.db.prisma.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await t.db.prisma.auditEvent.count()).toBe(count);
    expect((await records())[0]).toEqual(first);
  });

  it("operators search the log; analysts may not", async () => {
    const operator = createCaller({ ...t.ctx, actor: person("olga", ["operator"]) });
    const found = await operator.audit.list({ actor: "wendy", outcome: "denied" });
    expect(found.items.length).toBe(2);
    expect(found.items.every((r) => r.actorName === "wendy" && r.outcome === "denied")).toBe(true);
    const paged = await operator.audit.list({ limit: 1 });
    expect(paged.items).toHaveLength(1);
    expect(paged.nextCursor).not.toBeNull();
    const next = await operator.audit.list({ limit: 1, cursor: paged.nextCursor! });
    expect(Number(next.items[0]!.id)).toBeLessThan(Number(paged.items[0]!.id));
    await expect(
      createCaller({ ...t.ctx, actor: person("ana", ["analyst"]) }).audit.list({}),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  describe("over HTTP", () => {
    let app: FastifyInstance;
    let base: string;
    beforeAll(async () => {
      await createUser(t.db, { username: "henry", password: "a long enough password", roles: ["viewer"] });
      app = await createServer({ context: t.ctx, apiKeys: ["key-1"] });
      base = await app.listen({ port: 0, host: "127.0.0.1" });
    });
    afterAll(async () => {
      await app?.close();
    });

    it("records one record per sign-in, failed sign-in and rejected signal key, with the client address, never the secret", async () => {
      const before = await t.db.prisma.auditEvent.count();
      const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
        fetchJson(`${base}${url}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify(body),
        });
      expect(
        (await post("/api/auth/login", { username: "henry", password: "a long enough password" })).status,
      ).toBe(200);
      expect(
        (await post("/api/auth/login", { username: "henry", password: "not the password" })).status,
      ).toBe(401);
      expect(
        (await post("/api/signals/claim.review", {}, { authorization: "Bearer wrong-key" })).status,
      ).toBe(401);
      const added = (await records()).slice(before);
      expect(added.map((r) => [r.action, r.outcome, r.actorName])).toEqual([
        ["POST /api/auth/login", "ok", "henry"],
        ["POST /api/auth/login", "unauthenticated", "henry"],
        ["POST /api/signals/:code", "unauthenticated", "api-key"],
      ]);
      expect(added.every((r) => r.ip === "127.0.0.1")).toBe(true);
      expect(JSON.stringify(added.map((r) => ({ ...r, id: String(r.id) })))).not.toMatch(
        /not the password|a long enough password|wrong-key/,
      );
    });
  });
});
