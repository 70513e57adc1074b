import { describe, expect, it } from "vitest";
import { migrationModel, publishBuilt } from "./support/models.ts";
import { MigrationExecutor } from "../src/migrations/MigrationExecutor.ts";
import { loadRunContext, planInstance } from "../src/migrations/migrateItem.ts";
import { stepInstances } from "../src/instances/stepBatch.ts";
import { useTestContext } from "./support/useTestContext.ts";

/**
 * Alike instances (the same state but for their id and business key) take ONE engine step in a
 * batch, written for each with its own identity (`src/instances/alikeSteps.ts`). What each
 * instance ends with must be exactly what its own step would have written: its id and key in its
 * state, its job's idempotency key and its history, whatever its business key holds — and an
 * expression over the business key makes the instances step one by one.
 */
const keys = ["plain", "with $& and $1", 'quote " and back\\slash', "ünïcode ✓", "VIP", "tab\there"];

describe("alike instances in a migration batch", () => {
  const t = useTestContext("alike_steps");

  async function migrated(key: string, input?: Record<string, string>) {
    await publishBuilt(t.ctx, migrationModel(key, false));
    const ids: string[] = [];
    for (const businessKey of keys)
      ids.push((await t.caller.instance.start({ processKey: key, businessKey })).instanceId);
    await publishBuilt(t.ctx, migrationModel(key, true, input));
    const versions = await t.db.prisma.version.findMany({
      where: { process: { key } },
      orderBy: { number: "asc" },
    });
    const plan = {
      processKey: key,
      sourceVersionIds: [versions[0]!.id],
      targetVersionId: versions[1]!.id,
      mapping: {},
    };
    const { runId } = await t.caller.migration.create({ plan });
    await t.caller.migration.start({ runId });
    return { ids, runId };
  }

  async function rowsOf(ids: string[]) {
    const { rows } = await t.db.pool!.query<{
      id: string;
      business_key: string;
      state: { instanceId: string; businessKey: string; version: number };
      keys: string[];
      payloads: unknown[];
      history: string;
    }>(
      `SELECT i.id, i.business_key, i.state,
              (SELECT array_agg(j.idempotency_key) FROM job j WHERE j.instance_id = i.id) AS keys,
              (SELECT array_agg(j.payload) FROM job j WHERE j.instance_id = i.id) AS payloads,
              (SELECT string_agg(h.data::text, ' ') FROM history_event h WHERE h.instance_id = i.id) AS history
         FROM instance i WHERE i.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  it("writes each instance's own identity wherever the shared step copied it, and nothing of the stand-ins", async () => {
    const { ids, runId } = await migrated("alike-plain");
    const report = await new MigrationExecutor(t.runtime.rt).processRun(runId);
    expect(report).toMatchObject({ migrated: keys.length, failed: 0, status: "completed" });
    const rows = await rowsOf(ids);
    ids.forEach((id, i) => {
      const row = rows.get(id)!;
      expect(row.state).toMatchObject({ instanceId: id, businessKey: keys[i], version: 2 });
      expect(row.business_key).toBe(keys[i]);
      expect(row.keys).toEqual([`${id}:fix:o1:1`]);
      for (const other of ids) if (other !== id) expect(row.history).not.toContain(other);
    });
    const { rows: leaks } = await t.db.pool!.query(
      `SELECT 'instance' AS t FROM instance WHERE state::text LIKE '%alike:%'
       UNION ALL SELECT 'history' FROM history_event WHERE data::text LIKE '%alike:%'
       UNION ALL SELECT 'job' FROM job WHERE idempotency_key LIKE '%alike:%' OR payload::text LIKE '%alike:%'
       UNION ALL SELECT 'occurrence' FROM occurrence WHERE input::text LIKE '%alike:%'`,
    );
    expect(leaks).toEqual([]);
  });

  it("shares one step among alike instances: their new states hold the same step's parts", async () => {
    const { ids, runId } = await migrated("alike-shared");
    const run = await loadRunContext(t.runtime.rt, runId);
    const now = t.clock.now();
    const results = await stepInstances(
      t.runtime.rt,
      [...ids].sort(),
      (row) => {
        const plan = planInstance(run, run.sources.get(row.versionId)!, row.state, now, false);
        if (!plan.ok) throw new Error(plan.message);
        return { event: { type: "migrate", toModel: run.target.model, plan } };
      },
      {
        optimistic: true,
        alike: (_row, event) => (event.type === "migrate" ? JSON.stringify(event.plan) : undefined),
      },
    );
    const states = results.map((r) => (r.outcome?.ok ? r.outcome.state : undefined));
    expect(states.map((s) => s?.instanceId)).toEqual([...ids].sort());
    // One step, written six times: the states differ in their identity only, and share the rest.
    for (const s of states.slice(1)) expect(s!.occurrences).toBe(states[0]!.occurrences);
    const rows = await rowsOf(ids);
    for (const id of ids) expect(rows.get(id)!.state.instanceId).toBe(id);
  });

  it("steps instances one by one when an expression reads the business key", async () => {
    const { ids, runId } = await migrated("alike-vip", { vip: 'businessKey = "VIP"' });
    const report = await new MigrationExecutor(t.runtime.rt).processRun(runId);
    expect(report).toMatchObject({ migrated: keys.length, failed: 0, status: "completed" });
    const { rows } = await t.db.pool!.query<{ instance_id: string; input: { vip: boolean } }>(
      `SELECT instance_id, input FROM occurrence WHERE instance_id = ANY($1::uuid[]) AND node_id = 'fix'`,
      [ids],
    );
    const vipOf = new Map(rows.map((r) => [r.instance_id, r.input.vip]));
    expect(ids.map((id) => vipOf.get(id))).toEqual(keys.map((k) => k === "VIP"));
  });

  it("runs a batch's statement on its generic plan, and leaves each connection's plan setting as it was", async () => {
    const { runId } = await migrated("alike-generic");
    const report = await new MigrationExecutor(t.runtime.rt).processRun(runId);
    expect(report).toMatchObject({ migrated: keys.length, status: "completed" });
    // Every idle connection of the pool, each asked about its own session.
    const pool = t.db.pool!;
    const clients = await Promise.all(Array.from({ length: pool.idleCount }, () => pool.connect()));
    try {
      const sessions = await Promise.all(
        clients.map(async (c) => ({
          mode: (await c.query<{ plan_cache_mode: string }>("SHOW plan_cache_mode")).rows[0]!.plan_cache_mode,
          plans: (
            await c.query<{ generic_plans: string; custom_plans: string }>(
              `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'flowstate_write_steps_migration_items'`,
            )
          ).rows,
        })),
      );
      expect(sessions.map((s) => s.mode)).toEqual(sessions.map(() => "auto"));
      const plans = sessions.flatMap((s) => s.plans);
      expect(plans.length).toBeGreaterThan(0);
      for (const p of plans)
        expect({ generic: Number(p.generic_plans) > 0, custom: Number(p.custom_plans) }).toEqual({
          generic: true,
          custom: 0,
        });
    } finally {
      for (const c of clients) c.release();
    }
  });
});
