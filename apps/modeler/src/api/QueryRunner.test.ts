import { describe, expect, it } from "vitest";
import { QueryRunner } from "./QueryRunner";
import type { QuerySnapshot } from "./QueryRunner";

/** A fake API: every read waits until the test answers it (or fails it). */
function server() {
  const reads: {
    question: string;
    answer: (data: string) => Promise<void>;
    fail: (message: string) => Promise<void>;
  }[] = [];
  const settled = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  const ask = (question: string) => () =>
    new Promise<string>((resolve, reject) => {
      reads.push({
        question,
        answer: (data) => (resolve(data), settled()),
        fail: (message) => (reject(new Error(message)), settled()),
      });
    });
  return { reads, ask };
}

/** A page using one query: what it was shown, last first. */
function page() {
  const shown: QuerySnapshot<string>[] = [];
  const runner = new QueryRunner<string>((s) => shown.push(s));
  return {
    runner,
    shown,
    get now() {
      return shown[shown.length - 1];
    },
  };
}

/** A page whose query `run:1` has asked the API for run 1 (no answer yet). */
function pageReadingRun() {
  const api = server();
  const p = page();
  p.runner.use("run:1", api.ask("get run 1"));
  return { api, p };
}

describe("a query refreshed (polled) while a slow read is under way", () => {
  it("shows the slow answer instead of dropping it, and starts no second read beside it", async () => {
    const { api, p } = pageReadingRun();
    p.runner.refresh(); // poll ticks while the first read is slow
    p.runner.refresh();
    expect(api.reads).toHaveLength(1);
    await api.reads[0]!.answer("10%");
    expect(p.now).toEqual({ state: { status: "ready", data: "10%" }, last: { data: "10%" } });
  });

  it("reads once more after the answer under way, so a refresh asked after a change gets a newer answer", async () => {
    const { api, p } = pageReadingRun();
    p.runner.refresh();
    await api.reads[0]!.answer("running");
    expect(api.reads).toHaveLength(2); // the one follow-up for both refreshes
    await api.reads[1]!.answer("paused");
    expect(p.now?.state).toEqual({ status: "ready", data: "paused" });
    expect(api.reads).toHaveLength(2);
  });

  it("with nothing under way, a refresh reads at once", async () => {
    const { api, p } = pageReadingRun();
    await api.reads[0]!.answer("a");
    p.runner.refresh();
    expect(api.reads).toHaveLength(2);
    await api.reads[1]!.answer("b");
    expect(p.now?.state).toEqual({ status: "ready", data: "b" });
  });
});

describe("a failed read", () => {
  it("keeps the last answer of the key next to the error, and a later success clears the error", async () => {
    const { api, p } = pageReadingRun();
    await api.reads[0]!.answer("40%");
    p.runner.refresh();
    await api.reads[1]!.fail("fetch failed");
    expect(p.now).toEqual({
      state: { status: "error", error: new Error("fetch failed") },
      last: { data: "40%" },
    });
    p.runner.refresh();
    await api.reads[2]!.answer("50%");
    expect(p.now).toEqual({ state: { status: "ready", data: "50%" }, last: { data: "50%" } });
  });

  it("on the first read has no last answer", async () => {
    const { api, p } = pageReadingRun();
    await api.reads[0]!.fail("runtime down");
    expect(p.now).toEqual({ state: { status: "error", error: new Error("runtime down") }, last: null });
  });

  it("a read that throws instead of rejecting is an error too", async () => {
    const p = page();
    p.runner.use("run:1", () => {
      throw new Error("bad input");
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(p.now?.state).toEqual({ status: "error", error: new Error("bad input") });
  });
});

describe("a real change of the question", () => {
  it("a new key drops the old key's answer under way (and its last answer)", async () => {
    const api = server();
    const p = page();
    p.runner.use("items:all", api.ask("all items"));
    await api.reads[0]!.answer("all");
    p.runner.refresh();
    p.runner.use("items:failed", api.ask("failed items"));
    expect(p.now).toEqual({ state: { status: "ready", data: "all" }, last: null }); // still on screen, no longer "last"
    expect(api.reads.map((r) => r.question)).toEqual(["all items", "all items", "failed items"]);
    await api.reads[2]!.answer("failed");
    await api.reads[1]!.answer("all, later"); // arrives late: dropped
    expect(p.now?.state).toEqual({ status: "ready", data: "failed" });
  });

  it("the same key again reads nothing, but later reads use the newest read function", async () => {
    const api = server();
    const p = page();
    p.runner.use("run:1", api.ask("first closure"));
    p.runner.use("run:1", api.ask("second closure"));
    expect(api.reads).toHaveLength(1);
    await api.reads[0]!.answer("a");
    p.runner.refresh();
    expect(api.reads[1]!.question).toBe("second closure");
  });

  it("reload drops the answer under way and reads again", async () => {
    const api = server();
    const p = page();
    p.runner.use("users", api.ask("users"));
    p.runner.reload();
    expect(api.reads).toHaveLength(2);
    await api.reads[0]!.answer("before the change");
    expect(p.shown).toEqual([]);
    await api.reads[1]!.answer("after the change");
    expect(p.now?.state).toEqual({ status: "ready", data: "after the change" });
  });

  it("after dispose (unmount) nothing is shown, and using it again starts over", async () => {
    const { api, p } = pageReadingRun();
    p.runner.dispose();
    p.runner.refresh();
    expect(api.reads).toHaveLength(1);
    await api.reads[0]!.answer("late");
    expect(p.shown).toEqual([]);
    p.runner.use("run:1", api.ask("get run 1")); // StrictMode mounts twice
    await api.reads[1]!.answer("fresh");
    expect(p.now?.state).toEqual({ status: "ready", data: "fresh" });
  });
});
