import { describe, expect, it } from "vitest";
import { TASK_LIST_LIMIT, taskLimitNote } from "./taskLimitNote";

const none = { role: "", processKey: "" };

describe("the task list's note on a full answer", () => {
  it("says nothing while the answer is shorter than the limit", () => {
    expect(taskLimitNote(0, none)).toBeNull();
    expect(taskLimitNote(TASK_LIST_LIMIT - 1, none)).toBeNull();
  });

  it("at the limit, says more may exist and names the filters not used yet", () => {
    expect(taskLimitNote(TASK_LIST_LIMIT, none)).toBe(
      "Showing the first 200 tasks; more may exist. Narrow the list by process or role to see the others.",
    );
    expect(taskLimitNote(TASK_LIST_LIMIT, { role: "clerk", processKey: "" })).toContain(
      "Narrow the list by process to see the others.",
    );
    expect(taskLimitNote(TASK_LIST_LIMIT, { role: "  ", processKey: "claims" })).toContain(
      "Narrow the list by role to see the others.",
    );
    expect(taskLimitNote(TASK_LIST_LIMIT, { role: "clerk", processKey: "claims" })).toContain(
      "Narrow the list further",
    );
  });
});
