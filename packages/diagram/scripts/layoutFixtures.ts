/**
 * Replaces the stored diagram of the fixtures named below with what auto-layout (`layoutDiagram`)
 * draws, in packages/model/fixtures and in the processes/ folder, so a person opening them sees that
 * layout. Run after `packages/model/scripts/writeFixtures.ts` (which lays every fixture out with the
 * model package's simple `layoutModel`): `pnpm --filter @flowstate/diagram layoutFixtures`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseModel } from "@flowstate/model";
import { layoutDiagram } from "../src/layoutDiagram";

/** The fixtures whose stored layout is auto-layout's: the long process people open first. */
const AUTO_LAID_OUT = ["sales-case"];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
for (const name of AUTO_LAID_OUT) {
  const fixture = path.join(root, "packages/model/fixtures", `${name}.json`);
  const parsed = parseModel(JSON.parse(readFileSync(fixture, "utf8")));
  if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.problems, null, 2)}`);
  const model = { ...parsed.model, diagram: await layoutDiagram(parsed.model) };
  const text = `${JSON.stringify(model, null, 2)}\n`;
  writeFileSync(fixture, text);
  const published = path.join(root, "processes", `${name}.model.json`);
  if (existsSync(published)) writeFileSync(published, text);
  process.stdout.write(`${name}: stored layout is auto-layout's\n`);
}
