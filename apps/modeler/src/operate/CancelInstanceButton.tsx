import { useState } from "react";
import type { FormEvent } from "react";
import { trpc } from "../api/trpc.ts";
import { useSubmit } from "../api/useSubmit.ts";
import { Dialog } from "../ui/Dialog.tsx";
import { FormFooter } from "../ui/FormFooter.tsx";
import { ReasonField, reasonCheck } from "../ui/ReasonField.tsx";
import { DeniedButton } from "../ui/DialogButton.tsx";
import { useSession } from "../auth/useSession.ts";

/** The longest reason `instance.cancel` takes. */

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
  const { error, setError, busy, submit: send } = useSubmit();
  if (!may("instance.cancel"))
    return (
      <DeniedButton label="Cancel instance" hint="Only operators and admins may cancel instances." danger />
    );
  const { trimmed, tooLong } = reasonCheck(reason);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!trimmed || tooLong) return;
    if (!(await send(() => trpc.instance.cancel.mutate({ instanceId, reason: trimmed })))) return;
    setOpen(false);
    setReason("");
    onCancelled();
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
          <ReasonField
            id="cancel-reason"
            value={reason}
            onChange={setReason}
            placeholder="Why is this instance cancelled? Kept in its history and the audit log."
            autoFocus
          />
          <FormFooter
            error={error}
            onCancel={() => change(false)}
            cancelLabel="Keep running"
            submitLabel={busy ? "Cancelling…" : "Cancel instance"}
            submitDisabled={busy || !trimmed || tooLong}
            danger
          />
        </form>
      </Dialog>
    </>
  );
}
