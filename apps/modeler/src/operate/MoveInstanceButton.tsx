import { useState } from "react";
import type { FormEvent } from "react";
import type { ProcessModel } from "@flowstate/model";
import { trpc } from "../api/trpc.ts";
import { useSubmit } from "../api/useSubmit.ts";
import { useQuery } from "../api/useQuery.ts";
import { ErrorAlert } from "../ui/ErrorAlert.tsx";
import { FormFooter } from "../ui/FormFooter.tsx";
import { FieldControl, optionsWithNone } from "../ui/Field.tsx";
import { ReasonField, reasonCheck } from "../ui/ReasonField.tsx";
import { DialogButton } from "../ui/DialogButton.tsx";
import { useSession } from "../auth/useSession.ts";
import { moveWords } from "./moveWords.ts";

/** The longest reason `instance.move` takes. */

/**
 * "Move…" on the instance page (issue 22 §2): pick another state of the instance's version, read
 * the dry run in words (`instance.moveDryRun`: what unlocks, which scheduled work is dropped, which
 * migration actions run, or why not), then confirm with a reason (`instance.move`, with the dry
 * run's seq: refused if the instance moved on meanwhile). Disabled with a tooltip for users who
 * may not move instances.
 */
export function MoveInstanceButton({
  onMoved,
  ...instance
}: {
  instanceId: string;
  model: ProcessModel;
  currentStateId: string;
  onMoved: () => void;
}) {
  const { may } = useSession();
  return (
    <DialogButton
      label="Move…"
      allowed={may("instance.move")}
      deniedHint="Only operators and admins may move instances."
      title="Move to another state"
      description="The instance leaves its state now and enters the chosen one afresh (reason “manual”). Read the dry run first."
      onDone={onMoved}
    >
      {(close, done) => <MoveBody {...instance} onClose={close} onMoved={done} />}
    </DialogButton>
  );
}

function MoveBody(props: {
  instanceId: string;
  model: ProcessModel;
  currentStateId: string;
  onClose: () => void;
  onMoved: () => void;
}) {
  const states = props.model.states.filter((s) => s.id !== props.currentStateId);
  const [stateId, setStateId] = useState("");
  const [reason, setReason] = useState("");
  const { error, busy, submit: send } = useSubmit();
  const dry = useQuery(`move-dry-run:${props.instanceId}:${stateId}`, async () =>
    stateId ? trpc.instance.moveDryRun.query({ instanceId: props.instanceId, stateId }) : null,
  );
  const ready = dry.status === "ready" ? dry.data : null;
  const words = ready ? moveWords(ready) : null;
  const { trimmed, tooLong } = reasonCheck(reason);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready?.ok || !trimmed || tooLong) return;
    const moved = await send(
      () =>
        trpc.instance.move.mutate({
          instanceId: props.instanceId,
          stateId,
          reason: trimmed,
          expectedSeq: ready.seq,
        }),
      (info) =>
        info.code === "CONFLICT"
          ? `${info.message}. Close and open the dialog again to read a fresh dry run.`
          : info.message,
    );
    if (moved) props.onMoved();
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <FieldControl
        id="move-state"
        label="Target state"
        value={stateId}
        onChange={setStateId}
        options={optionsWithNone("Choose a state…", states, (s) => ({ value: s.id, label: s.name }))}
      />
      {stateId && (
        <section className="move-dry-run" aria-label="Dry run" aria-live="polite">
          <h3 className="small">Dry run</h3>
          {dry.status === "loading" && <p className="muted small">Computing what the move would do…</p>}
          {dry.status === "error" && <ErrorAlert message={dry.error.message} />}
          {words && (
            <ul className={`operate-reasons small${words.refused ? " error" : ""}`}>
              {words.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </section>
      )}
      <ReasonField
        id="move-reason"
        value={reason}
        onChange={setReason}
        placeholder="Why is this instance moved? Kept in its history and the audit log."
        rows={2}
      />
      <FormFooter
        error={error}
        onCancel={props.onClose}
        submitLabel={busy ? "Moving…" : "Move"}
        submitDisabled={busy || !ready?.ok || !trimmed || tooLong}
      />
    </form>
  );
}
