import { describe, expect, it } from "vitest";
import { findUnstorable, maxDepth, maxStringLength, storableText } from "./storableInput.ts";
import { hostAllowlist, hostName } from "../server/hostAllowlist.ts";

describe("findUnstorable: what PostgreSQL cannot store, by field", () => {
  it("accepts ordinary JSON, including astral characters (surrogate pairs) and long-but-allowed strings", () => {
    expect(
      findUnstorable({
        a: "ok",
        b: [1, 2.5, -3, true, null, { c: "😀 ünïcode" }],
        d: "x".repeat(maxStringLength),
      }),
    ).toBeUndefined();
    expect(findUnstorable(undefined)).toBeUndefined();
  });

  it("names the first bad field: NUL, lone high or low surrogate, over-long, non-finite, bad key, too deep", () => {
    expect(findUnstorable({ a: "ok", b: { c: "x\u0000y" } })).toMatchObject({
      path: ["b", "c"],
      message: expect.stringMatching(/NUL/),
    });
    expect(findUnstorable(["fine", "\ud800"])).toMatchObject({
      path: ["1"],
      message: expect.stringMatching(/surrogate/),
    });
    expect(findUnstorable({ s: "a\udc00" })).toMatchObject({ path: ["s"] });
    expect(findUnstorable({ s: "\ud83d" })).toMatchObject({ path: ["s"] });
    expect(findUnstorable({ s: "x".repeat(maxStringLength + 1) })).toMatchObject({
      path: ["s"],
      message: expect.stringMatching(/longer/),
    });
    expect(findUnstorable({ n: Infinity })).toMatchObject({
      path: ["n"],
      message: expect.stringMatching(/finite/),
    });
    expect(findUnstorable({ n: NaN })).toMatchObject({ path: ["n"] });
    expect(findUnstorable({ ["k\u0000"]: 1 })).toMatchObject({
      path: ["k\ufffd"],
      message: expect.stringMatching(/^key/),
    });
    expect(findUnstorable("\u0000")).toMatchObject({ path: [] });
    // First in key order, whatever the nesting.
    expect(findUnstorable({ a: { deep: "\u0000" }, b: "\u0000" })?.path).toEqual(["a", "deep"]);
  });

  it("refuses nesting beyond the limit without recursion (no stack overflow on 100,000 levels)", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorable(deep)?.path.length).toBe(maxDepth);
    let ok: unknown = "leaf";
    for (let i = 0; i < maxDepth - 1; i++) ok = { x: ok };
    expect(findUnstorable(ok)).toBeUndefined();
  });

  it("storableText replaces what cannot be stored and cuts without leaving half a pair", () => {
    expect(storableText("a\u0000b\ud800c")).toBe("a\ufffdb\ufffdc");
    expect(storableText("ab😀", 3)).toBe("ab\ufffd");
    expect(findUnstorable(storableText("x\udfff".repeat(10), 7))).toBeUndefined();
  });
});

describe("hostAllowlist: the Host names a person's request may name", () => {
  it("parses Host headers: case, port, IPv6 brackets, trailing dot; refuses what is no host", () => {
    expect(hostName("LocalHost:3303")).toBe("localhost");
    expect(hostName("[::1]:80")).toBe("::1");
    expect(hostName("example.org.")).toBe("example.org");
    expect(hostName("a b")).toBeUndefined();
    expect(hostName("evil.example@localhost")).toBeUndefined();
    expect(hostName(undefined)).toBeUndefined();
  });

  it("allows loopback names with any port by default, plus configured names and URLs; nothing else", () => {
    const allowed = hostAllowlist(["https://flowstate.example.org:8443/app", "ops.internal"]);
    for (const host of [
      "localhost",
      "localhost:1",
      "127.0.0.1:3303",
      "[::1]:3303",
      "flowstate.example.org",
      "FLOWSTATE.example.org:443",
      "ops.internal:80",
    ])
      expect(allowed(host), host).toBe(true);
    for (const host of [
      "evil.example:3303",
      "127.0.0.2",
      "localhost.evil.example",
      "flowstate.example.org.evil.example",
      "",
      undefined,
    ])
      expect(allowed(host), String(host)).toBe(false);
    expect(hostAllowlist()("flowstate.example.org")).toBe(false);
  });
});
