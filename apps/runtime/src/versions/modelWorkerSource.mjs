// The model worker run from its TypeScript source (tests, `pnpm dev`): tsx's loader first, then
// the worker. The built runtime runs dist/modelWorker.js instead (build.mjs).
import { register } from "tsx/esm/api";

register();
await import("./modelWorker.ts");
