import { FieldControl } from "../../../ui/Field.tsx";
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
  return (
    <FieldControl
      label={label}
      value={value}
      options={options}
      onChange={(v) => onCommit(v as T | "")}
      disabled={useFieldDisabled(disabled)}
    />
  );
}
