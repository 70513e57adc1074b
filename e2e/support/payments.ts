import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A real outside payments system for the `http` handler: it answers 503 until `repair()`. */
export interface Payments {
  port: number;
  /** How many requests it received. */
  calls(): number;
  repair(): void;
  close(): Promise<void>;
}

export async function startPayments(): Promise<Payments> {
  let up = false;
  let calls = 0;
  const server = createServer((req, res) => {
    calls++;
    req.resume();
    res.writeHead(up ? 200 : 503, { "content-type": "application/json" });
    res.end(JSON.stringify(up ? { paid: true } : { error: "payments are down" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    calls: () => calls,
    repair: () => {
      up = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
