import { useState } from "react";
import { trpc } from "../api/trpc.ts";
import { useMutation } from "../api/useMutation.ts";
import { ErrorAlert } from "../ui/ErrorAlert.tsx";

type Mode = "anonymise" | "delete";

/**
 * A process's retention of finished instances (docs/operate.md "Retention"): keep N days (empty =
 * forever), then anonymise or delete. Admins and analysts may save; others see the runtime's refusal.
 */
export function RetentionForm(props: {
  processKey: string;
  retentionDays: number | null;
  retentionMode: Mode;
  onSaved: () => void;
}) {
  const [days, setDays] = useState(props.retentionDays === null ? "" : String(props.retentionDays));
  const [mode, setMode] = useState<Mode>(props.retentionMode);
  const [saved, setSaved] = useState(false);
  const save = useMutation();
  const parsed = days.trim() === "" ? null : Number(days);
  const valid = parsed === null || (Number.isInteger(parsed) && parsed >= 0 && parsed <= 36_500);
  return (
    <form
      className="compare"
      aria-label="Retention"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        void save
          .run(() =>
            trpc.process.setRetention.mutate({
              key: props.processKey,
              retentionDays: parsed,
              retentionMode: mode,
            }),
          )
          .then((ok) => {
            if (ok) {
              setSaved(true);
              props.onSaved();
            }
          });
      }}
    >
      <span>Keep finished instances</span>
      <input
        className="input"
        aria-label="Days to keep finished instances"
        inputMode="numeric"
        placeholder="forever"
        value={days}
        onChange={(e) => setDays(e.target.value)}
        style={{ width: "7em" }}
      />
      <span>days, then</span>
      <select
        className="input"
        aria-label="After retention"
        value={mode}
        onChange={(e) => setMode(e.target.value as Mode)}
      >
        <option value="anonymise">anonymise them</option>
        <option value="delete">delete them</option>
      </select>
      <button type="submit" className="btn" disabled={!valid}>
        Save retention
      </button>
      {!valid && <span className="muted small">whole days, 0 to 36500 (empty: forever)</span>}
      {saved && (
        <span className="muted small" role="status">
          Saved.
        </span>
      )}
      <ErrorAlert message={save.error} />
    </form>
  );
}
