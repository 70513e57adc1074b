import { describe, expect, it } from "vitest";
import { schemaCompatibility } from "./schemaCompatibility.ts";

describe("schemaCompatibility", () => {
  const known = ["20260101000000_init", "20260201000000_add_x"];

  it("accepts the same migrations, and pending ones when the runtime applies them", () => {
    expect(schemaCompatibility(known, known, false)).toEqual({ ok: true, newer: [], pending: [] });
    expect(schemaCompatibility(known, known.slice(0, 1), true)).toEqual({
      ok: true,
      newer: [],
      pending: ["20260201000000_add_x"],
    });
  });

  it("accepts a newer release's expand migration (blue-green), refuses its contract migration", () => {
    const expand = [...known, "20260301000000_add_y"];
    expect(schemaCompatibility(known, expand, true)).toEqual({
      ok: true,
      newer: ["20260301000000_add_y"],
      pending: [],
    });
    const contract = [...expand, "20260401000000_contract_drop_x"];
    const refused = schemaCompatibility(known, contract, true);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(
      /has migration 20260401000000_contract_drop_x, which removes what this build uses \(it knows migrations up to 20260201000000_add_x\)/,
    );
  });

  it("refuses a schema missing a migration when the runtime does not apply them", () => {
    const refused = schemaCompatibility(known, known.slice(0, 1), false);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(
      /lacks 1 migration\(s\) this build needs, the first 20260201000000_add_x/,
    );
  });
});
