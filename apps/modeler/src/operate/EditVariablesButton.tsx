import { useState } from "react";
import type { FormEvent } from "react";
import { trpc } from "../api/trpc.ts";
import { useSubmit } from "../api/useSubmit.ts";
import { FormFooter } from "../ui/FormFooter.tsx";
import { ReasonField, reasonCheck } from "../ui/ReasonField.tsx";
import { DialogButton } from "../ui/DialogButton.tsx";
import { useSession } from "../auth/useSession.ts";
import { parseVariables } from "../start/startForm.ts";
import { VariablesField } from "../start/VariablesField.tsx";
import { shortJson, variablesDiff } from "./variablesDiff.ts";

/** The longest reason `instance.setVariables` takes. */

/**
 * "Edit variables" on the instance page (issue 22 §2): the start dialog's JSON editor
 * (`parseVariables`) holding the variables as they were when it opened, the diff against them
 * before saving, and a required reason; `instance.setVariables` with the seq the editor was opened
 * at (CONFLICT when the instance moved on meanwhile). Disabled with a tooltip for users who may not.
 */
export function EditVariablesButton({
  onSaved,
  ...values
}: {
  instanceId: string;
  variables: Record<string, unknown>;
  seq: number;
  onSaved: () => void;
}) {
  const { may } = useSession();
  return (
    <DialogButton
      label="Edit variables"
      allowed={may("instance.setVariables")}
      deniedHint="Only operators and admins may edit variables."
      title="Edit variables"
      description="Replace the instance's variables. The change and its reason are kept in the history and the audit log."
      onDone={onSaved}
    >
      {(close, done) => <EditBody {...values} onClose={close} onSaved={done} />}
    </DialogButton>
  );
}

function EditBody(props: {
  instanceId: string;
  variables: Record<string, unknown>;
  seq: number;
  onClose: () => void;
  onSaved: () => void;
}) {
  // The values and seq as they were when the editor opened: the save is refused if the instance moved on.
  const [opened] = useState(() => ({ variables: props.variables, seq: props.seq }));
  const [json, setJson] = useState(() => JSON.stringify(props.variables, null, 2));
  const [reason, setReason] = useState("");
  const { error, busy, submit: send } = useSubmit();
  const parsed = parseVariables(json);
  const changes = parsed.ok ? variablesDiff(opened.variables, parsed.variables) : [];
  const { trimmed, tooLong } = reasonCheck(reason);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!parsed.ok || changes.length === 0 || !trimmed || tooLong) return;
    const saved = await send(
      () =>
        trpc.instance.setVariables.mutate({
          instanceId: props.instanceId,
          variables: parsed.variables as never,
          reason: trimmed,
          expectedSeq: opened.seq,
        }),
      (info) =>
        info.code === "CONFLICT"
          ? "The instance changed since the editor was opened. Close it and edit again from the current values."
          : info.message,
    );
    if (saved) props.onSaved();
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <VariablesField id="edit-variables" rows={10} value={json} onChange={setJson} parsed={parsed} />
      {parsed.ok && (
        <section aria-label="Changes" className="variables-diff">
          <h3 className="small">Changes</h3>
          {changes.length === 0 ? (
            <p className="muted small">No change yet.</p>
          ) : (
            <table className="table operate-table">
              <thead>
                <tr>
                  <th scope="col">Variable</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.name} className={`diff-${c.kind}`}>
                    <th scope="row">{c.name}</th>
                    <td className="mono diff-before">{c.kind === "added" ? "—" : shortJson(c.before)}</td>
                    <td className="mono diff-after">
                      {c.kind === "removed" ? "(removed)" : shortJson(c.after)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      <ReasonField
        id="edit-variables-reason"
        value={reason}
        onChange={setReason}
        placeholder="Why are the variables corrected? Kept in the history and the audit log."
        rows={2}
      />
      <FormFooter
        error={error}
        onCancel={props.onClose}
        submitLabel={busy ? "Saving…" : "Save variables"}
        submitDisabled={busy || !parsed.ok || changes.length === 0 || !trimmed || tooLong}
      />
    </form>
  );
}
