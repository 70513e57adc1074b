import { describe, expect, it } from "vitest";
import { ModelBuilder } from "../builder/ModelBuilder";
import { parseModel } from "../parse/parseModel";
import { validateModel } from "../validate/validateModel";

const base = () =>
  new ModelBuilder("onboarding", "Onboarding")
    .state("s", "S", { initial: true })
    .action("a", "A", { mode: "manual", output: { customer: "result.customer" } })
    .finalizer("f", "Done")
    .flow("a", "f")
    .build();

describe("personal paths in a version's model", () => {
  it("parses them and leaves models without them unchanged", () => {
    const parsed = parseModel({ ...base(), personal: ["customer.email", "$businessKey"] });
    expect(parsed.ok && parsed.model.personal).toEqual(["customer.email", "$businessKey"]);
    const plain = parseModel(base());
    expect(plain.ok && "personal" in plain.model).toBe(false);
  });

  it.each([
    ["an empty path", ""],
    ["an empty name", "customer..email"],
    ["a trailing dot", "customer."],
    ["a FEEL expression", "customer[1].email"],
    ["spaces", "customer name"],
    ["a NUL byte", "customer\u0000"],
    ["a lone surrogate", "c\ud800"],
    ["another $ name", "$instanceId"],
    ["a huge string", "a".repeat(201)],
  ])("refuses %s as schema.invalid at its index", (_what, path) => {
    const problems = validateModel({ ...base(), personal: ["customer.name", path] });
    expect(problems.map((p) => [p.code, p.path?.join(".")])).toEqual([["schema.invalid", "personal.1"]]);
  });

  it("refuses more than 100 paths and a path that is not a string", () => {
    expect(validateModel({ ...base(), personal: Array(101).fill("customer") })[0]?.code).toBe(
      "schema.invalid",
    );
    expect(validateModel({ ...base(), personal: [42] })[0]?.code).toBe("schema.invalid");
  });
});
