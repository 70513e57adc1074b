import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANONYMISED } from "@flowstate/engine";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { buildModel } from "./support/models.ts";
import { refusal } from "./support/refusal.ts";
import { tableSnapshot } from "./support/tableSnapshot.ts";
import { createCaller, person } from "./support/actors.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { openDatabase } from "../src/db/openDatabase.ts";
import { RetentionJob } from "../src/retention/RetentionJob.ts";

// Retention on a manual clock against real PostgreSQL: finished instances past their process's
// retention are anonymised (or deleted) in batches by the retention job; nothing else is touched.

const day = 24 * 3600_000;

/** Register (captures the IBAN as an identifier, keeps the customer in variables), then done. */
const onboarding = (key: string) => ({
  ...buildModel({
    key,
    nodes: [
      {
        id: "register",
        kind: "action",
        mode: "manual",
        captures: [
          { name: "iban", from: "input", path: "iban", identifier: true },
          { name: "ticket", from: "input", path: "ticket", identifier: true },
        ],
        output: { customer: "result.customer", note: "result.note" },
      },
      { id: "end", kind: "finalizer", outcome: "succeeded" },
    ],
    lines: [{ from: "register", to: "end" }],
  }),
  personal: ["customer.name", "customer.email", "iban", "$businessKey"],
});

const person_ = (tag: string, i: number) => ({
  name: `Name-${tag}-${i}`,
  email: `mail-${tag}-${i}@example.com`,
  iban: `BE71-${tag}-${String(i).padStart(6, "0")}`,
  businessKey: `bk-${tag}-${i}`,
});

describe("retention: finished instances past retention are anonymised or deleted", () => {
  let t: TestContext;
  const started = new Date("2026-03-02T08:00:00Z");

  /** Starts `n` instances (`tag` makes every personal value findable with LIKE); `finish` performs register. */
  async function startMany(key: string, tag: string, n: number, finish: boolean): Promise<string[]> {
    const ids: string[] = [];
    for (let from = 0; from < n; from += 25) {
      const chunk = await Promise.all(
        Array.from({ length: Math.min(25, n - from) }, async (_, k) => {
          const p = person_(tag, from + k);
          const { instanceId } = await t.caller.instance.start({
            processKey: key,
            businessKey: p.businessKey,
            variables: { customer: { name: p.name, email: p.email, tier: "gold" }, amount: 12 },
          });
          if (finish)
            await t.caller.instance.perform({
              instanceId,
              actionId: "register",
              input: {
                customer: { name: p.name, email: p.email, tier: "gold" },
                iban: p.iban,
                ticket: `T.${tag}.${from + k}`,
                note: `welcome mail sent to ${p.email}`,
              },
            });
          return instanceId;
        }),
      );
      ids.push(...chunk);
    }
    return ids;
  }

  /** Rows of every table that mention `pattern` (LIKE on the raw text). */
  async function mentions(pattern: string) {
    const q = async (sql: string) =>
      Number((await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(sql, `%${pattern}%`))[0]!.n);
    return {
      state: await q(`SELECT count(*) AS n FROM instance WHERE state::text LIKE $1`),
      variables: await q(`SELECT count(*) AS n FROM instance WHERE variables::text LIKE $1`),
      businessKey: await q(`SELECT count(*) AS n FROM instance WHERE business_key LIKE $1`),
      history: await q(`SELECT count(*) AS n FROM history_event WHERE data::text LIKE $1`),
      occurrences: await q(
        `SELECT count(*) AS n FROM occurrence WHERE coalesce(input::text, '') || coalesce(output::text, '') LIKE $1`,
      ),
      identifiers: await q(`SELECT count(*) AS n FROM identifier WHERE value LIKE $1`),
    };
  }
  const none = { state: 0, variables: 0, businessKey: 0, history: 0, occurrences: 0, identifiers: 0 };

  /** The running instances' rows, byte for byte (state as stored text). */
  const runningRows = (key: string) =>
    t.db.prisma.$queryRawUnsafe<unknown[]>(
      `SELECT i.id, i.state::text, i.variables::text, i.business_key, i.updated_at, i.anonymised_at,
              (SELECT string_agg(h.data::text, '|' ORDER BY h.id) FROM history_event h WHERE h.instance_id = i.id) AS history,
              (SELECT string_agg(d.name || '=' || d.value, '|' ORDER BY d.name) FROM identifier d WHERE d.instance_id = i.id) AS identifiers
         FROM instance i JOIN process p ON p.id = i.process_id
        WHERE p.key = $1 AND i.status = 'running' ORDER BY i.id`,
      key,
    );
  const auditOf = (action: string, key: string) =>
    t.db.prisma.auditEvent.findMany({
      where: { action, processKey: key },
      orderBy: { id: "asc" },
      select: { actorName: true, detail: true, outcome: true },
    });

  beforeAll(async () => {
    t = await createTestContext("retention", started);
    await publishModel(t.ctx, onboarding("onboarding"));
    await publishModel(t.ctx, onboarding("leads"));
  });
  afterAll(async () => {
    await t?.close();
  });

  it("anonymises 1,000 finished instances in batches of 200; running and recent ones are untouched", async () => {
    const finished = await startMany("onboarding", "old", 1000, true);
    const running = await startMany("onboarding", "run", 20, false);
    expect(running).toHaveLength(20);
    const stateOf = async (id: string) =>
      (await t.db.prisma.instance.findUniqueOrThrow({ where: { id }, select: { state: true } })).state as {
        seq: number;
        current: unknown;
        stateInstances: unknown;
        variables: Record<string, unknown>;
      };
    const before = await stateOf(finished[7]!);
    expect(
      await t.caller.instance.list({
        processKey: "onboarding",
        identifier: { name: "iban", value: person_("old", 7).iban },
      }),
    ).toMatchObject({ items: [{ id: finished[7] }] });

    t.clock.advance(31 * day);
    // Ended today: inside the retention period.
    const recent = await startMany("onboarding", "new", 5, true);
    const runningBefore = await runningRows("onboarding");
    const historyCount = await t.db.prisma.historyEvent.count();
    await t.caller.process.setRetention({ key: "onboarding", retentionDays: 30, retentionMode: "anonymise" });

    const job = new RetentionJob(t.runtime.rt, { batchSize: 200 });
    expect(await job.runOnce()).toEqual(
      Array.from({ length: 5 }, () => ({ processKey: "onboarding", mode: "anonymise", count: 200 })),
    );

    // Personal values are gone everywhere (checked in SQL on the raw text) …
    expect(await mentions("-old-")).toEqual(none);
    expect(await mentions("@example.com")).toEqual({
      ...none,
      state: 25,
      variables: 25,
      // the start event of each running one, start and perform of each recent one
      history: 20 + 5 * 2,
      occurrences: 5,
    });
    // … the running instances are byte-equal, the recent ones keep their data, every finished one is stamped.
    expect(await runningRows("onboarding")).toEqual(runningBefore);
    expect(await mentions("-new-")).toMatchObject({ state: 5, businessKey: 5, identifiers: 5 });
    expect(await t.db.prisma.instance.count({ where: { anonymisedAt: { not: null } } })).toBe(1000);
    expect(await t.db.prisma.instance.count({ where: { id: { in: recent }, anonymisedAt: null } })).toBe(5);

    // The structure stays: same history rows, same seq and state path; values replaced by the marker.
    expect(await t.db.prisma.historyEvent.count()).toBe(historyCount);
    const after = await stateOf(finished[7]!);
    expect(after.seq).toBe(before.seq);
    expect(after.stateInstances).toEqual(before.stateInstances);
    expect(after.variables).toEqual({
      customer: { name: ANONYMISED, email: ANONYMISED, tier: "gold" },
      amount: 12,
      note: `welcome mail sent to ${ANONYMISED}`,
    });
    const read = await t.caller.instance.get({ id: finished[7]! });
    expect(read).toMatchObject({
      status: "completed",
      businessKey: ANONYMISED,
      anonymisedAt: t.clock.now(),
      identifiers: [{ name: "ticket", value: "T.old.7" }],
    });

    // The operate view says when (its banner), also when travelling back in time; a running one does not.
    expect((await t.caller.instance.view({ id: finished[7]! })).anonymisedAt).toBe(
      t.clock.now().toISOString(),
    );
    expect((await t.caller.instance.view({ id: finished[7]!, atSeq: 1 })).anonymisedAt).toBe(
      t.clock.now().toISOString(),
    );
    expect((await t.caller.instance.view({ id: running[0]! })).anonymisedAt).toBeNull();

    // Searching by an anonymised identifier finds nothing; the non-personal one still finds it.
    const byIban = await t.caller.instance.list({
      processKey: "onboarding",
      identifier: { name: "iban", value: person_("old", 7).iban },
    });
    expect(byIban.items).toEqual([]);
    expect(
      (
        await t.caller.instance.list({
          processKey: "onboarding",
          identifier: { name: "ticket", value: "T.old.7" },
        })
      ).items,
    ).toHaveLength(1);
    expect(
      (await t.caller.instance.list({ processKey: "onboarding", businessKey: "bk-old-7" })).items,
    ).toEqual([]);

    // One audit record per batch, by the retention job.
    const audit = await auditOf("retention.anonymise", "onboarding");
    expect(audit).toHaveLength(5);
    expect(audit.map((a) => [a.actorName, a.outcome, (a.detail as { count: number }).count])).toEqual(
      Array.from({ length: 5 }, () => ["retention", "ok", 200]),
    );

    // A second run has nothing to do and changes nothing.
    const snapshot = await tableSnapshot(t.db);
    expect(await job.runOnce()).toEqual([]);
    expect(await tableSnapshot(t.db)).toEqual(snapshot);
    expect(await auditOf("retention.anonymise", "onboarding")).toHaveLength(5);
  }, 240_000);

  it("two runtimes running the job at once share the batches and handle each instance once", async () => {
    await startMany("leads", "lead", 300, true);
    t.clock.advance(2 * day);
    await t.caller.process.setRetention({ key: "leads", retentionDays: 1, retentionMode: "anonymise" });
    const db2 = await openDatabase({ kind: "postgres", url: t.url });
    try {
      const jobs = [
        new RetentionJob(t.runtime.rt, { batchSize: 50 }),
        new RetentionJob({ db: db2, clock: t.clock }, { batchSize: 50 }),
      ];
      const reports = (await Promise.all(jobs.map((j) => j.runOnce()))).flat();
      const leads = reports.filter((r) => r.processKey === "leads");
      expect(leads.reduce((sum, r) => sum + r.count, 0)).toBe(300);
      const audit = await auditOf("retention.anonymise", "leads");
      expect(audit.reduce((sum, a) => sum + (a.detail as { count: number }).count, 0)).toBe(300);
      expect(audit).toHaveLength(leads.length);
      expect(await mentions("-lead-")).toEqual(none);
    } finally {
      await db2.close();
    }
  }, 120_000);

  it("delete mode removes finished instances past retention and all their rows; running ones stay", async () => {
    await publishModel(t.ctx, onboarding("trial"));
    const finished = await startMany("trial", "del", 60, true);
    await startMany("trial", "keep", 3, false);
    const runningBefore = await runningRows("trial");
    t.clock.advance(8 * day);
    await t.caller.process.setRetention({ key: "trial", retentionDays: 7, retentionMode: "delete" });
    const reports = await new RetentionJob(t.runtime.rt, { batchSize: 200 }).runOnce();
    expect(reports.filter((r) => r.processKey === "trial")).toEqual([
      { processKey: "trial", mode: "delete", count: 60 },
    ]);
    const ids = JSON.stringify(finished);
    for (const table of [
      "instance",
      "history_event",
      "occurrence",
      "state_instance",
      "firing",
      "identifier",
    ]) {
      const column = table === "instance" ? "id" : "instance_id";
      const [row] = await t.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM ${table} WHERE ${column} IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)`,
        ids,
      );
      expect([table, Number(row!.n)]).toEqual([table, 0]);
    }
    expect(await mentions("-del-")).toEqual(none);
    expect(await runningRows("trial")).toEqual(runningBefore);
    expect(await auditOf("retention.delete", "trial")).toEqual([
      {
        actorName: "retention",
        outcome: "ok",
        detail: expect.objectContaining({ count: 60, mode: "delete", retentionDays: 7 }),
      },
    ]);
  }, 120_000);

  it("refuses bad settings with a typed error and changes nothing; only admins and analysts set them", async () => {
    const before = await t.db.prisma.process.findUniqueOrThrow({ where: { key: "onboarding" } });
    const bad: unknown[] = [
      { key: "onboarding", retentionDays: -1, retentionMode: "anonymise" },
      { key: "onboarding", retentionDays: 36_501, retentionMode: "anonymise" },
      { key: "onboarding", retentionDays: 1.5, retentionMode: "anonymise" },
      { key: "onboarding", retentionDays: "30", retentionMode: "anonymise" },
      { key: "onboarding", retentionDays: 30, retentionMode: "shred" },
      { key: "onboarding", retentionDays: 30 },
      { key: "onboarding", retentionDays: 30, retentionMode: "delete", extra: 1 },
      { key: "onboard\u0000ing", retentionDays: 30, retentionMode: "delete" },
      { key: "x".repeat(5000), retentionDays: 30, retentionMode: "delete" },
    ];
    for (const input of bad) {
      const error = await refusal(t.caller.process.setRetention(input as never));
      expect([JSON.stringify(input).slice(0, 80), error.code]).toEqual([
        JSON.stringify(input).slice(0, 80),
        "BAD_REQUEST",
      ]);
    }
    const unknown = await refusal(
      t.caller.process.setRetention({ key: "nope", retentionDays: 3, retentionMode: "delete" }),
    );
    expect(unknown.code).toBe("NOT_FOUND");
    const operator = createCaller({ ...t.ctx, actor: person("olga", ["operator"]) });
    const forbidden = await refusal(
      operator.process.setRetention({ key: "onboarding", retentionDays: 1, retentionMode: "delete" }),
    );
    expect(forbidden.code).toBe("FORBIDDEN");
    expect(await t.db.prisma.process.findUniqueOrThrow({ where: { key: "onboarding" } })).toEqual(before);

    const analyst = createCaller({ ...t.ctx, actor: person("ann", ["analyst"]) });
    expect(
      await analyst.process.setRetention({ key: "onboarding", retentionDays: null, retentionMode: "delete" }),
    ).toEqual({ key: "onboarding", retentionDays: null, retentionMode: "delete" });
    expect(await t.caller.process.get({ key: "onboarding" })).toMatchObject({
      retentionDays: null,
      retentionMode: "delete",
    });
    // Kept forever: the job leaves the process alone even in delete mode.
    expect(
      (await new RetentionJob(t.runtime.rt).runOnce()).filter((r) => r.processKey === "onboarding"),
    ).toEqual([]);
  });
});
