import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { VersionDeps } from "./versionService.ts";
import { publishModel } from "./versionService.ts";

/** Scenario files live next to the model files; they are not models. */
const SCENARIOS_SUFFIX = ".scenarios.json";

export interface FolderPublishResult {
  file: string;
  processKey?: string;
  outcome: "published" | "unchanged" | "refused";
  number?: number;
  message?: string;
}

/**
 * Publishes every `*.json` model in a folder whose content differs from the newest published
 * version of its process, so teams who keep flows in code deploy them atomically with the app.
 * Scenario files (`*.scenarios.json`, run by `flowstate test`) sit next to the models and are skipped.
 * A missing folder publishes nothing. A bad file is reported, never half-published.
 */
export async function publishProcessFolder(
  deps: VersionDeps,
  folder: string,
): Promise<FolderPublishResult[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith(".json") && !e.name.endsWith(SCENARIOS_SUFFIX))
    .map((e) => e.name)
    .sort();
  const results: FolderPublishResult[] = [];
  for (const file of files) {
    const text = await readFile(path.join(folder, file), "utf8");
    try {
      const r = await publishModel(deps, text);
      results.push({
        file,
        processKey: r.processKey,
        outcome: r.changed ? "published" : "unchanged",
        number: r.number,
      });
    } catch (error) {
      results.push({
        file,
        outcome: "refused",
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return results;
}
