/** The longest reason the runtime accepts (cancel, move, variables change, bulk cancel). */
export const MAX_REASON = 1000;

/** A reason as typed: trimmed, and whether it may be sent (present and not too long). */
export function reasonCheck(value: string): { trimmed: string; tooLong: boolean; ok: boolean } {
  const trimmed = value.trim();
  const tooLong = trimmed.length > MAX_REASON;
  return { trimmed, tooLong, ok: trimmed.length > 0 && !tooLong };
}

/** A required reason, kept in the history and the audit log: a textarea that says when it is too long. */
export function ReasonField(props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  rows?: number;
  autoFocus?: boolean;
}) {
  const { trimmed, tooLong } = reasonCheck(props.value);
  return (
    <div className="field">
      <label htmlFor={props.id}>Reason (required)</label>
      <textarea
        id={props.id}
        className={`input${tooLong ? " is-invalid" : ""}`}
        rows={props.rows ?? 3}
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={tooLong}
        onChange={(e) => props.onChange(e.target.value)}
        autoFocus={props.autoFocus}
      />
      {tooLong && (
        <p role="alert" className="field-problem">
          At most {MAX_REASON} characters (this is {trimmed.length}).
        </p>
      )}
    </div>
  );
}
