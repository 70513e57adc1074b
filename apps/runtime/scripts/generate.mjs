// Runs `prisma generate` without the native schema-engine download that the Prisma CLI
// attempts first (it cannot reach its binaries host on our machines). Generate never uses
// the engine, so any existing executable satisfies the check.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const runtimeDir = path.resolve(here, "..");
const schema = path.resolve(runtimeDir, "../../prisma/schema.prisma");
const result = spawnSync(
  path.join(runtimeDir, "node_modules/.bin/prisma"),
  ["generate", "--schema", schema],
  {
    cwd: runtimeDir,
    stdio: "inherit",
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/true",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  },
);
process.exit(result.status ?? 1);
