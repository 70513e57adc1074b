import type { LiveStatus } from "./useLiveChanges.ts";

const labels: Record<LiveStatus, string> = { connecting: "Connecting…", live: "Live", offline: "Offline" };

/** Whether the page follows changes as they happen. */
export function LiveBadge({ status }: { status: LiveStatus }) {
  return (
    <span className={`live-badge live-${status}`} role="status" aria-label="Live updates">
      <span className="live-dot" aria-hidden="true" />
      {labels[status]}
    </span>
  );
}
