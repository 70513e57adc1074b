import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { InstanceState } from "@flowstate/engine";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { buildModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { defineHandler, FinalFailure } from "../src/handlers/defineHandler.ts";
import { eventually } from "./support/eventually.ts";

const failing = defineHandler("ledgerDown", { input: z.unknown() }, async () => {
  throw new FinalFailure("the ledger is down");
});

// v1: in A an automatic action that fails for good (an open incident) next to a manual one;
// v2: A without the failing action. Migrating closes the incident; reverting must re-open it.
const v1 = buildModel({
  key: "ledger",
  states: [{ id: "A", initial: true }],
  nodes: [
    { id: "post", kind: "action", mode: "automatic", handler: "ledgerDown" },
    { id: "approve", kind: "action", mode: "manual" },
  ],
});
const v2 = buildModel({
  key: "ledger",
  states: [{ id: "A", initial: true }],
  nodes: [{ id: "approve", kind: "action", mode: "manual" }],
});

describe("reverting a migration of an instance that had an open incident", () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext("migration_revert", new Date(), {
      worker: true,
      workerOptions: { pollMs: 30 },
      handlers: [failing],
    });
  });
  afterAll(async () => t?.close());

  it("succeeds, re-opens the incident on its existing row, and keeps the current state instance last", async () => {
    await publishModel(t.ctx, v1);
    const versionId = async (number: number) =>
      (
        await t.db.prisma.version.findFirstOrThrow({
          where: { process: { key: "ledger" }, number },
          select: { id: true },
        })
      ).id;
    const v1Id = await versionId(1);
    const { instanceId } = await t.caller.instance.start({ processKey: "ledger", businessKey: "L-1" });
    const incidentRows = () =>
      t.db.prisma.incident.findMany({
        where: { instanceId },
        select: { id: true, engineId: true, nodeId: true, status: true, resolution: true, error: true },
      });
    const opened = await eventually(incidentRows, (rows) => rows.some((r) => r.status === "open"));
    expect(opened).toMatchObject([
      { nodeId: "post", status: "open", error: { message: "the ledger is down" } },
    ]);

    await publishModel(t.ctx, v2);
    const v2Id = await versionId(2);
    const { runId } = await t.caller.migration.create({
      plan: { processKey: "ledger", sourceVersionIds: [v1Id], targetVersionId: v2Id, mapping: {} },
    });
    await t.caller.migration.start({ runId });
    expect(
      await eventually(
        () => t.caller.migration.get({ runId }),
        (r) => r.status === "completed",
      ),
    ).toMatchObject({ status: "completed", progress: { done: 1, failed: 0 } });
    expect((await incidentRows()).map((r) => r.status)).toEqual(["resolved"]);

    const reverted = await t.caller.migration.revert({ runId, instanceId });
    expect(reverted).toMatchObject({ status: "reverted", versionNumber: 1, currentStateId: "A" });

    // The same row is open again (one row per engine id), and every read agrees.
    const after = await incidentRows();
    expect(after).toEqual([{ ...opened[0]!, status: "open", resolution: null }]);
    const view = await t.caller.instance.get({ id: instanceId });
    expect(view.incidents.map((i) => [i.engineId, i.nodeId])).toEqual([[opened[0]!.engineId, "post"]]);
    expect(view.state.incidents.map((i) => i.id)).toEqual([opened[0]!.engineId]);
    const row = await t.db.prisma.instance.findUniqueOrThrow({
      where: { id: instanceId },
      select: { versionId: true, hasIncident: true, state: true },
    });
    expect(row).toMatchObject({ versionId: v1Id, hasIncident: true });
    // Semantics E2: the last state instance is the current one (the re-opened v1 one).
    const state = row.state as unknown as InstanceState;
    expect(state.stateInstances.at(-1)).toMatchObject({ id: state.current.id, version: 1 });
    expect(state.stateInstances.at(-1)!.exitReason).toBeUndefined();
    expect(state.stateInstances.filter((s) => s.exitReason === undefined)).toHaveLength(1);
  });
});
