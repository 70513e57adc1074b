import { describe, expect, it } from "vitest";
import { useTestContext } from "./support/useTestContext.ts";
import { buildModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { instanceWhere, processIdOf } from "../src/instances/instanceFilter.ts";
import type { InstanceFilter } from "../src/instances/instanceFilter.ts";
import { listInstanceRows } from "../src/instances/instanceList.ts";
import { startInstance } from "../src/instances/startInstance.ts";
import { usePgliteRuntime } from "./support/usePglite.ts";
import { randomUUID } from "node:crypto";

// `instance.list` runs one SQL statement (instances/instanceList.ts); the migration and bulk
// selections run the same filter through Prisma (`instanceWhere`). Both must select the same instances.
const intakeModel = (key: string) =>
  buildModel({
    key,
    states: [
      { id: "intake", name: "Intake", initial: true },
      { id: "review", name: "Review" },
    ],
    nodes: [
      { id: "check", kind: "action", mode: "manual", stateId: "intake" },
      { id: "approve", kind: "action", mode: "manual", stateId: "review" },
    ],
    lines: [],
    transitions: [{ id: "t_review", from: "check", to: "review" }],
  });

describe("instance list: the one statement selects what the Prisma filter selects", () => {
  let versionId: string;
  let middle: Date;

  const t = useTestContext("instance-list", async (t) => {
    await publishModel(t.ctx, intakeModel("listed"));
    await publishModel(t.ctx, intakeModel("other"));
    versionId = (
      await t.db.prisma.version.findFirstOrThrow({
        where: { process: { key: "listed" } },
        select: { id: true },
      })
    ).id;
    const ids: string[] = [];
    for (const businessKey of ["Order-1", "order-2", "50%_off", "5000", "Order-3", "x"]) {
      ids.push((await t.caller.instance.start({ processKey: "listed", businessKey })).instanceId);
      if (ids.length === 3) middle = new Date();
    }
    await t.caller.instance.start({ processKey: "other", businessKey: "Order-9" });
    await t.caller.instance.perform({ instanceId: ids[0]!, actionId: "check" });
    await t.caller.instance.perform({ instanceId: ids[1]!, actionId: "check" });
    await t.caller.instance.cancel({ instanceId: ids[2]!, reason: "test" });
    await t.db.prisma.instance.update({ where: { id: ids[3]! }, data: { hasIncident: true } });
    const processId = (await t.db.prisma.process.findUniqueOrThrow({ where: { key: "listed" } })).id;
    await t.db.prisma.identifier.createMany({
      data: [
        { instanceId: ids[0]!, processId, name: "customerId", value: "C-1" },
        { instanceId: ids[4]!, processId, name: "customerId", value: "C-1" },
        { instanceId: ids[5]!, processId, name: "customerId", value: "C-2" },
      ],
    });
  });

  const filters = (): InstanceFilter[] => [
    {},
    { processKey: "listed" },
    { processKey: "nobody" },
    { versionId },
    { processKey: "listed", stateId: "review" },
    { status: "running" },
    { status: "cancelled", processKey: "listed" },
    { businessKey: "order" },
    { businessKey: "ORDER-", processKey: "other" },
    { processKey: "listed", identifier: { name: "customerId", value: "C-1" } },
    { identifier: { name: "customerId", value: "C-2" } },
    { identifier: { name: "customerId", value: "C-3" } },
    { hasIncident: true },
    { hasIncident: false, processKey: "listed" },
    { startedFrom: middle.toISOString() },
    { startedTo: middle.toISOString(), processKey: "listed" },
  ];

  it("every filter: the same page, newest first, and the same running counts per state", async () => {
    for (const filter of filters()) {
      const listed = await t.caller.instance.list({ ...filter, limit: 500 });
      const where = instanceWhere(filter, await processIdOf(t.db.prisma, filter));
      const expected = await t.db.prisma.instance.findMany({
        where,
        orderBy: [{ startedAt: "desc" }, { id: "desc" }],
        select: { id: true },
      });
      expect(
        listed.items.map((i) => i.id),
        JSON.stringify(filter),
      ).toEqual(expected.map((e) => e.id));
      const counts = await t.db.prisma.instance.groupBy({
        by: ["versionId", "currentStateId"],
        where: { ...where, status: { in: ["running", "locked"] } },
        _count: { _all: true },
      });
      expect(
        listed.countsByState.map((c) => [c.versionId, c.stateId, c.count]),
        JSON.stringify(filter),
      ).toEqual(
        counts
          .map((c) => [c.versionId, c.currentStateId, c._count._all])
          .sort((a, b) => `${a[0]}/${a[1]}`.localeCompare(`${b[0]}/${b[1]}`)),
      );
    }
  });

  it("a business key's % and _ are letters, not wildcards; pages follow the cursor to the end", async () => {
    expect((await t.caller.instance.list({ businessKey: "0%_" })).items.map((i) => i.businessKey)).toEqual([
      "50%_off",
    ]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.caller.instance.list({
        processKey: "listed",
        limit: 4,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((i) => i.businessKey ?? ""));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const whole = await t.caller.instance.list({ processKey: "listed" });
    expect(seen).toEqual(whole.items.map((i) => i.businessKey));
    expect(seen).toHaveLength(6);
  });
});

describe("instance list on PGlite (the statement through Prisma's raw query)", () => {
  const p = usePgliteRuntime("instance-list", async (p) => {
    await publishModel(p.runtime.rt, intakeModel("embedded"));
  });

  it("lists the page with version and process and counts the running instances per state", async () => {
    const ids: string[] = [];
    for (const businessKey of ["e-1", "e-2", "e-3"])
      ids.push(
        (await startInstance(p.runtime.rt, { processKey: "embedded", businessKey }, randomUUID())).instanceId,
      );
    const filter = { processKey: "embedded" };
    const { rows, counts } = await listInstanceRows(p.db, filter, await processIdOf(p.db.prisma, filter), {
      limit: 2,
    });
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ids));
    expect(rows[0]).toMatchObject({ process_key: "embedded", version_number: 1, status: "running" });
    expect(rows[0]!.started_at).toBeInstanceOf(Date);
    expect(counts).toEqual([[rows[0]!.version_id, "intake", 3]]);
  });
});
