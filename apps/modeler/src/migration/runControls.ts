/**
 * What an operator may do with a migration run in its status (mirrors the runtime's lifecycle:
 * planned → running ⇄ paused → completed; cancel from planned, running or paused; failed items
 * retried once a run has started and was not cancelled).
 */
export type RunStatus = "planned" | "running" | "paused" | "completed" | "cancelled";

export interface RunControls {
  start: boolean;
  pause: boolean;
  resume: boolean;
  cancel: boolean;
  retryFailed: boolean;
}

export function runControls(status: RunStatus, failed: number): RunControls {
  return {
    start: status === "planned",
    pause: status === "running",
    resume: status === "paused",
    cancel: status === "planned" || status === "running" || status === "paused",
    retryFailed: failed > 0 && (status === "running" || status === "paused" || status === "completed"),
  };
}

/** A run still changing on its own: the progress page keeps polling it. */
export function isLive(status: RunStatus): boolean {
  return status === "running" || status === "planned";
}

/** "1 h 5 min", "3 min 20 s", "45 s"; unknown → "—". */
export function formatEta(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds <= 0) return "0 s";
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
  const minutes = Math.round((s % 3600) / 60);
  return `${Math.floor(s / 3600)} h${minutes ? ` ${minutes} min` : ""}`;
}

export function formatRate(perSecond: number): string {
  return `${perSecond >= 10 ? Math.round(perSecond) : Math.round(perSecond * 10) / 10} / s`;
}

/** A migration action occurrence the worker has not finished yet (the page keeps polling until it has). */
export function isUnsettled(occurrenceStatus: string): boolean {
  return occurrenceStatus === "scheduled" || occurrenceStatus === "running";
}
