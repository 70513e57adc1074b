import { describe, expect, it } from "vitest";
import { editor } from "../store/editorDriver";
import { padActions } from "./padActions";

function given() {
  const e = editor();
  const state = e.s().addState({ x: 300, y: 200 }, "Review") as string;
  const action = e.s().addNode("action", { x: 240, y: 200 }, { mode: "manual", name: "Submit" }) as string;
  const or = e.s().addNode("or", { x: 400, y: 200 }) as string;
  const end = e.s().addNode("finalizer", { x: 400, y: 300 }) as string;
  return { model: e.model, state, action, or, end };
}

const labels = (buttons: ReturnType<typeof padActions>) => buttons.map((b) => b.label);

describe("what the context pad offers", () => {
  it("an action: the five node appends, a state, change kind, connect, delete — each with its key", () => {
    const { model, action } = given();
    const buttons = padActions(model, action);
    expect(labels(buttons)).toEqual([
      "Append manual action",
      "Append automatic action",
      "Append and",
      "Append or",
      "Append finalizer",
      "Append state",
      "Change kind",
      "Connect",
      "Delete",
    ]);
    expect(buttons.map((b) => b.keys)).toEqual(["M", "U", "A", "O", "F", "S", "K", "C", "Delete, Backspace"]);
  });
  it("a control node appends nodes but no state (only an action's transition reaches one)", () => {
    const { model, or } = given();
    expect(labels(padActions(model, or))).not.toContain("Append state");
    expect(labels(padActions(model, or))).toContain("Connect");
  });
  it("a finalizer: nothing follows it; its kind (outcome) and delete only", () => {
    const { model, end } = given();
    expect(labels(padActions(model, end))).toEqual(["Change kind", "Delete"]);
  });
  it("a state: adds nodes inside it, and delete", () => {
    const { model, state } = given();
    expect(labels(padActions(model, state))).toEqual([
      "Append manual action",
      "Append automatic action",
      "Append and",
      "Append or",
      "Append finalizer",
      "Delete",
    ]);
  });
  it("nothing for a line or an unknown id", () => {
    const { model } = given();
    expect(padActions(model, "nope")).toEqual([]);
  });
});
