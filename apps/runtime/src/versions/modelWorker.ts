import { createHash } from "node:crypto";
import { parentPort } from "node:worker_threads";
import { contentHash, parseModel, validateModel } from "@flowstate/model";
import { countElements } from "./modelCheck.ts";
import type { ModelCheckJob, ModelCheckResult } from "./modelCheck.ts";

/**
 * The model worker thread (`ModelWorkers`): parses, validates and hashes models off the event loop.
 * Bundled as its own entry (`dist/modelWorker.js`, build.mjs); run from source with tsx.
 */
const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

function check(job: ModelCheckJob): ModelCheckResult {
  let document: unknown;
  try {
    document = JSON.parse(job.text);
  } catch {
    document = undefined;
  }
  const elements = countElements(document);
  if (elements > job.maxElements) return { id: job.id, ok: false, reason: "tooLarge", elements };
  const parsed = parseModel(document === undefined ? job.text : document);
  if (!parsed.ok) return { id: job.id, ok: false, reason: "invalid", problems: parsed.problems };
  const problems = job.validate ? validateModel(parsed.model) : [];
  const { model } = parsed;
  return {
    id: job.id,
    ok: true,
    text: JSON.stringify(model),
    key: model.key,
    name: model.name,
    description: model.description ?? "",
    hash: contentHash(model, sha256Hex),
    problems,
  };
}

parentPort?.on("message", (job: ModelCheckJob) => {
  let result: ModelCheckResult;
  try {
    result = check(job);
  } catch (error) {
    result = {
      id: job.id,
      ok: false,
      reason: "crashed",
      message: error instanceof Error ? error.message : String(error),
    };
  }
  parentPort?.postMessage(result);
});
