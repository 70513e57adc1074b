import { describe, expect, it } from "vitest";
import { emptyInstanceFilter, instanceFilterInput } from "./instanceFilterInput";

describe("instance list filters", () => {
  it("an empty form filters by process only", () => {
    expect(instanceFilterInput("sales", emptyInstanceFilter)).toEqual({ processKey: "sales" });
  });

  it("every filled field becomes its API filter; blanks and unknown statuses are left out", () => {
    const input = instanceFilterInput("sales", {
      versionId: "v-1",
      stateId: "review",
      status: "running",
      businessKey: "  C-12 ",
      identifierName: "orderId",
      identifierValue: "O-7",
      hasIncident: "yes",
      incidentNodeId: "check",
      startedFrom: "2026-03-02T08:00:00Z",
      startedTo: "",
    });
    expect(input).toEqual({
      processKey: "sales",
      versionId: "v-1",
      stateId: "review",
      status: "running",
      businessKey: "C-12",
      identifier: { name: "orderId", value: "O-7" },
      hasIncident: true,
      incidentNodeId: "check",
      startedFrom: "2026-03-02T08:00:00.000Z",
    });
    expect(
      instanceFilterInput("sales", {
        ...emptyInstanceFilter,
        status: "bogus",
        hasIncident: "no",
        startedTo: "not a time",
      }),
    ).toEqual({ processKey: "sales", hasIncident: false });
  });
});
