import { LabelledControl, OptionList } from "../../../ui/Field.tsx";
import { useFieldDisabled } from "./FieldsDisabled";

/** A choice among a few values, committed on change; the chosen option's `meaning` shows under it. */
export function SelectField<T extends string>({
  label,
  value,
  options,
  onCommit,
  disabled,
}: {
  label: string;
  value: T | "";
  options: readonly { value: T | ""; label: string; meaning?: string }[];
  onCommit: (value: T | "") => void;
  disabled?: boolean;
}) {
  const off = useFieldDisabled(disabled);
  const meaning = options.find((o) => o.value === value)?.meaning;
  return (
    <LabelledControl label={label}>
      {(id) => (
        <>
          <select
            id={id}
            className="input"
            value={value}
            disabled={off}
            onChange={(e) => onCommit(e.target.value as T | "")}
          >
            <OptionList options={options} />
          </select>
          {meaning && <div className="field-hint">{meaning}</div>}
        </>
      )}
    </LabelledControl>
  );
}
