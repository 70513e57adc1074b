import type { LineKind } from "../schema/Line";

/**
 * What a connection gesture creates: a line of one kind, a failure flow (a flow line with
 * `on: "failed"`), or a transition (action → state).
 */
export type ConnectKind = LineKind | "failure" | "transition";

/** Every connect kind, in palette order. */
export const CONNECT_KINDS: readonly ConnectKind[] = ["flow", "failure", "limit", "not", "transition"];
