import { describe, expect, it } from "vitest";
import { taskControls } from "./taskControls";
import type { TaskViewer } from "./taskControls";

const ann = { id: "u-ann", name: "Ann Smith" };
const worker = (userId: string, groups: string[]): TaskViewer => ({
  userId,
  isAdmin: false,
  mayPerform: (role) => !role || groups.includes(role),
  may: (p) => p !== "task.assign",
});

describe("a task row's buttons", () => {
  it("an unassigned task: a performer may claim and perform it; others see neither", () => {
    expect(taskControls({ role: "clerk", assignee: null }, worker("u-bob", ["clerk"]))).toEqual({
      perform: true,
      performBlocked: null,
      claim: true,
      unclaim: false,
      assign: false,
      followUp: false,
    });
    const outsider = taskControls({ role: "clerk", assignee: null }, worker("u-carl", ["other"]));
    expect([outsider.perform, outsider.claim]).toEqual([false, false]);
  });

  it("somebody else's task: Perform is off with the reason; one's own task may be unclaimed", () => {
    expect(taskControls({ role: "clerk", assignee: ann }, worker("u-bob", ["clerk"]))).toMatchObject({
      perform: true,
      performBlocked: "Assigned to Ann Smith; only Ann Smith or an admin may perform it",
      claim: false,
      unclaim: false,
    });
    expect(taskControls({ role: "clerk", assignee: ann }, worker("u-ann", ["clerk"]))).toMatchObject({
      performBlocked: null,
      unclaim: true,
      followUp: true,
    });
    expect(taskControls({ role: "clerk", assignee: ann }, worker("u-bob", ["clerk"])).followUp).toBe(false);
  });

  it("an admin performs anybody's task and assigns; a viewer without a user id claims nothing", () => {
    const admin: TaskViewer = { userId: "u-ada", isAdmin: true, mayPerform: () => true, may: () => true };
    expect(taskControls({ role: "clerk", assignee: ann }, admin)).toMatchObject({
      perform: true,
      performBlocked: null,
      assign: true,
      followUp: true,
    });
    const demo: TaskViewer = { ...admin, userId: null };
    expect(taskControls({ role: null, assignee: null }, demo).claim).toBe(false);
  });
});
