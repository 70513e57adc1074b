import { describe, expect, it } from "vitest";
import { HISTORY_PAGE_LIMIT, readAllHistory } from "./readAllHistory";

/** `instance.history` over `count` rows with ids 1…count: ascending by id, after `afterId`, at most `limit`. */
function historyApi(count: number) {
  const rows = Array.from({ length: count }, (_, i) => ({ id: String(i + 1), seq: i + 1 }));
  const calls: { id: string; limit: number; afterId?: string }[] = [];
  const query = async (input: { id: string; limit: number; afterId?: string }) => {
    calls.push(input);
    const after = input.afterId === undefined ? 0n : BigInt(input.afterId);
    return rows.filter((r) => BigInt(r.id) > after).slice(0, input.limit);
  };
  return { rows, calls, query };
}

describe("reading an instance's whole history", () => {
  it("follows the pages until a short one: 2,350 rows in 3 calls, all in order", async () => {
    const api = historyApi(2350);
    const rows = await readAllHistory("i-1", api.query);
    expect(rows).toEqual(api.rows);
    expect(api.calls).toEqual([
      { id: "i-1", limit: HISTORY_PAGE_LIMIT },
      { id: "i-1", limit: HISTORY_PAGE_LIMIT, afterId: "1000" },
      { id: "i-1", limit: HISTORY_PAGE_LIMIT, afterId: "2000" },
    ]);
  });

  it("an empty history is one call", async () => {
    const api = historyApi(0);
    expect(await readAllHistory("i-1", api.query)).toEqual([]);
    expect(api.calls).toHaveLength(1);
  });

  it("a history of exactly one full page asks once more and gets nothing", async () => {
    const api = historyApi(1000);
    expect(await readAllHistory("i-1", api.query)).toHaveLength(1000);
    expect(api.calls.map((c) => c.afterId)).toEqual([undefined, "1000"]);
  });

  it("stops when the server does not move past the cursor (no endless loop)", async () => {
    const page = Array.from({ length: HISTORY_PAGE_LIMIT }, (_, i) => ({ id: String(i + 1) }));
    let calls = 0;
    const rows = await readAllHistory("i-1", async () => (calls++, page));
    expect(calls).toBe(2);
    expect(rows).toHaveLength(2 * HISTORY_PAGE_LIMIT);
  });

  it("a failing page fails the whole read (no partial history shown as complete)", async () => {
    const api = historyApi(2350);
    const failing = async (input: { id: string; limit: number; afterId?: string }) => {
      if (input.afterId === "1000") throw new Error("fetch failed");
      return api.query(input);
    };
    await expect(readAllHistory("i-1", failing)).rejects.toThrow("fetch failed");
  });
});
