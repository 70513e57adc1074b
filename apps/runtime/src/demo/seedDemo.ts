import type { ProcessModel } from "@flowstate/model";
import type { VersionDeps } from "../versions/versionService.ts";
import { publishModel } from "../versions/versionService.ts";

/** Publishes the demo processes; returns one human-readable line per process. */
export async function seedDemo(deps: VersionDeps, models: ProcessModel[]): Promise<string[]> {
  const lines: string[] = [];
  for (const model of models) {
    const r = await publishModel(deps, model);
    lines.push(r.changed ? `published ${r.processKey} v${r.number}` : `${r.processKey} v${r.number} is up to date`);
  }
  return lines;
}
