import type { ConnectKind } from "@flowstate/model";

/** The node kinds drawn as a control shape. */
export type ControlKind = "and" | "or" | "finalizer";

/** Every element kind the palette creates (a state, an action by mode, a control node). */
export type NotationNodeKind = "state" | "manual" | "automatic" | ControlKind;

/**
 * What each kind means, one sentence in the user's words (from docs/semantics.md §1 and §3–5).
 * The palette shows them on hover and focus, with a picture of the kind.
 */
export const nodeKindMeaning: Readonly<Record<NotationNodeKind, string>> = {
  state: "A phase of the case: an instance is in one state at a time and does the actions inside it.",
  manual: "Work done by a person, or by an outside system through the API, when it is unlocked.",
  automatic: "Work the engine does by itself through a handler (HTTP call, set variables…) once unlocked.",
  and: "Goes on by itself once every flow line into it has fired: a parallel join.",
  or: "Goes on by itself as soon as one flow line into it fires, and closes the other sources: a forced choice.",
  finalizer:
    "Ends the instance (succeeded or failed) when a line into it fires; with no line into it, it ends the instance on entry.",
};

export const lineKindMeaning: Readonly<Record<ConnectKind, string>> = {
  flow: "When the first action is done (and the condition holds), the next one is unlocked; the first one closes once the next is done.",
  failure: "When the first action fails for good (after its retries), the next one is unlocked.",
  limit: "The first action can be done only until the second one has been done; it unlocks nothing.",
  not: "Once the first action has been done in this state, the second one can no longer be done.",
  transition:
    "When the action is done (and the condition holds), the instance leaves its state and enters the state the line points at.",
};
