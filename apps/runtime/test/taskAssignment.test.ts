import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { eitherModel, oneAction, setVariablesAction } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { createCaller } from "./support/actors.ts";
import { refusal } from "./support/refusal.ts";
import { createUser } from "../src/auth/userAccounts.ts";
import type { Actor } from "../src/auth/Actor.ts";

// Tasks: claim, unclaim, assign, follow-up and the task list's views through tRPC as real users,
// against real PostgreSQL. Every refusal is typed and leaves the instance row as it was.

describe("tasks: claim, unclaim, assign, follow-up", () => {
  let t: TestContext;
  const users: Record<string, Actor> = {};
  const as = (name: string) => createCaller({ ...t.ctx, actor: users[name]! });
  const row = (id: string) =>
    t.db.prisma.instance.findUniqueOrThrow({
      where: { id },
      select: { seq: true, state: true, status: true },
    });
  const start = async () => (await t.caller.instance.start({ processKey: "claims" })).instanceId;
  const task = (instanceId: string) => ({ instanceId, actionId: "review" });

  beforeAll(async () => {
    t = await createTestContext("task_assignment", new Date("2026-03-02T08:00:00Z"));
    // review (role clerk) or, after a day, expire: whichever comes first
    await publishModel(
      t.ctx,
      eitherModel(
        "claims",
        { id: "review", kind: "action", mode: "manual", role: "clerk" },
        setVariablesAction("expire", { expired: "true" }, { delay: "P1D" }),
        "first",
        "end",
      ),
    );
    await publishModel(t.ctx, oneAction("open", { id: "look" }));
    const people: [string, string, Actor["roles"], string[]][] = [
      ["ann", "Ann Smith", ["worker"], ["clerk"]],
      ["bob", "Bob Jones", ["worker"], ["clerk"]],
      ["carl", "Carl Ray", ["worker"], ["other"]],
      ["olga", "Olga Operator", ["operator"], []],
      ["ada", "Ada Admin", ["admin"], []],
      ["vic", "Vic Viewer", ["viewer"], ["clerk"]],
    ];
    for (const [username, displayName, roles, groups] of people) {
      const { id } = await createUser(t.db, {
        username,
        displayName,
        password: "a long enough password",
        roles: [...roles],
        groups,
      });
      users[username] = { kind: "user", id, name: username, roles, groups, ip: "10.0.0.7" };
    }
  });
  afterAll(async () => t?.close());

  it("a claimed task is Ann's: her view shows it with due time, Bob cannot claim or perform it, Ann performs it", async () => {
    const id = await start();
    const claimed = await as("ann").task.claim(task(id));
    expect(claimed).toEqual({
      instanceId: id,
      actionId: "review",
      assignee: { id: users.ann!.id, name: "Ann Smith" },
      followUpAt: null,
    });
    const [mine] = await as("ann").task.list({ view: "mine" });
    expect(mine).toMatchObject({
      instanceId: id,
      actionId: "review",
      assignee: { name: "Ann Smith" },
      dueAt: "2026-03-03T08:00:00.000Z",
      followUpAt: null,
    });
    expect((await as("bob").task.list({ view: "mine" })).filter((k) => k.instanceId === id)).toEqual([]);
    expect((await as("bob").task.list({ view: "unassigned" })).some((k) => k.instanceId === id)).toBe(false);
    expect((await as("bob").task.list({ view: "myGroups" })).some((k) => k.instanceId === id)).toBe(true);

    const before = await row(id);
    const taken = await refusal(as("bob").task.claim(task(id)));
    expect(taken.code).toBe("CONFLICT");
    expect(taken.message).toContain("assigned to Ann Smith");
    expect(taken.data).toMatchObject({ rejection: { code: "ALREADY_ASSIGNED" } });
    const perform = await refusal(as("bob").instance.perform({ ...task(id), input: {} }));
    expect(perform.code).toBe("FORBIDDEN");
    expect(perform.message).toBe(
      "review is assigned to Ann Smith; only Ann Smith or an admin may perform it",
    );
    expect((await refusal(as("bob").task.unclaim(task(id)))).code).toBe("FORBIDDEN");
    expect(
      (await refusal(as("bob").task.setFollowUp({ ...task(id), followUp: "2026-03-02T12:00:00Z" }))).code,
    ).toBe("FORBIDDEN");
    // Carl's groups lack the role; a viewer may not perform at all
    expect((await refusal(as("carl").task.claim(task(id)))).code).toBe("FORBIDDEN");
    expect((await refusal(as("vic").task.claim(task(id)))).code).toBe("FORBIDDEN");
    expect(await row(id)).toEqual(before);
    const denied = await t.db.prisma.auditEvent.findMany({
      where: { actorName: "bob", action: "instance.perform", outcome: "denied" },
    });
    expect(denied).toHaveLength(1);

    expect(
      await as("ann").task.setFollowUp({ ...task(id), followUp: "2026-03-02T14:00:00+01:00" }),
    ).toMatchObject({ followUpAt: "2026-03-02T13:00:00.000Z" });
    expect((await as("ann").task.list({ view: "mine" }))[0]!.followUpAt).toBe("2026-03-02T13:00:00.000Z");
    await as("ann").instance.perform({ ...task(id), input: {} });
    expect((await row(id)).status).toBe("completed");
  });

  it("operators assign to a user who may perform it and take it away; an admin performs anybody's task", async () => {
    const id = await start();
    const olga = as("olga");
    expect((await olga.task.assign({ ...task(id), username: "bob" })).assignee).toEqual({
      id: users.bob!.id,
      name: "Bob Jones",
    });
    const before = await row(id);
    const cannot = await refusal(olga.task.assign({ ...task(id), username: "carl" }));
    expect([cannot.code, cannot.message]).toEqual([
      "BAD_REQUEST",
      'Carl Ray may not perform "review": it needs role "clerk", and Carl Ray\'s groups are "other"',
    ]);
    expect((await refusal(olga.task.assign({ ...task(id), username: "vic" }))).code).toBe("BAD_REQUEST");
    expect((await refusal(olga.task.assign({ ...task(id), username: "nobody" }))).code).toBe("NOT_FOUND");
    // workers may not assign others
    expect((await refusal(as("ann").task.assign({ ...task(id), username: "ann" }))).code).toBe("FORBIDDEN");
    expect(await row(id)).toEqual(before);

    expect((await olga.task.unclaim(task(id))).assignee).toBeNull();
    expect((await refusal(olga.task.unclaim(task(id)))).code).toBe("CONFLICT");
    await olga.task.assign({ ...task(id), username: "ann" });
    expect((await as("ann").task.unclaim(task(id))).assignee).toBeNull();
    await olga.task.assign({ ...task(id), username: "bob" });
    await olga.task.assign({ ...task(id), username: null });
    expect((await as("ann").task.list({ view: "unassigned" })).some((k) => k.instanceId === id)).toBe(true);

    await olga.task.assign({ ...task(id), username: "bob" });
    await as("ada").instance.perform({ ...task(id), input: {} });
    expect((await row(id)).status).toBe("completed");
    // the occurrence row names the performer, not a JSON object
    const occurrence = await t.db.prisma.occurrence.findFirstOrThrow({
      where: { instanceId: id, nodeId: "review" },
      select: { actor: true },
    });
    expect(occurrence.actor).toBe("ada");
  });

  it("myGroups lists the tasks of the caller's groups only; an action without a role is in all and unassigned", async () => {
    const open = (await t.caller.instance.start({ processKey: "open" })).instanceId;
    const claims = await start();
    const groups = await as("carl").task.list({ view: "myGroups" });
    expect(groups.some((k) => k.instanceId === open || k.instanceId === claims)).toBe(false);
    const all = (await as("carl").task.list({ view: "all" })).map((k) => k.instanceId);
    expect(all).toContain(open);
    expect(all).not.toContain(claims);
    expect((await as("ann").task.list({ view: "unassigned" })).map((k) => k.instanceId)).toEqual(
      expect.arrayContaining([open, claims]),
    );
  });

  it("bad input is refused with a typed error and changes nothing", async () => {
    const id = await start();
    await as("ann").task.claim(task(id));
    const before = await row(id);
    const olga = as("olga");
    const bad: (() => Promise<unknown>)[] = [
      () => olga.task.assign({ ...task(id), username: "bob\u0000" }),
      () => olga.task.assign({ ...task(id), username: "x".repeat(5000) }),
      () => olga.task.assign({ ...task(id), username: "\ud800" }),
      () => olga.task.assign({ ...task(id), username: "" }),
      () => olga.task.claim({ instanceId: "not-a-uuid", actionId: "review" }),
      () => olga.task.setFollowUp({ ...task(id), followUp: "tomorrow" }),
      () => olga.task.setFollowUp({ ...task(id), followUp: "2026-03-02T12:00:00" }),
      () => olga.task.unclaim({ instanceId: id, actionId: "x".repeat(201) }),
      () => as("ann").task.list({ view: "everything" as "all" }),
    ];
    for (const call of bad) expect((await refusal(call())).code).toBe("BAD_REQUEST");
    const unknown: (() => Promise<unknown>)[] = [
      () => olga.task.assign({ instanceId: id, actionId: "expire", username: "bob" }),
      () => olga.task.assign({ instanceId: id, actionId: "nope", username: "bob" }),
      () =>
        olga.task.assign({
          instanceId: "00000000-0000-4000-8000-000000000000",
          actionId: "review",
          username: "bob",
        }),
    ];
    for (const call of unknown) expect((await refusal(call())).code).toBe("NOT_FOUND");
    expect(await row(id)).toEqual(before);
  });
});
