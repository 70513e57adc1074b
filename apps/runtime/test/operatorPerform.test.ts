import { describe, expect, it } from "vitest";
import { buildModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { useTestContext } from "./support/useTestContext.ts";
import { createCaller, person } from "./support/actors.ts";

// An intake with one open action and one for the credit officers.
const intake = buildModel({
  key: "intake",
  nodes: [
    { id: "register", kind: "action", mode: "manual", code: "intake.register" },
    { id: "decide", kind: "action", mode: "manual", code: "intake.decide", role: "credit-officer" },
  ],
});

// README: operators "do the manual work". Issue 18 decided it: they perform (as workers do); an
// action's role narrows who may, for operators exactly as for workers.
describe("operators perform manual actions; an action's role narrows who may", () => {
  const t = useTestContext("operator_perform", (t) => publishModel(t.ctx, intake));

  it("an operator performs an action without a role, and one whose role is among their groups; the history names them", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "intake" });
    const olga = createCaller({ ...t.ctx, actor: person("olga", ["operator"], ["credit-officer"]) });
    const before = (await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } })).seq;
    await expect(olga.instance.perform({ instanceId, code: "intake.register" })).resolves.toMatchObject({
      instanceId,
      status: "running",
    });
    await expect(olga.instance.perform({ instanceId, code: "intake.decide" })).resolves.toMatchObject({
      instanceId,
      status: "running",
    });
    const history = await t.db.prisma.historyEvent.findMany({
      where: { instanceId, seq: { gt: before } },
      select: { actor: true },
    });
    expect(history).toHaveLength(2);
    expect(history.every((h) => h.actor === "olga")).toBe(true);
    expect(await t.db.prisma.occurrence.count({ where: { instanceId, status: "completed" } })).toBe(2);
    expect(
      await t.db.prisma.auditEvent.count({
        where: { instanceId, actorName: "olga", action: "instance.perform", outcome: "ok" },
      }),
    ).toBe(2);
  });

  it("an operator without the action's role is refused (FORBIDDEN, audited as denied), and nothing changes", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "intake" });
    const otto = createCaller({ ...t.ctx, actor: person("otto", ["operator"]) });
    const instanceBefore = await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } });
    const historyBefore = await t.db.prisma.historyEvent.count({ where: { instanceId } });
    await expect(otto.instance.perform({ instanceId, code: "intake.decide" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/otto may not perform "decide": it needs role "credit-officer"/),
    });
    expect(await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } })).toEqual(
      instanceBefore,
    );
    expect(await t.db.prisma.historyEvent.count({ where: { instanceId } })).toBe(historyBefore);
    expect(
      await t.db.prisma.auditEvent.count({
        where: { instanceId, actorName: "otto", action: "instance.perform", outcome: "denied" },
      }),
    ).toBe(1);
    // The open action is still his to do.
    await expect(otto.instance.perform({ instanceId, code: "intake.register" })).resolves.toMatchObject({
      instanceId,
      status: "running",
    });
  });

  it("analysts and viewers still perform nothing", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "intake" });
    for (const role of ["analyst", "viewer"] as const) {
      const caller = createCaller({ ...t.ctx, actor: person(`${role}-1`, [role], ["credit-officer"]) });
      await expect(caller.instance.perform({ instanceId, code: "intake.register" })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    expect(await t.db.prisma.occurrence.count({ where: { instanceId, status: "completed" } })).toBe(0);
  });
});
