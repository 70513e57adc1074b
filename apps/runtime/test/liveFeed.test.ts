import { afterAll, describe, expect, it } from "vitest";
import { useTestContext } from "./support/useTestContext.ts";
import { buildModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { openDatabase } from "../src/db/openDatabase.ts";
import type { Database } from "../src/db/openDatabase.ts";
import { createRuntime } from "../src/createRuntime.ts";
import type { RunningRuntime } from "../src/createRuntime.ts";
import type { InstanceChange } from "../src/live/ChangeFeed.ts";
import { subscribed } from "./support/waits.ts";

/**
 * The live change feed across runtime processes sharing one database: a step taken in one
 * process reaches the open pages (subscribers) of every process exactly once — this process's at
 * once, the others' through the batched NOTIFY — also when a burst of changes needs more than one
 * NOTIFY payload (Postgres caps one at 8,000 bytes).
 */
describe("live change feed across runtimes", () => {
  let otherDb: Database;
  let other: RunningRuntime;
  const t = useTestContext("livefeed", async (t) => {
    otherDb = await openDatabase({ kind: "postgres", url: t.url });
    other = await createRuntime({
      db: otherDb,
      clock: t.clock,
      publicUrl: "http://127.0.0.1:9",
      worker: false,
    });
    await publishModel(
      t.ctx,
      buildModel({ key: "desk", nodes: [{ id: "note", kind: "action", mode: "manual", maxOccurs: 0 }] }),
    );
  });
  // registered after useTestContext's: vitest runs afterAll hooks in reverse, so this one runs first
  afterAll(async () => {
    await other?.stop();
    await otherDb?.close();
  });

  /**
   * Collects a feed's changes after `after`'s seq of each instance (not the starts, whose NOTIFY may
   * still be in flight) until `marker` moves past `markerSeq`. The marker steps after everything else:
   * its change comes after every other one (and any duplicate of it) on both paths, the in-process
   * emitter and the NOTIFYs (delivered in commit order).
   */
  function collect(
    feed: RunningRuntime["rt"]["feed"],
    after: Map<string, number>,
    marker: { instanceId: string; seq: number },
  ): Promise<InstanceChange[]> {
    const seen: InstanceChange[] = [];
    return (async () => {
      for await (const change of feed.subscribe()) {
        if (change.instanceId === marker.instanceId && change.seq > marker.seq) break;
        if (!after.has(change.instanceId) || change.seq <= after.get(change.instanceId)!) continue;
        seen.push(change);
      }
      return seen;
    })();
  }

  it("a burst of 300 steps in one process reaches the other process's subscribers once each, in order per instance, and this process's once each", async () => {
    const started = new Map<string, number>();
    for (let i = 0; i < 100; i++) {
      const { instanceId } = await t.caller.instance.start({ processKey: "desk" });
      started.set(
        instanceId,
        (await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId }, select: { seq: true } }))
          .seq,
      );
    }
    const ids = [...started.keys()];
    const { instanceId: markerId } = await t.caller.instance.start({ processKey: "desk" });
    const marker = {
      instanceId: markerId,
      seq: (await t.db.prisma.instance.findUniqueOrThrow({ where: { id: markerId }, select: { seq: true } }))
        .seq,
    };
    const remote = collect(other.rt.feed, started, marker);
    const local = collect(t.runtime.rt.feed, started, marker);
    await subscribed(other.rt.feed);
    await subscribed(t.runtime.rt.feed);
    for (let round = 0; round < 3; round++)
      await Promise.all(ids.map((instanceId) => t.caller.instance.perform({ instanceId, actionId: "note" })));
    await t.caller.instance.perform({ instanceId: markerId, actionId: "note" });

    const [there, here] = await Promise.all([remote, local]);
    for (const seen of [there, here]) {
      expect(seen).toHaveLength(300);
      const seqs = new Map<string, number[]>();
      for (const c of seen) seqs.set(c.instanceId, [...(seqs.get(c.instanceId) ?? []), c.seq]);
      expect(seqs.size).toBe(100);
      for (const list of seqs.values()) {
        expect(list).toHaveLength(3);
        expect([...list].sort((a, b) => a - b)).toEqual(list); // in order per instance
      }
    }
  });
});
