// Bundles the runtime into dist/main.js (bundle.mjs says how).
import { bundle, modelWorkerEntry } from "./bundle.mjs";

// modelWorker: the worker thread that parses/validates models (src/versions/ModelWorkers.ts loads
// dist/modelWorker.js next to dist/main.js).
await bundle(
  { main: new URL("./src/main.ts", import.meta.url).pathname, modelWorker: modelWorkerEntry },
  new URL("./dist", import.meta.url).pathname,
);
