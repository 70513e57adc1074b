import { useState } from "react";
import type { FormEvent } from "react";
import { trpc } from "../../api/trpc.ts";
import { errorInfo } from "../../api/errorInfo.ts";
import { Dialog } from "../../ui/Dialog.tsx";
import { FormFooter } from "../../ui/FormFooter.tsx";
import { ReasonField, reasonCheck } from "../../ui/ReasonField.tsx";
import { ErrorAlert } from "../../ui/ErrorAlert.tsx";
import type { BulkSelection } from "./bulkSelection.ts";
import { bulkCreateInput, selectionCount } from "./bulkSelection.ts";

/**
 * The bar over the instance list while instances are selected: "3 selected · Cancel… · Retry
 * incidents", and "Select all N matching" (the list's filter, frozen when the operation starts).
 * Starting calls `bulk.create`; the page then shows the run's progress.
 */
export function BulkActionBar({
  selection,
  pageCount,
  matching,
  onSelectAll,
  onClear,
  onStarted,
}: {
  selection: BulkSelection;
  /** Rows of the current page (all of them ticked → offer "Select all N matching"). */
  pageCount: number;
  /** How many instances the filter selects now; null while unknown. */
  matching: { matching: number; overLimit: boolean; limit: number } | null;
  onSelectAll: () => void;
  onClear: () => void;
  onStarted: (runId: string) => void;
}) {
  const [cancelOpen, setCancelOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const count = selectionCount(selection, matching?.matching ?? 0);
  const start = async (operation: { type: "cancel"; reason: string } | { type: "retryIncidents" }) => {
    setBusy(true);
    setError(null);
    try {
      const created = await trpc.bulk.create.mutate(bulkCreateInput(selection, operation));
      setCancelOpen(false);
      setReason("");
      onStarted(created.runId);
    } catch (err) {
      setError(errorInfo(err).message);
    } finally {
      setBusy(false);
    }
  };
  const { trimmed, tooLong } = reasonCheck(reason);
  const submitCancel = (e: FormEvent) => {
    e.preventDefault();
    if (trimmed && !tooLong) void start({ type: "cancel", reason: trimmed });
  };
  const allOnPage = selection.kind === "ids" && selection.ids.size === pageCount && pageCount > 0;
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions">
      <strong data-testid="bulk-selected">{count.toLocaleString()} selected</strong>
      {selection.kind === "all" && <span className="muted small">all matching the filter</span>}
      {allOnPage && matching && matching.matching > pageCount && (
        <button type="button" className="btn btn-small" onClick={onSelectAll}>
          {matching.overLimit
            ? `Select all matching (over ${matching.limit.toLocaleString()}: narrow the filter)`
            : `Select all ${matching.matching.toLocaleString()} matching`}
        </button>
      )}
      <div className="toolbar-spacer" />
      <button
        type="button"
        className="btn btn-small"
        disabled={busy || (selection.kind === "all" && matching?.overLimit === true)}
        onClick={() => void start({ type: "retryIncidents" })}
      >
        Retry incidents
      </button>
      <button
        type="button"
        className="btn btn-small btn-danger"
        disabled={busy || (selection.kind === "all" && matching?.overLimit === true)}
        onClick={() => setCancelOpen(true)}
      >
        Cancel…
      </button>
      <button type="button" className="btn btn-small" onClick={onClear}>
        Clear selection
      </button>
      {!cancelOpen && <ErrorAlert message={error} />}
      <Dialog
        open={cancelOpen}
        onOpenChange={(o) => {
          setCancelOpen(o);
          if (!o) setError(null);
        }}
        title={`Cancel ${count.toLocaleString()} instance${count === 1 ? "" : "s"}`}
        description="Each selected instance stops: its open work is dropped and nothing further runs. Instances that finished meanwhile are listed as failed. This cannot be undone."
      >
        <form className="form" onSubmit={submitCancel}>
          <ReasonField
            id="bulk-cancel-reason"
            value={reason}
            onChange={setReason}
            placeholder="Why are these instances cancelled? Kept in each history and the audit log."
            autoFocus
          />
          <FormFooter
            error={error}
            onCancel={() => setCancelOpen(false)}
            cancelLabel="Keep running"
            submitLabel={busy ? "Starting…" : `Cancel ${count.toLocaleString()}`}
            submitDisabled={busy || !trimmed || tooLong}
            danger
          />
        </form>
      </Dialog>
    </div>
  );
}
