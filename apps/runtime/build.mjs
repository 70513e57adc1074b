// Bundles the runtime into dist/main.js. Our workspace packages are bundled in (they are
// TypeScript source); npm dependencies stay external and load from node_modules.
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith("@flowstate/"));

await build({
  // modelWorker: the worker thread that parses/validates models (src/versions/ModelWorkers.ts loads
  // dist/modelWorker.js next to dist/main.js).
  entryPoints: { main: "src/main.ts", modelWorker: "src/versions/modelWorker.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  external,
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: "warning",
});
