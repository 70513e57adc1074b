import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatSummary, toJunitXml } from "./report";
import { testFolder } from "./testFolder";

const usage = `usage: flowstate test [dir] [--junit <file>]

Runs every <name>.scenarios.json next to <name>.model.json in dir (default: processes),
prints a summary with coverage, writes JUnit XML with --junit, exits 1 when a scenario fails.
`;

/** Where the CLI writes; tests pass their own. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
}

/** Runs the CLI; returns the exit code (0 all green, 1 a scenario failed or a file is bad, 2 usage). */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { junit: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const [command, dir, ...rest] = parsed.positionals;
  if (parsed.values.help) {
    io.out(usage);
    return 0;
  }
  if (command !== "test" || rest.length > 0) {
    io.err(usage);
    return 2;
  }
  const folder = path.resolve(io.cwd, dir ?? "processes");
  let run;
  try {
    run = await testFolder(folder);
  } catch (error) {
    io.err(`cannot read ${folder}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  io.out(formatSummary(run));
  if (parsed.values.junit !== undefined) {
    const file = path.resolve(io.cwd, parsed.values.junit);
    await writeFile(file, toJunitXml(run));
    io.out(`JUnit XML: ${file}\n`);
  }
  return run.failed > 0 || run.errors > 0 ? 1 : 0;
}
