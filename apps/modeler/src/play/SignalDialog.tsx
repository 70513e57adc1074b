import { useState } from "react";
import type { Json } from "@flowstate/engine";
import { Dialog } from "../ui/Dialog";
import { ErrorAlert } from "../ui/ErrorAlert";
import { DialogActions } from "../ui/FormFooter";
import { TextField } from "../ui/Field";
import type { SignalCode } from "./playSession";

/** Sends a signal to the play instance: one of the model's signal codes with a JSON payload. */
export function SignalDialog({
  open,
  codes,
  onClose,
  onSend,
}: {
  open: boolean;
  codes: readonly SignalCode[];
  onClose: () => void;
  onSend: (code: string, payload: Json) => void;
}) {
  const [code, setCode] = useState("");
  const [text, setText] = useState("{}");
  const [error, setError] = useState<string | null>(null);
  const chosen = codes.some((c) => c.code === code) ? code : (codes[0]?.code ?? "");
  const send = () => {
    try {
      const payload = JSON.parse(text) as Json;
      setError(null);
      setText("{}");
      onSend(chosen, payload);
    } catch (e) {
      setError(`Not JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => !o && onClose()}
      title="Send signal"
      description="A signal performs the action with its code, the payload as its input. In play: nothing is sent to the server."
    >
      <div className="perform-form">
        <ErrorAlert message={error} />
        <label className="field">
          <span>Signal</span>
          <select value={chosen} onChange={(e) => setCode(e.target.value)}>
            {codes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} ({c.name})
              </option>
            ))}
          </select>
        </label>
        <TextField
          label="Payload (JSON)"
          className="play-json-input"
          rows={6}
          value={text}
          onChange={setText}
        />
        <DialogActions onCancel={onClose} submitLabel="Send" onSubmit={send} submitDisabled={!chosen} />
      </div>
    </Dialog>
  );
}
