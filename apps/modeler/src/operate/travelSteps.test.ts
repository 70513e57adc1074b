import { describe, expect, it } from "vitest";
import { travelSteps } from "./travelSteps";

// events at 1 (start), 3 (perform), 7 (perform); the rest are their consequences
const history = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((seq) => ({
  seq,
  type: [1, 3, 7].includes(seq) ? "event" : "stateEntered",
}));

describe("time travel steps", () => {
  it("from now, earlier is the state before the last step; nothing is later", () => {
    expect(travelSteps(history, null)).toEqual({ earlier: 3, later: null });
  });

  it("between events, earlier and later are the neighbouring events; the last one is now", () => {
    expect(travelSteps(history, 3)).toEqual({ earlier: 1, later: "now" });
    expect(travelSteps(history, 4)).toEqual({ earlier: 1, later: "now" });
    expect(travelSteps(history, 1)).toEqual({ earlier: null, later: 3 });
  });

  it("an instance with only its start has nothing earlier", () => {
    expect(
      travelSteps(
        [
          { seq: 1, type: "event" },
          { seq: 2, type: "stateEntered" },
        ],
        null,
      ),
    ).toEqual({ earlier: null, later: null });
  });
});
