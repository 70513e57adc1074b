import { useState } from "react";
import type { FormEvent } from "react";
import { trpc } from "../../api/trpc.ts";
import { useSubmit } from "../../api/useSubmit.ts";
import { Dialog } from "../../ui/Dialog.tsx";
import { FormFooter } from "../../ui/FormFooter.tsx";
import { ReasonField, reasonCheck } from "../../ui/ReasonField.tsx";
import { ErrorAlert } from "../../ui/ErrorAlert.tsx";
import { ChoiceField, optionsWithNone } from "../../ui/Field.tsx";
import type { BulkOperation, BulkSelection } from "./bulkSelection.ts";
import { bulkCreateInput, selectionCount } from "./bulkSelection.ts";

/**
 * The bar over the instance list while instances are selected: "3 selected · Retry incidents ·
 * Move… · Cancel…", and "Select all N matching" (the list's filter, frozen when the operation starts).
 * Move offers the states of the version the list shows (`moveTargets`); the runtime refuses a
 * selection with instances of a version without that state.
 * Starting calls `bulk.create`; the page then shows the run's progress.
 */
export function BulkActionBar({
  selection,
  pageCount,
  matching,
  onSelectAll,
  onClear,
  onStarted,
  moveTargets,
}: {
  selection: BulkSelection;
  /** Rows of the current page (all of them ticked → offer "Select all N matching"). */
  pageCount: number;
  /** How many instances the filter selects now; null while unknown. */
  matching: { matching: number; overLimit: boolean; limit: number } | null;
  onSelectAll: () => void;
  onClear: () => void;
  onStarted: (runId: string) => void;
  /** The states a selection may be moved to (the shown version's) and that version's label. */
  moveTargets: { versionLabel: string; states: readonly { id: string; name: string }[] } | null;
}) {
  const [open, setOpen] = useState<"cancel" | "move" | null>(null);
  const cancelOpen = open === "cancel";
  const setCancelOpen = (o: boolean) => setOpen(o ? "cancel" : null);
  const [reason, setReason] = useState("");
  const [stateId, setStateId] = useState("");
  const { error, setError, busy, submit } = useSubmit();
  const count = selectionCount(selection, matching?.matching ?? 0);
  const start = (operation: BulkOperation) =>
    submit(async () => {
      const created = await trpc.bulk.create.mutate(bulkCreateInput(selection, operation));
      setOpen(null);
      setReason("");
      onStarted(created.runId);
    });
  const { trimmed, tooLong } = reasonCheck(reason);
  const submitCancel = (e: FormEvent) => {
    e.preventDefault();
    if (trimmed && !tooLong) void start({ type: "cancel", reason: trimmed });
  };
  const submitMove = (e: FormEvent) => {
    e.preventDefault();
    if (trimmed && !tooLong && stateId) void start({ type: "move", stateId, reason: trimmed });
  };
  const overLimit = selection.kind === "all" && matching?.overLimit === true;
  const plural = `${count.toLocaleString()} instance${count === 1 ? "" : "s"}`;
  const allOnPage = selection.kind === "ids" && selection.ids.size === pageCount && pageCount > 0;
  return (
    <div className="control-bar bulk-bar" role="region" aria-label="Bulk actions">
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
        disabled={busy || overLimit}
        onClick={() => void start({ type: "retryIncidents" })}
      >
        Retry incidents
      </button>
      {moveTargets && (
        <button
          type="button"
          className="btn btn-small"
          disabled={busy || overLimit}
          onClick={() => {
            setStateId("");
            setOpen("move");
          }}
        >
          Move…
        </button>
      )}
      <button
        type="button"
        className="btn btn-small btn-danger"
        disabled={busy || overLimit}
        onClick={() => setCancelOpen(true)}
      >
        Cancel…
      </button>
      <button type="button" className="btn btn-small" onClick={onClear}>
        Clear selection
      </button>
      {!open && <ErrorAlert message={error} />}
      <Dialog
        open={cancelOpen}
        onOpenChange={(o) => {
          setCancelOpen(o);
          if (!o) setError(null);
        }}
        title={`Cancel ${plural}`}
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
      {moveTargets && (
        <Dialog
          open={open === "move"}
          onOpenChange={(o) => {
            setOpen(o ? "move" : null);
            if (!o) setError(null);
          }}
          title={`Move ${plural} to another state`}
          description={`Each selected instance leaves its state and enters the one you choose, as if it had taken a transition there: what the new state unlocks becomes available, open work and timers of the old state are dropped. The states are those of ${moveTargets.versionLabel}; instances of a version without the state are refused before anything moves. Use Move… on one instance to read its dry run first.`}
        >
          <form className="form" onSubmit={submitMove}>
            <ChoiceField
              label="Move to state"
              value={stateId}
              onChange={setStateId}
              options={optionsWithNone("Choose a state…", moveTargets.states, (st) => ({
                value: st.id,
                label: st.name,
              }))}
            />
            <ReasonField
              id="bulk-move-reason"
              value={reason}
              onChange={setReason}
              placeholder="Why are these instances moved? Kept in each history and the audit log."
            />
            <FormFooter
              error={error}
              onCancel={() => setOpen(null)}
              cancelLabel="Keep them where they are"
              submitLabel={busy ? "Starting…" : `Move ${count.toLocaleString()}`}
              submitDisabled={busy || !trimmed || tooLong || !stateId}
            />
          </form>
        </Dialog>
      )}
    </div>
  );
}
