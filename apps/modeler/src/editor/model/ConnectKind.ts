import type { LineKind } from "@flowstate/model";

/**
 * What a connection gesture creates: a line of one kind (a failure flow is a flow line with
 * `on: "failed"`) or a transition (action → state).
 */
export type ConnectKind = LineKind | "failure" | "transition";

/** Every connect kind, in palette order. */
export const CONNECT_KINDS: readonly ConnectKind[] = ["flow", "failure", "limit", "not", "transition"];

/** Palette / legend labels. */
export const connectKindLabels: Record<ConnectKind, string> = {
  flow: "Flow",
  failure: "Failure flow",
  limit: "Limit",
  not: "Not",
  transition: "Transition",
};
