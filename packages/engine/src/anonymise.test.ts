import { describe, expect, it } from "vitest";
import {
  ANONYMISED,
  anonymiseJson,
  anonymiseState,
  collectPersonalValues,
  maskPath,
  maskValue,
  personalValuesOf,
} from "./anonymise";
import type { InstanceState } from "./InstanceState";
import type { Json } from "./Json";

const M = ANONYMISED;

describe("maskValue / maskPath keep the shape", () => {
  it("objects stay objects, arrays keep their length, null stays null", () => {
    expect(maskValue({ a: "x", b: [1, true, null], c: { d: 2 } })).toEqual({
      a: M,
      b: [M, M, null],
      c: { d: M },
    });
  });

  it("a path reaches into objects and through arrays; what it does not name is unchanged", () => {
    const value: Json = {
      customer: { name: "Alice Smith", email: "alice@example.com", tier: "gold" },
      contacts: [{ email: "a@x.io", role: "owner" }, { role: "none" }],
    };
    expect(maskPath(maskPath(value, ["customer", "email"]), ["contacts", "email"])).toEqual({
      customer: { name: "Alice Smith", email: M, tier: "gold" },
      contacts: [{ email: M, role: "owner" }, { role: "none" }],
    });
    expect(maskPath(value, ["missing", "path"])).toBe(value);
  });
});

describe("collectPersonalValues", () => {
  it("collects strings and long numbers named by paths under data keys only", () => {
    const into = new Set<string>();
    collectPersonalValues(
      {
        variables: { customer: { email: "alice@example.com", age: 42 }, iban: 123456789, x: "ab" },
        nodeId: "alice@example.com-node",
        event: { input: { customer: { email: "old@example.com" } } },
      },
      ["customer.email", "customer.age", "iban", "x"],
      into,
    );
    // 42 and "ab" are too short to look for elsewhere (they are still masked by their paths).
    expect([...into].sort()).toEqual(["123456789", "alice@example.com", "old@example.com"]);
  });
});

describe("anonymiseJson", () => {
  const personal = ["customer.email", "customer.name", "iban", "$businessKey"];

  it("masks by path under data keys and by value elsewhere, never structural keys outside data", () => {
    const values = new Set(["alice@example.com", "Alice Smith", "BE71096123456769"]);
    const data: Json = {
      event: {
        type: "perform",
        actionId: "register",
        input: { customer: { name: "Alice Smith", email: "alice@example.com" }, to: "alice@example.com" },
      },
      note: "mail sent to alice@example.com today",
      occurrenceId: "o3",
      payload: { status: "Alice Smith" },
    };
    expect(anonymiseJson(data, personal, values)).toEqual({
      event: {
        type: "perform",
        actionId: "register",
        input: { customer: { name: M, email: M }, to: M },
      },
      note: `mail sent to ${M} today`,
      occurrenceId: "o3",
      payload: { status: M },
    });
  });

  it("returns the same object when there is nothing personal (a second run changes nothing)", () => {
    const data: Json = { variables: { total: 3 }, nodeId: "a" };
    expect(anonymiseJson(data, personal, new Set(["zzz-not-there"]))).toBe(data);
    const once = anonymiseJson({ variables: { iban: "BE71096123456769" } }, personal, new Set());
    expect(anonymiseJson(once, personal, new Set())).toBe(once);
  });

  it("without personal paths only known values are replaced", () => {
    expect(anonymiseJson({ a: "secret value" }, [], new Set(["secret value"]))).toEqual({ a: M });
  });
});

describe("anonymiseState", () => {
  const state = {
    instanceId: "0b6f1f9e-0000-4000-8000-000000000001",
    processKey: "onboarding",
    version: 1,
    status: "completed",
    outcome: "succeeded",
    businessKey: "alice@example.com",
    variables: { customer: { name: "Alice Smith", email: "alice@example.com", tags: ["a", "b"] }, total: 12 },
    seq: 9,
    counters: { occurrence: 2, stateInstance: 1, firing: 1, incident: 0 },
    identifiers: { iban: "BE71096123456769", orderId: "ORD-1" },
    stateInstances: [{ id: "s1", stateId: "review", version: 1, enteredSeq: 1, reason: "start" }],
    current: { id: "s1", stateId: "review", enteredSeq: 1, nodes: {} },
    occurrences: {},
    incidents: [],
    compensation: [],
    messageIds: [],
  } satisfies InstanceState;

  it("replaces personal variables, identifiers and a declared business key; bookkeeping unchanged", () => {
    const personal = ["customer", "iban", "$businessKey"];
    const values = personalValuesOf(state, personal);
    expect(values.has("alice@example.com")).toBe(true);
    const out = anonymiseState(state, personal, values);
    expect(out.variables).toEqual({ customer: { name: M, email: M, tags: [M, M] }, total: 12 });
    expect(out.identifiers).toEqual({ iban: M, orderId: "ORD-1" });
    expect(out.businessKey).toBe(M);
    expect({ ...out, variables: null, identifiers: null, businessKey: null }).toEqual({
      ...state,
      variables: null,
      identifiers: null,
      businessKey: null,
    });
    expect(JSON.stringify(out)).not.toMatch(/alice|Alice|BE7109/);
  });

  it("keeps the business key when it is not declared personal", () => {
    const out = anonymiseState(state, ["customer.name"], personalValuesOf(state, ["customer.name"]));
    expect(out.businessKey).toBe("alice@example.com");
    expect(out.variables.customer).toMatchObject({ name: M, email: "alice@example.com" });
  });
});
