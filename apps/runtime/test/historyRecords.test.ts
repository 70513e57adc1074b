import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { buildModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { useTestContext } from "./support/useTestContext.ts";

// A step's history records are stored as one row (type `step`); `instance.history` returns records,
// one per entry, in `seq` order, and pages through them with record ids as cursors.
const desk = buildModel({
  key: "history-desk",
  nodes: [
    { id: "note", kind: "action", mode: "manual", maxOccurs: 0 },
    { id: "close", kind: "action", mode: "manual" },
    { id: "end", kind: "finalizer", outcome: "succeeded" },
  ],
  lines: [{ id: "l_close_end", from: "close", to: "end" }],
});

describe("history records: one row per step, records through the API", () => {
  const t = useTestContext("history-records", (t) => publishModel(t.ctx, desk));

  const rowsOf = async (instanceId: string) =>
    (
      await t.db.pool!.query<{ type: string; seq: number }>(
        `SELECT type, seq FROM history_event WHERE instance_id = $1 ORDER BY id`,
        [instanceId],
      )
    ).rows;

  it("stores each step as one row and returns every record, seqs 1…n in order, the same in pages of any size", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "history-desk" });
    await t.caller.instance.perform({ instanceId, actionId: "note" });
    await t.caller.instance.perform({ instanceId, actionId: "note" });
    await t.caller.instance.perform({ instanceId, actionId: "close" });
    const rows = await rowsOf(instanceId);
    // Start, two notes, the close (which also completes the instance): four steps, four rows.
    expect(rows.map((r) => r.type)).toEqual(["step", "step", "step", "step"]);
    const all = await t.caller.instance.history({ id: instanceId, limit: 1000 });
    expect(all.length).toBeGreaterThan(rows.length);
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    // Each step's first record is its event; the row's seq is that record's.
    expect(all.filter((r) => r.type === "event").map((r) => r.seq)).toEqual(rows.map((r) => r.seq));
    expect(all.find((r) => r.type === "event")?.data).toMatchObject({ event: { type: "start" } });
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    for (const limit of [1, 2, 3, 5]) {
      const paged: typeof all = [];
      let afterId: string | undefined;
      for (;;) {
        const page = await t.caller.instance.history({
          id: instanceId,
          limit,
          ...(afterId ? { afterId } : {}),
        });
        paged.push(...page);
        if (page.length < limit) break;
        afterId = page[page.length - 1]!.id;
      }
      expect(paged).toEqual(all);
    }
  });

  it("a record written on its own (a row of its own type) comes in its place, with its row id", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "history-desk" });
    const { seq } = await t.db.prisma.instance.findUniqueOrThrow({
      where: { id: instanceId },
      select: { seq: true },
    });
    await t.db.pool!.query(
      `INSERT INTO history_event (instance_id, seq, type, data, actor, at) VALUES ($1, $2, 'migrationFailed', '{"reason":"why"}', 'migration:x', now())`,
      [instanceId, seq],
    );
    await t.caller.instance.perform({ instanceId, actionId: "note" });
    const all = await t.caller.instance.history({ id: instanceId });
    const own = all.filter((r) => r.type === "migrationFailed");
    expect(own).toEqual([
      expect.objectContaining({
        seq,
        data: { reason: "why" },
        actor: "migration:x",
        id: expect.stringMatching(/^\d+$/),
      }),
    ]);
    // After the start's records, before the note's.
    const at = all.indexOf(own[0]!);
    expect(all.slice(0, at).every((r) => r.seq <= seq)).toBe(true);
    expect(all.slice(at + 1).every((r) => r.seq > seq)).toBe(true);
    // Paging right after it goes on with the next step's records.
    expect(
      (await t.caller.instance.history({ id: instanceId, afterId: own[0]!.id })).map((r) => r.id),
    ).toEqual(all.slice(at + 1).map((r) => r.id));
  });

  it("refuses a cursor that is not a record id, reading nothing", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "history-desk" });
    // (19 digits would pass a bigint's range: 9999999999999999999 > 2^63 - 1.)
    for (const afterId of [
      "1.2.3",
      "abc",
      "1;DROP TABLE history_event",
      "-1",
      "9999999999999999999",
      "1.9999999999",
    ]) {
      const refused = await t.caller.instance.history({ id: instanceId, afterId }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(TRPCError);
      expect((refused as TRPCError).code).toBe("BAD_REQUEST");
    }
    expect((await rowsOf(instanceId)).length).toBe(1);
  });
});
