/**
 * What a view puts on top of a diagram element beyond the notation (operate: the instance's
 * progress, the heat of running instances). Plain data: computed by pure functions outside the
 * canvas and read by each canvas element through `useElementOverlay(id)`.
 */
export interface OverlayBadge {
  text: string;
  /** Read by screen readers and shown on hover. */
  label: string;
  tone: "neutral" | "ok" | "accent" | "warn" | "danger";
}

export interface ElementOverlay {
  /** Extra classes on the element: `ov-current`, `ov-unlocked`, `ov-dimmed`, `ov-fired`, `heat-N` … */
  className: string;
  badges: OverlayBadge[];
  /** Shown on hover over the element (e.g. the explainer's reason why an action is not unlocked). */
  title?: string;
  /** A manual action that may be performed now: its name; the element shows a "Perform" button. */
  performable?: string;
  /** Fired lines: their position(s) in the path taken (1 = first). */
  order?: number[];
  /** Fired lines and transitions taken: how often over the whole history (shown as "×N" instead of the order). */
  fired?: number;
}
