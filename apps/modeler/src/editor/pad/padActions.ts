/**
 * What the context pad offers for one element (pure): appends, change kind, connect, delete — each
 * with its name, icon and the key of the shortcut table that does the same.
 */
import type { ProcessModel } from "@flowstate/model";
import type { IconName } from "../canvas/Icon";
import { keysOf } from "../keyboard/shortcutFor";
import type { AppendKind } from "../store/EditorState";

export type PadAction =
  | { command: "append"; kind: AppendKind }
  | { command: "changeKind" }
  | { command: "connect" }
  | { command: "delete" };

export interface PadButton {
  action: PadAction;
  /** The button's accessible name (also its tooltip, with the keys). */
  label: string;
  icon: IconName;
  keys: string;
  /** More than the name, for the tooltip. */
  hint?: string;
}

const appendLabels: Record<AppendKind, string> = {
  manual: "Append manual action",
  automatic: "Append automatic action",
  and: "Append and",
  or: "Append or",
  finalizer: "Append finalizer",
  state: "Append state",
};

const appendButton = (kind: AppendKind): PadButton => ({
  action: { command: "append", kind },
  label: appendLabels[kind],
  icon: kind,
  keys: keysOf("append", kind),
});

const nodeKinds: readonly AppendKind[] = ["manual", "automatic", "and", "or", "finalizer"];

/** The buttons for element `id` (a node or a state); none for anything else. */
export function padActions(model: ProcessModel, id: string): PadButton[] {
  const node = model.nodes.find((n) => n.id === id);
  const state = model.states.find((s) => s.id === id);
  if (!node && !state) return [];
  const buttons: PadButton[] = [];
  // a state holds what is appended; a finalizer ends the instance, so nothing follows it
  if (state || node?.kind !== "finalizer") buttons.push(...nodeKinds.map(appendButton));
  if (node?.kind === "action") buttons.push(appendButton("state"));
  if (node)
    buttons.push({
      action: { command: "changeKind" },
      label: "Change kind",
      icon: "changeKind",
      keys: keysOf("changeKind"),
    });
  if (node && node.kind !== "finalizer")
    buttons.push({
      action: { command: "connect" },
      label: "Connect",
      hint: "then click the target; Shift: limit, Alt: not, Ctrl: failure line; Esc cancels",
      icon: "connect",
      keys: keysOf("connect"),
    });
  buttons.push({ action: { command: "delete" }, label: "Delete", icon: "delete", keys: keysOf("delete") });
  return buttons;
}
