import { describe, expect, it } from "vitest";
import type { LookupAddress } from "node:dns";
import { assertWebhookTargetAllowed, guardedLookup, refusedRange, TargetRefused } from "./targetGuard.ts";

describe("webhook target guard", () => {
  it("allows public unicast addresses only", () => {
    for (const a of ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
      expect(refusedRange(a), a).toBeUndefined();
    const refused: Record<string, string> = {
      "127.0.0.1": "loopback",
      "127.255.0.9": "loopback",
      "::1": "loopback",
      "::ffff:127.0.0.1": "loopback",
      "::ffff:10.0.0.1": "private",
      "10.0.0.1": "private",
      "172.31.255.255": "private",
      "192.168.0.1": "private",
      "169.254.169.254": "linkLocal",
      "fe80::1": "linkLocal",
      "fc00::1": "uniqueLocal",
      "fd12:3456::1": "uniqueLocal",
      "0.0.0.0": "unspecified",
      "::": "unspecified",
      "100.64.0.1": "carrierGradeNat",
      "224.0.0.1": "multicast",
      "255.255.255.255": "broadcast",
    };
    for (const [a, range] of Object.entries(refused)) expect(refusedRange(a), a).toBe(range);
    expect(refusedRange("not an ip")).toBe("invalid");
  });

  it("checks names at creation through the resolver; an unresolvable name passes (checked again at delivery)", async () => {
    const resolve =
      (map: Record<string, string[]>) =>
      async (host: string): Promise<LookupAddress[]> => {
        const addresses = map[host];
        if (!addresses) throw Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" });
        return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
      };
    const dns = resolve({
      "public.example": ["93.184.215.14"],
      "mixed.example": ["93.184.215.14", "10.0.0.7"],
      "meta.example": ["169.254.169.254"],
    });
    const check = (url: string, allowPrivate = false) =>
      assertWebhookTargetAllowed(url, { allowPrivate, resolve: dns });
    await expect(check("https://public.example/hook")).resolves.toBeUndefined();
    await expect(check("https://nowhere.example/hook")).resolves.toBeUndefined();
    await expect(check("https://mixed.example/hook")).rejects.toThrow(
      "mixed.example resolves to 10.0.0.7 is a private address",
    );
    await expect(check("http://meta.example/")).rejects.toBeInstanceOf(TargetRefused);
    await expect(check("http://meta.example/", true)).resolves.toBeUndefined();
    await expect(check("gopher://public.example/", true)).rejects.toThrow("scheme gopher:");
  });

  it("the socket lookup resolves once and hands over exactly the checked addresses (no second resolution to rebind)", async () => {
    const answers = [["93.184.215.14"], ["127.0.0.1"]];
    let calls = 0;
    const rebinding = async (): Promise<LookupAddress[]> =>
      (answers[calls++] ?? []).map((address) => ({ address, family: 4 }));
    const lookup = guardedLookup({ allowPrivate: false, resolve: rebinding });
    const result = await new Promise<{ error: unknown; address: unknown }>((r) =>
      lookup("rebind.example", { all: true }, (error, address) => r({ error, address })),
    );
    expect(result).toEqual({ error: null, address: [{ address: "93.184.215.14", family: 4 }] });
    expect(calls).toBe(1);
    const second = await new Promise<{ error: unknown }>((r) =>
      lookup("rebind.example", {}, (error) => r({ error })),
    );
    expect(second.error).toBeInstanceOf(TargetRefused);
    expect(String((second.error as Error).message)).toContain(
      "rebind.example resolves to 127.0.0.1 is a loopback address",
    );
  });
});
