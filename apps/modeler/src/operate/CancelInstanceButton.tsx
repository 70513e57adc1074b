import { useState } from "react";
import type { FormEvent } from "react";
import { trpc } from "../api/trpc.ts";
import { errorInfo } from "../api/errorInfo.ts";
import { ErrorAlert } from "../ui/ErrorAlert.tsx";
import { Dialog } from "../ui/Dialog.tsx";
import { Tooltip } from "../ui/Tooltip.tsx";
import { useSession } from "../auth/useSession.ts";

/** The longest reason `instance.cancel` takes. */
const MAX_REASON = 1000;

/**
 * "Cancel instance" on the instance page: a confirmation with a required reason (kept in the
 * history and the audit log), then `instance.cancel`. Users who may not cancel see the button
 * disabled with a tooltip saying why; the runtime refuses them regardless.
 */
export function CancelInstanceButton({
  instanceId,
  name,
  onCancelled,
}: {
  instanceId: string;
  name: string;
  onCancelled: () => void;
}) {
  const { may } = useSession();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!may("instance.cancel"))
    return (
      <Tooltip content="Only operators and admins may cancel instances.">
        <span tabIndex={0} className="disabled-hint">
          <button type="button" className="btn btn-small btn-danger" disabled>
            Cancel instance
          </button>
        </span>
      </Tooltip>
    );
  const trimmed = reason.trim();
  const tooLong = trimmed.length > MAX_REASON;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!trimmed || tooLong) return;
    setBusy(true);
    setError(null);
    try {
      await trpc.instance.cancel.mutate({ instanceId, reason: trimmed });
      setOpen(false);
      setReason("");
      onCancelled();
    } catch (err) {
      setError(errorInfo(err).message);
    } finally {
      setBusy(false);
    }
  };
  const change = (next: boolean) => {
    setOpen(next);
    if (!next) setError(null);
  };
  return (
    <>
      <button type="button" className="btn btn-small btn-danger" onClick={() => change(true)}>
        Cancel instance
      </button>
      <Dialog
        open={open}
        onOpenChange={change}
        title="Cancel instance"
        description={`Instance ${name} stops now: its open work is dropped and nothing further runs. This cannot be undone.`}
      >
        <form className="form" onSubmit={(e) => void submit(e)}>
          <div className="field">
            <label htmlFor="cancel-reason">Reason (required)</label>
            <textarea
              id="cancel-reason"
              className={`input${tooLong ? " is-invalid" : ""}`}
              rows={3}
              value={reason}
              placeholder="Why is this instance cancelled? Kept in its history and the audit log."
              aria-invalid={tooLong}
              onChange={(e) => setReason(e.target.value)}
              autoFocus
            />
            {tooLong && (
              <p role="alert" className="field-problem">
                At most {MAX_REASON} characters (this is {trimmed.length}).
              </p>
            )}
          </div>
          <ErrorAlert message={error} />
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => change(false)}>
              Keep running
            </button>
            <button type="submit" className="btn btn-danger" disabled={busy || !trimmed || tooLong}>
              {busy ? "Cancelling…" : "Cancel instance"}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
