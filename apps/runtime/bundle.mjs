// How the runtime is bundled (esbuild): our workspace packages are bundled in (they are TypeScript
// source); the runtime's npm dependencies stay external and load from its node_modules. build.mjs
// bundles the runtime with it; a benchmark that runs runtime code in its own process bundles its
// entry the same way (bench/runtime/migrate.bench.ts), so that it measures the code as deployed.
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith("@flowstate/"));

/**
 * Bundles `entryPoints` (name → source path) into `outdir`, which must be inside apps/runtime so
 * that the external dependencies resolve from its node_modules. A bundle that checks models needs
 * the `modelWorker` entry beside it (src/versions/ModelWorkers.ts loads `./modelWorker.js`).
 */
export async function bundle(entryPoints, outdir) {
  await build({
    entryPoints,
    outdir,
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
}

/** The model worker's entry, for `bundle`. */
export const modelWorkerEntry = new URL("./src/versions/modelWorker.ts", import.meta.url).pathname;
