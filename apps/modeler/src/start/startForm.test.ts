import { describe, expect, it } from "vitest";
import { ModelBuilder } from "@flowstate/model";
import { businessKeyProblem, parseVariables, startForm } from "./startForm";

const claimForm = {
  type: "object",
  properties: { claimant: { type: "string", title: "Claimant" } },
};

describe("the start dialog's form", () => {
  it("is the schema of the first start action (manual root of the initial state) that has one", () => {
    const model = new ModelBuilder("claims", "Claims")
      .state("intake", "Intake", { initial: true })
      .action("note", "Add note", { mode: "manual" })
      .action("register", "Register claim", { mode: "manual", form: claimForm })
      .action("assess", "Assess", { mode: "manual", form: { type: "object" } })
      .flow("register", "assess")
      .state("later", "Later")
      .action("approve", "Approve", { mode: "manual", form: { type: "object" } })
      .toModel();
    expect(startForm(model)).toEqual({
      startActions: ["Add note", "Register claim"],
      schema: claimForm,
      formOf: "Register claim",
    });
  });

  it("is null (the JSON editor) when no start action has a form", () => {
    const model = new ModelBuilder("plain", "Plain")
      .state("main", "Main", { initial: true })
      .action("auto", "Auto", { mode: "automatic", handler: "noop" })
      .action("review", "Review", { mode: "manual" })
      .toModel();
    expect(startForm(model)).toEqual({ startActions: ["Review"], schema: null, formOf: null });
  });
});

describe("business key and JSON variables", () => {
  it("refuses keys instance.start refuses, before sending", () => {
    expect(businessKeyProblem("")).toBeNull();
    expect(businessKeyProblem("CLM-1")).toBeNull();
    expect(businessKeyProblem("k".repeat(501))).toMatch(/At most 500/);
    expect(businessKeyProblem("a\u0000b")).toMatch(/NUL/);
    expect(businessKeyProblem("   ")).toMatch(/spaces/);
  });

  it("takes a JSON object (or nothing) and says why anything else is refused", () => {
    expect(parseVariables("")).toEqual({ ok: true, variables: {} });
    expect(parseVariables('{"amount": 5}')).toEqual({ ok: true, variables: { amount: 5 } });
    expect(parseVariables("{amount: 5}")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Not valid JSON/),
    });
    expect(parseVariables("[1]")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not an array/),
    });
    expect(parseVariables("null")).toMatchObject({ ok: false, message: expect.stringMatching(/not null/) });
    expect(parseVariables("7")).toMatchObject({ ok: false, message: expect.stringMatching(/not a number/) });
  });
});
