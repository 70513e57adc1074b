import type { Problem } from "@flowstate/model";

/**
 * What a model may be before any work is spent on it (docs/operate.md "Model size limits"):
 * `bytes` of its JSON text, `elements` = states + actions/control nodes + lines + transitions.
 * Larger models are refused with PAYLOAD_TOO_LARGE (413) before parsing starts.
 */
export const MODEL_LIMITS = Object.freeze({ bytes: 1024 * 1024, elements: 5_000 });

/** A job for the model worker: the model's JSON text (or the text a caller passed as such). */
export interface ModelCheckJob {
  id: number;
  text: string;
  validate: boolean;
  maxElements: number;
}

/**
 * The worker's answer: the parsed model (defaults applied) as JSON `text` — handed to Postgres
 * as is, so the event loop never holds or copies the model as objects — with the fields callers
 * compare, its content hash and (when asked) validation problems; or why not.
 */
export type ModelCheckResult =
  | {
      id: number;
      ok: true;
      text: string;
      key: string;
      name: string;
      description: string;
      hash: string;
      problems: Problem[];
    }
  | { id: number; ok: false; reason: "invalid"; problems: Problem[] }
  | { id: number; ok: false; reason: "tooLarge"; elements: number }
  | { id: number; ok: false; reason: "crashed"; message: string };

function length(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

/** States, nodes (also format 0's nested `state.actions`), lines and transitions of a model document. */
export function countElements(document: unknown): number {
  if (typeof document !== "object" || document === null) return 0;
  const d = document as Record<string, unknown>;
  let n = length(d.states) + length(d.nodes) + length(d.lines) + length(d.transitions);
  if (Array.isArray(d.states))
    for (const s of d.states)
      if (typeof s === "object" && s !== null) n += length((s as Record<string, unknown>).actions);
  return n;
}
