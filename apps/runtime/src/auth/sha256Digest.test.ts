import { describe, expect, it } from "vitest";
import { sha256Digest } from "./sha256Digest.ts";

describe("sha256Digest", () => {
  it("is the SHA-256 of the UTF-8 text, as bytes (FIPS 180-2 'abc' vector)", () => {
    expect(sha256Digest("abc").toString("hex")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});
