/**
 * Writes packages/model/fixtures/*.json from the builders in ./fixtures: lays out the diagram,
 * parses (applying every default, so the files are canonical: parse(file) deep-equals file) and
 * fails loudly on a problem. Run: `pnpm exec tsx packages/model/scripts/writeFixtures.ts`, then
 * `pnpm --filter @flowstate/diagram layoutFixtures` (sales-case's stored layout is auto-layout's).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { layoutModel } from "../src/diagram/layoutModel";
import { parseModel } from "../src/parse/parseModel";
import type { ProcessModelInput } from "../src/schema/Process";
import { documentVoiding } from "./fixtures/documentVoiding";
import { loginSession } from "./fixtures/loginSession";
import { salesCase } from "./fixtures/salesCase";
import { signupSaga } from "./fixtures/signupSaga";

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");
const builders: Record<string, () => ProcessModelInput> = {
  "sales-case": salesCase,
  "document-voiding": documentVoiding,
  "login-session": loginSession,
  "signup-saga": signupSaga,
};

for (const [name, build] of Object.entries(builders)) {
  const draft = build();
  const first = parseModel(draft);
  if (!first.ok) throw new Error(`${name}: ${JSON.stringify(first.problems, null, 2)}`);
  const parsed = parseModel({ ...draft, diagram: layoutModel(first.model) });
  if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.problems, null, 2)}`);
  writeFileSync(path.join(out, `${name}.json`), `${JSON.stringify(parsed.model, null, 2)}\n`);
  process.stdout.write(
    `${name}: ${parsed.model.states.length} states, ${parsed.model.nodes.length} nodes, ${parsed.model.lines.length} lines, ${parsed.model.transitions.length} transitions\n`,
  );
}
