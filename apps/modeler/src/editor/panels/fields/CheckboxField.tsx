/** A yes/no property, committed on change. */
export function CheckboxField({
  label,
  checked,
  onCommit,
  disabled = false,
}: {
  label: string;
  checked: boolean;
  onCommit: (checked: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <label className="field-check">
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onCommit(e.target.checked)}
      />
      {label}
    </label>
  );
}
