import { describe, expect, it } from "vitest";
import type { InstanceState } from "@flowstate/engine";
import { buildModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { stepInstance } from "../src/instances/stepInstance.ts";
import { readInstance } from "../src/instances/readInstance.ts";
import { useTestContext } from "./support/useTestContext.ts";

// An automatic action whose attempts the test fails by hand (no worker): each failure opens an
// incident, each retry closes it — a step that writes the state and the incident rows together.
const model = buildModel({
  key: "flaky",
  nodes: [{ id: "post", kind: "action", mode: "automatic", handler: "noop" }],
});

describe("instance.get reads the row and its incidents consistently", () => {
  const t = useTestContext("instance_read", (t) => publishModel(t.ctx, model));

  it("never disagrees with state.incidents while incidents open and close (hammered reads)", async () => {
    const ids = await Promise.all(
      ["F-1", "F-2", "F-3"].map(
        async (businessKey) =>
          (await t.caller.instance.start({ processKey: "flaky", businessKey })).instanceId,
      ),
    );
    const toggles = 20;
    let writing = true;
    const writer = async (instanceId: string) => {
      for (let i = 0; i < toggles; i++) {
        const row = await t.db.prisma.instance.findUniqueOrThrow({
          where: { id: instanceId },
          select: { state: true },
        });
        const occurrence = Object.values((row.state as unknown as InstanceState).occurrences).find(
          (o) => o.nodeId === "post",
        )!;
        const failed = await stepInstance(t.runtime.rt, instanceId, {
          type: "fail",
          occurrenceId: occurrence.id,
          attempt: occurrence.attempt,
          error: { message: `attempt ${i}` },
          final: true,
        });
        if (!failed.ok) throw new Error(failed.rejection.message);
        const incident = failed.state.incidents[0]!;
        const retried = await stepInstance(t.runtime.rt, instanceId, {
          type: "retryIncident",
          incidentId: incident.id,
        });
        if (!retried.ok) throw new Error(retried.rejection.message);
      }
    };
    let reads = 0;
    const disagreements: unknown[] = [];
    const reader = async () => {
      while (writing) {
        for (const id of ids) {
          const view = await readInstance(t.runtime.rt, id);
          reads++;
          const rows = view.incidents.map((i) => i.engineId);
          const inState = view.state.incidents.map((i) => i.id);
          if (JSON.stringify(rows) !== JSON.stringify(inState))
            disagreements.push({ seq: view.seq, rows, inState });
        }
      }
    };
    const readers = Array.from({ length: 4 }, reader);
    await Promise.all(ids.map(writer));
    writing = false;
    await Promise.all(readers);
    expect(reads).toBeGreaterThan(toggles);
    expect(disagreements).toEqual([]);
    // The writers did what the reads raced with: every attempt failed once, an incident each.
    expect(await t.db.prisma.incident.count({ where: { instanceId: { in: ids } } })).toBe(
      ids.length * toggles,
    );
  });
});
