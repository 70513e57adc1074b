import { useEffect, useState } from "react";
import { Link } from "wouter";
import { trpc } from "../../api/trpc.ts";
import { useQuery } from "../../api/useQuery.ts";
import { errorInfo } from "../../api/errorInfo.ts";
import { ErrorAlert } from "../../ui/ErrorAlert.tsx";
import { StatusBadge } from "../../ui/StatusBadge.tsx";
import { ProgressBar } from "../../ui/ProgressBar.tsx";
import "../../migration/migration.css";

const POLL_MS = 1000;

/** Words for an operation, as the panel's title says it. */
function operationWords(operation: { type: string; reason?: string }): string {
  if (operation.type === "cancel") return `Cancel (“${operation.reason ?? ""}”)`;
  if (operation.type === "move") return `Move to another state (“${operation.reason ?? ""}”)`;
  return "Retry incidents";
}

/**
 * A bulk operation's progress under the instance list: a bar, done / failed / pending, pause or
 * resume, and the failed instances with the reason in words. Polls while the run is not completed.
 */
export function BulkProgressPanel({
  runId,
  onClose,
  onProgress,
}: {
  runId: string;
  onClose: () => void;
  /** Called when the counts change (the page reloads its list). */
  onProgress: () => void;
}) {
  const run = useQuery(`bulk-run:${runId}`, () => trpc.bulk.get.query({ runId }));
  const failures = useQuery(`bulk-failures:${runId}`, () =>
    trpc.bulk.items.query({ runId, status: "failed", limit: 50 }),
  );
  const [error, setError] = useState<string | null>(null);
  const shown = run.status === "ready" ? run.data : (run.last?.data ?? null);
  const completed = shown?.status === "completed";
  const refreshRun = run.refresh;
  const refreshFailures = failures.refresh;
  useEffect(() => {
    if (completed) return undefined;
    const timer = setInterval(() => {
      refreshRun();
      refreshFailures();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [completed, refreshRun, refreshFailures]);
  const doneCount = shown ? shown.progress.done + shown.progress.failed : 0;
  useEffect(() => {
    if (doneCount > 0) onProgress();
  }, [doneCount, onProgress]);
  if (!shown)
    return (
      <section className="bulk-panel" aria-label="Bulk operation">
        {run.status === "error" ? (
          <p role="alert" className="error">
            Could not load the bulk operation: {run.error.message}
          </p>
        ) : (
          <p className="muted">Loading the bulk operation…</p>
        )}
      </section>
    );
  const { total, done, failed, pending } = shown.progress;
  const percent = total === 0 ? 100 : Math.round(((done + failed) / total) * 100);
  const act = async (call: () => Promise<unknown>) => {
    setError(null);
    try {
      await call();
    } catch (err) {
      setError(errorInfo(err).message);
    }
    refreshRun();
  };
  const failedItems = failures.status === "ready" ? failures.data.items : (failures.last?.data.items ?? []);
  return (
    <section className="bulk-panel" aria-label="Bulk operation">
      <div className="bulk-panel-head">
        <h2>{operationWords(shown.operation)}</h2>
        <StatusBadge status={shown.status} />
        <div className="toolbar-spacer" />
        {(
          [
            ["running", "Pause", "btn btn-small", trpc.bulk.pause],
            ["paused", "Resume", "btn btn-small btn-primary", trpc.bulk.resume],
          ] as const
        ).map(
          ([status, text, className, procedure]) =>
            shown.status === status && (
              <button
                key={status}
                type="button"
                className={className}
                onClick={() => void act(() => procedure.mutate({ runId }))}
              >
                {text}
              </button>
            ),
        )}
        <button type="button" className="btn btn-small" onClick={onClose}>
          Close
        </button>
      </div>
      <ProgressBar label="Bulk operation progress" percent={percent} />
      <p className="bulk-counts" aria-label="Progress">
        <span data-testid="bulk-done">
          {done} / {total} done
        </span>
        {" · "}
        <span data-testid="bulk-failed" className={failed > 0 ? "error" : undefined}>
          {failed} failed
        </span>
        {" · "}
        <span data-testid="bulk-pending">{pending} pending</span>
      </p>
      <ErrorAlert message={error} />
      {failedItems.length > 0 && (
        <ul className="bulk-failures" aria-label="Failed instances">
          {failedItems.map((i) => (
            <li key={i.instanceId}>
              <Link href={`/instances/${i.instanceId}`}>{i.businessKey ?? i.instanceId}</Link>:{" "}
              <span className="muted">{i.reason}</span>
            </li>
          ))}
          {failures.status === "ready" && failures.data.nextCursor && (
            <li className="muted small">
              … and more (GET /api/v1/bulk-operations/{runId}/items?status=failed)
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
