import { canonicalJson } from "../json/canonicalJson";
import { sha256 } from "../json/sha256";
import type { ProcessModel } from "../schema/Process";

/**
 * The content hash of a model: SHA-256 (pure implementation, `sha256`) of its canonical JSON
 * (`canonicalJson`: sorted keys, no whitespace), as 64 lowercase hex digits. Everything is included —
 * the diagram too — because a published version is immutable as a whole: a layout-only change is a
 * new content. Key order and `undefined` properties do not matter; array order does (it is meaning:
 * e.g. the order of equal-`order` transitions).
 */
export function contentHash(model: ProcessModel): string {
  return sha256(canonicalJson(model));
}
