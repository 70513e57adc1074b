import { describe, expect, it } from "vitest";
import { ModelBuilder } from "../builder/ModelBuilder";
import { validateModel } from "./validateModel";

/** Ids as the modeler mints them: one in a message shows as `action_k2j4x`. */
const rawId = /\b[a-z]+_[a-z0-9]{5}\b/;

describe("problem messages name elements, never their ids", () => {
  it("lines across states, a FEEL error, limit and not lines, an unconnected finalizer, duplicate codes", () => {
    const model = new ModelBuilder("messages", "Messages")
      .state("state_intk1", "Intake", { initial: true })
      .action("action_regs1", "Register", { mode: "manual", code: "reg" })
      .action("action_asse1", "Assess", { mode: "manual", code: "reg" })
      .flow("action_regs1", "action_asse1", { condition: "amount >" })
      .limit("action_asse1", "action_regs1")
      .not("action_regs1", "action_asse1")
      .finalizer("final_done1", "Done")
      .transition("action_asse1", "state_revw1")
      .state("state_revw1", "Review")
      .action("action_appr1", "Approve", { mode: "manual" })
      .toModel();
    const crossing = {
      ...model,
      lines: [
        ...model.lines,
        {
          id: "flow_cros1",
          ref: "r.cross",
          kind: "flow" as const,
          from: "action_regs1",
          to: "action_appr1",
          on: "completed" as const,
        },
      ],
      diagram: { ...model.diagram, lines: { ...model.diagram.lines, flow_cros1: { waypoints: [] } } },
    };
    const problems = validateModel(crossing);
    const codes = new Set(problems.map((p) => p.code));
    for (const code of [
      "feel.syntax",
      "code.duplicate",
      "finalizer.fires-at-entry",
      "line.across-states",
      "limit.upstream-target",
      "not.always-blocked",
    ])
      expect(codes, [...codes].join(", ")).toContain(code);
    expect(problems.some((p) => p.message.includes('action "Register" in state "Intake"'))).toBe(true);
    for (const p of problems) expect(p.message, p.code).not.toMatch(rawId);
  });
});
