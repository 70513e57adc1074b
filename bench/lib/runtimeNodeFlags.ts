import { readFileSync } from "node:fs";
import path from "node:path";

/** The Node flags the runtime is deployed with (apps/runtime/nodeFlags.json): a benchmark of the runtime runs it with them. */
export const runtimeNodeFlags: string[] = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../apps/runtime/nodeFlags.json"), "utf8")).flags;
