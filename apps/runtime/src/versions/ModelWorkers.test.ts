import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { canonicalJson } from "@flowstate/model";
import { fixtures } from "@flowstate/model/fixtures";
import { DomainError } from "../errors/DomainError.ts";
import { ModelWorkers } from "./ModelWorkers.ts";
import { rejection } from "../../test/support/refusal.ts";

const refusal = (promise: Promise<unknown>) => rejection(promise, DomainError);

describe("ModelWorkers (models checked in worker threads)", () => {
  const pools: ModelWorkers[] = [];
  const pool = (options: ConstructorParameters<typeof ModelWorkers>[0] = {}) => {
    const p = new ModelWorkers(options);
    pools.push(p);
    return p;
  };
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  const voiding = fixtures["document-voiding"];

  it("parses, validates and hashes a model in a worker: the model's JSON text, its fields and its problems", async () => {
    const checked = await pool().check(voiding, true);
    expect(JSON.parse(checked.text)).toEqual(voiding);
    expect(checked).toMatchObject({
      ok: true,
      key: voiding.key,
      name: voiding.name,
      // SHA-256 (node:crypto) of the canonical JSON, as 64 hex digits.
      hash: createHash("sha256").update(canonicalJson(voiding)).digest("hex"),
      problems: [],
    });
    // JSON text is read the same way as the value it stands for.
    expect((await pool().check(JSON.stringify(voiding), false)).hash).toBe(checked.hash);
  }, 60_000);

  it("refuses more bytes than the limit before any work (PAYLOAD_TOO_LARGE)", async () => {
    const error = await refusal(pool({ limits: { bytes: 100, elements: 5000 } }).check(voiding, false));
    expect(error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", data: { limit: 100 } });
  });

  it("refuses more elements than the limit before parsing (PAYLOAD_TOO_LARGE)", async () => {
    const error = await refusal(pool({ limits: { bytes: 1024 * 1024, elements: 3 } }).check(voiding, false));
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(error.message).toMatch(/at most 3 are accepted/);
  }, 60_000);

  it("gives the parser's problems for a model that does not parse (BAD_REQUEST)", async () => {
    const error = await refusal(pool().check({ ...voiding, states: "none" }, false));
    expect(error.code).toBe("BAD_REQUEST");
    expect((error.data?.problems as unknown[]).length).toBeGreaterThan(0);
    expect((await refusal(pool().check("{ not json", false))).code).toBe("BAD_REQUEST");
  }, 60_000);

  it("ends a worker that takes too long and refuses its check (UNPROCESSABLE_CONTENT); the next check gets a new worker", async () => {
    const slow = pool({ size: 1, timeoutMs: 1 });
    const error = await refusal(slow.check(voiding, true));
    expect(error).toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      message: expect.stringContaining("longer than 1 ms"),
    });
    const again = await refusal(slow.check(voiding, true));
    expect(again.code).toBe("UNPROCESSABLE_CONTENT");
  }, 60_000);
});
