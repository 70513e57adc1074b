import { useId, useState } from "react";
import { useFieldDisabled } from "./FieldsDisabled";
import type { ReactNode } from "react";

/**
 * A text field that edits locally and commits once, on blur or Enter (one history entry per field
 * edit, not per keystroke). An empty text commits `undefined` (unset) unless `required`.
 * `check` runs as you type and shows its message under the field.
 */
export function TextField({
  label,
  value,
  onCommit,
  required = false,
  placeholder,
  mono = false,
  multiline = false,
  check,
  hint,
  disabled,
}: {
  label: string;
  value: string | undefined;
  onCommit: (value: string | undefined) => void;
  required?: boolean;
  placeholder?: string;
  mono?: boolean;
  multiline?: boolean;
  check?: (text: string) => ReactNode | null;
  hint?: ReactNode;
  disabled?: boolean;
}) {
  const id = useId();
  const off = useFieldDisabled(disabled);
  const [base, setBase] = useState(value ?? "");
  const [draft, setDraft] = useState(value ?? "");
  if ((value ?? "") !== base) {
    // The value changed from outside (undo, another field): show it.
    setBase(value ?? "");
    setDraft(value ?? "");
  }
  const commit = () => {
    const next = draft.trim() === "" ? undefined : draft;
    if (next === undefined && required) {
      setDraft(base);
      return;
    }
    if ((next ?? "") !== (value ?? "")) onCommit(next);
  };
  const problem = check && draft !== "" ? check(draft) : null;
  const common = {
    id,
    className: `input ${mono ? "mono" : ""} ${problem ? "is-invalid" : ""}`,
    value: draft,
    placeholder,
    disabled: off,
    "aria-invalid": problem ? true : undefined,
    "aria-describedby": problem ? `${id}-problem` : undefined,
    onBlur: commit,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={4} onChange={(e) => setDraft(e.target.value)} />
      ) : (
        <input
          {...common}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") commit();
            if (e.key === "Escape") setDraft(value ?? "");
          }}
        />
      )}
      {problem && (
        <div id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </div>
      )}
      {hint && !problem && <div className="field-hint">{hint}</div>}
    </div>
  );
}
