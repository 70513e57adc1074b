import { describe, expect, it } from "vitest";
import { buildModel, publishBuilt } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { MigrationExecutor, refreshCounters } from "../src/migrations/MigrationExecutor.ts";
import { loadRunContext, migrateItem } from "../src/migrations/migrateItem.ts";
import { useTestContext } from "./support/useTestContext.ts";

/**
 * A run executes plans made without the dry run's preview (what gets unlocked is only shown by the
 * dry run): a migration that cannot settle in the target version is then refused by the migration
 * step itself, and the item fails with the same `CANNOT_SETTLE` reason the dry run gives — on the
 * batch path and item by item — leaving the instance where it was.
 */
describe("a migration that cannot settle in the target version", () => {
  const key = "mig-settle";
  let v1 = "";
  let v2 = "";
  const ids: string[] = [];
  const t = useTestContext("migration_settle", async (t) => {
    await publishBuilt(t.ctx, {
      key,
      states: [{ id: "A", initial: true }],
      nodes: [{ id: "work", kind: "action", mode: "manual", stateId: "A" }],
    });
    for (let i = 0; i < 3; i++)
      ids.push((await t.caller.instance.start({ processKey: key, businessKey: `settle-${i}` })).instanceId);
    // v2: entering A fires `root`, then `x` and `y` keep firing each other (the engine's cascade
    // limit). Publishing refuses such a cycle today, so v2 is published without the line back and the
    // line is then added to the stored model, as a version published under laxer rules would be.
    const loop = (back: boolean) =>
      buildModel({
        key,
        states: [{ id: "A", initial: true }],
        nodes: [
          { id: "work", kind: "action", mode: "manual", stateId: "A" },
          { id: "root", kind: "or", stateId: "A" },
          { id: "x", kind: "or", stateId: "A" },
          { id: "y", kind: "or", stateId: "A" },
        ],
        lines: [{ from: "root", to: "x" }, { from: "x", to: "y" }, ...(back ? [{ from: "y", to: "x" }] : [])],
      });
    await publishModel(t.ctx, loop(false));
    const versions = await t.db.prisma.version.findMany({
      where: { process: { key } },
      orderBy: { number: "asc" },
    });
    [v1, v2] = [versions[0]!.id, versions[1]!.id];
    await t.db.prisma.version.update({
      where: { id: v2 },
      data: { model: JSON.parse(JSON.stringify(loop(true))) },
    });
  });

  const plan = () => ({ processKey: key, sourceVersionIds: [v1], targetVersionId: v2, mapping: {} });

  async function failsEveryItem(drive: (runId: string) => Promise<void>) {
    const dry = await t.caller.migration.dryRun({ plan: plan(), limit: 10 });
    expect(dry.items.map((i) => (i.ok ? "ok" : i.problems[0]!.code))).toEqual(ids.map(() => "CANNOT_SETTLE"));
    const before = await t.db.prisma.instance.findMany({
      where: { id: { in: ids } },
      orderBy: { id: "asc" },
      select: { id: true, versionId: true, seq: true, state: true },
    });
    const { runId } = await t.caller.migration.create({ plan: plan() });
    await t.caller.migration.start({ runId });
    await drive(runId);
    const items = (await t.caller.migration.items({ runId })).items;
    expect(items.map((i) => i.status)).toEqual(ids.map(() => "failed"));
    for (const item of items) expect(item.reason).toMatch(/^CANNOT_SETTLE: the step would not settle/);
    expect(
      await t.db.prisma.instance.findMany({
        where: { id: { in: ids } },
        orderBy: { id: "asc" },
        select: { id: true, versionId: true, seq: true, state: true },
      }),
    ).toEqual(before);
  }

  it("the dry run says CANNOT_SETTLE; a run's batch fails each item with that reason and changes no instance", async () => {
    await failsEveryItem(async (runId) => {
      expect(await new MigrationExecutor(t.runtime.rt).processRun(runId)).toMatchObject({
        migrated: 0,
        failed: ids.length,
        status: "completed",
      });
    });
  });

  it("item by item (the executor's way after a batch conflict): the same reason, no instance changed", async () => {
    await failsEveryItem(async (runId) => {
      const run = await loadRunContext(t.runtime.rt, runId);
      const items = await t.db.prisma.migrationItem.findMany({
        where: { runId },
        orderBy: { instanceId: "asc" },
      });
      for (const i of items) {
        const outcome = await migrateItem(t.runtime.rt, run, {
          instanceId: i.instanceId,
          fromVersionId: i.fromVersionId,
          fromStateId: i.fromStateId,
          seqBefore: i.seqBefore,
        });
        expect(outcome).toMatchObject({ status: "failed" });
      }
      await refreshCounters(t.runtime.rt, runId);
    });
  });
});
