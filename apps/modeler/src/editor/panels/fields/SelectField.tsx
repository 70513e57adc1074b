import { LabelledControl } from "../../../ui/Field.tsx";
import { useFieldDisabled } from "./FieldsDisabled";

/** A choice among a few values, committed on change. */
export function SelectField<T extends string>({
  label,
  value,
  options,
  onCommit,
  disabled,
}: {
  label: string;
  value: T | "";
  options: readonly { value: T | ""; label: string }[];
  onCommit: (value: T | "") => void;
  disabled?: boolean;
}) {
  const off = useFieldDisabled(disabled);
  return (
    <LabelledControl label={label}>
      {(id) => (
        <select
          id={id}
          className="input"
          value={value}
          disabled={off}
          onChange={(e) => onCommit(e.target.value as T | "")}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </LabelledControl>
  );
}
