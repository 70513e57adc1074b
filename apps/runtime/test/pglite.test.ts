import { describe, expect, it } from "vitest";
import { systemClock } from "../src/clock.ts";
import { createRuntime } from "../src/createRuntime.ts";
import { startInstance } from "../src/instances/startInstance.ts";
import { stepInstance } from "../src/instances/stepInstance.ts";
import { readInstance } from "../src/instances/readInstance.ts";
import { migrationModel, publishBuilt, setVariablesAction } from "./support/models.ts";
import { eventually } from "./support/eventually.ts";
import { usePgliteRuntime } from "./support/usePglite.ts";
import { MigrationExecutor } from "../src/migrations/MigrationExecutor.ts";
import { createRun, startRun } from "../src/migrations/migrationService.ts";

// The core path on the embedded database (one connection): everything a step reads inside its
// transaction must go through the transaction, or PGlite waits on itself.
describe("core path on PGlite", () => {
  // Seeding happens in a runtime without a worker; the worker comes later with a cold model cache,
  // like a server restarting with work queued.
  const p = usePgliteRuntime("pglite", async (p) => {
    await publishBuilt(p.runtime.rt, {
      key: "chain",
      nodes: [
        { id: "start", kind: "action", mode: "manual", code: "chain.start" },
        setVariablesAction("a", { n: "1" }),
        setVariablesAction("b", { n: "n + 1" }),
        { id: "end", kind: "finalizer", outcome: "succeeded" },
      ],
      lines: [
        { from: "start", to: "a" },
        { from: "a", to: "b" },
        { from: "b", to: "end" },
      ],
    });
  });

  it("starts, performs and runs automatic steps on the worker for many instances at once", async () => {
    const ids = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        startInstance(p.runtime.rt, { processKey: "chain", businessKey: `k${i}` }, crypto.randomUUID()).then(
          (s) => s.instanceId,
        ),
      ),
    );
    await Promise.all(
      ids.map((id) => stepInstance(p.runtime.rt, id, { type: "perform", code: "chain.start" })),
    );
    await p.runtime.stop();
    p.runtime = await createRuntime({
      db: p.db,
      clock: systemClock,
      publicUrl: "http://127.0.0.1:9",
      workerOptions: { pollMs: 50 },
    });
    await eventually(
      () => p.db.prisma.instance.count({ where: { id: { in: ids }, status: "completed" } }),
      (done) => done === ids.length,
      30_000,
    );
    const variables = await p.db.prisma.instance.findMany({
      where: { id: { in: ids } },
      select: { variables: true },
    });
    expect(variables.every((v) => (v.variables as { n?: number }).n === 2)).toBe(true);
    expect(await p.db.prisma.job.count()).toBe(0);
    // The inspector's one-statement read works on PGlite too (json columns come back as text or parsed).
    const view = await readInstance(p.runtime.rt, ids[0]!);
    expect(view).toMatchObject({
      id: ids[0],
      process: { key: "chain" },
      version: { number: 1, status: "published" },
      status: "completed",
      variables: { n: 2 },
      incidents: [],
      identifiers: [],
    });
    expect(view.state.instanceId).toBe(ids[0]);
    expect(view.startedAt).toBeInstanceOf(Date);
  });

  it("migrates alike instances in one batch (one step per kind, identity put in by the statement)", async () => {
    const rt = p.runtime.rt;
    await publishBuilt(rt, migrationModel("mover", false));
    const ids: string[] = [];
    for (const businessKey of ["m-1", "m-2", 'm "3"'])
      ids.push(
        (await startInstance(rt, { processKey: "mover", businessKey }, crypto.randomUUID())).instanceId,
      );
    await publishBuilt(rt, migrationModel("mover", true));
    const [v1, v2] = await p.db.prisma.version.findMany({
      where: { process: { key: "mover" } },
      orderBy: { number: "asc" },
    });
    const { runId } = await createRun(rt, {
      plan: { processKey: "mover", sourceVersionIds: [v1!.id], targetVersionId: v2!.id, mapping: {} },
    });
    await startRun(rt, runId);
    expect(await new MigrationExecutor(rt).processRun(runId)).toMatchObject({
      migrated: 3,
      status: "completed",
    });
    const rows = await p.db.prisma.instance.findMany({
      where: { id: { in: ids } },
      select: { id: true, businessKey: true, state: true },
    });
    for (const row of rows)
      expect(row.state).toMatchObject({ instanceId: row.id, businessKey: row.businessKey, version: 2 });
    // The worker (started by the first test) runs each instance's own migration job.
    await eventually(
      () =>
        p.db.prisma.occurrence.count({
          where: { instanceId: { in: ids }, nodeId: "fix", status: "completed" },
        }),
      (done) => done === ids.length,
      30_000,
    );
  });
});
