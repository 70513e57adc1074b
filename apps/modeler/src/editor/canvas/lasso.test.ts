import { describe, expect, it } from "vitest";
import { stateWithTwoActions } from "../store/editorDriver";
import { lassoSelection } from "./lasso";

describe("lasso selection", () => {
  it("keeps the boxes and only the lines with both ends inside", () => {
    const { e, a, b, state } = stateWithTwoActions();
    const ab = e.s().connect("flow", a, b) as string;
    expect(lassoSelection(e.model, [a, b, ab])).toEqual([a, b, ab]);
    expect(lassoSelection(e.model, [a, ab])).toEqual([a]);
    expect(lassoSelection(e.model, [state, ab])).toEqual([state]);
  });
});
