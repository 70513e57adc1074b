import { startActions } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";

/** What the start dialog offers for a version: its start actions and the form its variables come from. */
export interface StartForm {
  /** Names of the manual actions a new instance offers first (the engine's `startActions`), model order. */
  startActions: string[];
  /** The JSON Schema of the first start action that has a form; null → the JSON editor. */
  schema: Record<string, unknown> | null;
  /** The name of the action whose form it is. */
  formOf: string | null;
}

/**
 * The start dialog's variables form: the JSON Schema (`form`) of the version's first start action
 * that has one. Its values become the new instance's variables (as a start form does in Camunda);
 * without such a form the dialog offers a JSON editor instead.
 */
export function startForm(model: ProcessModel): StartForm {
  const nodes = new Map(model.nodes.map((n) => [n.id, n]));
  const actions = startActions(model).flatMap((a) => {
    const node = nodes.get(a.nodeId);
    return node && node.kind === "action" ? [node] : [];
  });
  const withForm = actions.find((a) => a.form !== undefined && Object.keys(a.form).length > 0);
  return {
    startActions: actions.map((a) => a.name),
    schema: withForm?.form ?? null,
    formOf: withForm?.name ?? null,
  };
}

/** The longest business key `instance.start` takes. */
export const MAX_BUSINESS_KEY = 500;

/** Why a business key cannot be sent (null: it can; empty = none, the instance id is used). */
export function businessKeyProblem(key: string): string | null {
  if (key.length > MAX_BUSINESS_KEY) return `At most ${MAX_BUSINESS_KEY} characters (this is ${key.length}).`;
  if (key.includes("\u0000")) return "A business key cannot contain a NUL character.";
  if (key.length > 0 && key.trim().length === 0) return "A business key cannot be only spaces.";
  return null;
}

/** The JSON editor's text as variables: a JSON object, or why not. Empty text = no variables. */
export function parseVariables(
  text: string,
): { ok: true; variables: Record<string, unknown> } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: true, variables: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return {
      ok: false,
      message: `Variables are a JSON object ({ "name": value, … }), not ${Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`}.`,
    };
  return { ok: true, variables: value as Record<string, unknown> };
}
