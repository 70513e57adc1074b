#!/usr/bin/env node
// `flowstate` (pnpm flowstate test [dir] [--junit file]): runs the TypeScript sources through tsx.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../src/main.ts");
process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  // `pnpm flowstate` runs in the workspace root; INIT_CWD is where it was typed.
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
