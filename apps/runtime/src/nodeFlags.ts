import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The Node flags the runtime process is deployed with (apps/runtime/nodeFlags.json, the why is in
 * there). For the launchers written in TypeScript: the e2e suite and the benchmarks start the runtime
 * with them; `npm start` and `flowstate.mjs` read the same file (`nodeFlags.test.ts`).
 */
export const runtimeNodeFlags: string[] = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../nodeFlags.json"), "utf8")) as {
    flags: string[];
  }
).flags;
