import { useId } from "react";

/** A choice among a few values, committed on change. */
export function SelectField<T extends string>({
  label,
  value,
  options,
  onCommit,
  disabled = false,
}: {
  label: string;
  value: T | "";
  options: readonly { value: T | ""; label: string }[];
  onCommit: (value: T | "") => void;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className="input"
        value={value}
        disabled={disabled}
        onChange={(e) => onCommit(e.target.value as T | "")}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
