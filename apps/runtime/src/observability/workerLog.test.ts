import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { workerLog } from "./workerLog.ts";

describe("workerLog", () => {
  it("writes one JSON line per failure with the instance, job and trace ids it knows", () => {
    const out = new PassThrough();
    let text = "";
    out.on("data", (d: Buffer) => (text += d.toString()));
    const log = workerLog(out);
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    log(new Error("boom"), {
      id: 42n,
      kind: "handler",
      handler: "http",
      instanceId: "0b5c3f0e-5b8a-4f7e-9a39-0a8f6d0c1e11",
      occurrenceId: "o1",
      runAt: new Date(0),
      attempt: 1,
      idempotencyKey: "k",
      payload: { nodeId: "call", traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      deliveries: 1,
    });
    log("no job at hand");
    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 50,
      component: "worker",
      msg: "flowstate worker: boom",
      instanceId: "0b5c3f0e-5b8a-4f7e-9a39-0a8f6d0c1e11",
      jobId: "42",
      kind: "handler",
      handler: "http",
      traceId,
    });
    expect(lines[1]).toMatchObject({ msg: "flowstate worker: no job at hand" });
    expect(lines[1]).not.toHaveProperty("instanceId");
  });
});
