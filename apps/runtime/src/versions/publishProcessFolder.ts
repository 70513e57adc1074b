import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { VersionDeps } from "./versionService.ts";
import { publishModel } from "./versionService.ts";

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
    .filter((e) => e.isFile() && e.name.endsWith(".json"))
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
