import { canonicalJson } from "../json/canonicalJson";
import type { ProcessModel } from "../schema/Process";

/**
 * The content hash of a model: the caller's SHA-256 (`sha256Hex`: text → 64 lowercase hex digits;
 * the runtime passes node:crypto's) of its canonical JSON (`canonicalJson`: sorted keys, no
 * whitespace). Everything is included — the diagram too — because a published version is immutable
 * as a whole: a layout-only change is a new content. Key order and `undefined` properties do not
 * matter; array order does (it is meaning: e.g. the order of equal-`order` transitions).
 */
export function contentHash(model: ProcessModel, sha256Hex: (text: string) => string): string {
  return sha256Hex(canonicalJson(model));
}
