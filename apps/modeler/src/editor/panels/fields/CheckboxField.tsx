import { useFieldDisabled } from "./FieldsDisabled";

/** A yes/no property, committed on change. */
export function CheckboxField({
  label,
  checked,
  onCommit,
  disabled,
}: {
  label: string;
  checked: boolean;
  onCommit: (checked: boolean) => void;
  disabled?: boolean;
}) {
  const off = useFieldDisabled(disabled);
  return (
    <label className="field-check">
      <input type="checkbox" checked={checked} disabled={off} onChange={(e) => onCommit(e.target.checked)} />
      {label}
    </label>
  );
}
