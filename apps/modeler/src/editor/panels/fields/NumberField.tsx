import { LabelledControl } from "../../../ui/Field.tsx";
import { useFieldDisabled } from "./FieldsDisabled";

/** A whole-number field that commits on change (a spin or a typed number is one edit). */
export function NumberField({
  label,
  value,
  min,
  onCommit,
  placeholder,
  disabled,
}: {
  label: string;
  value: number | undefined;
  min?: number;
  onCommit: (value: number | undefined) => void;
  placeholder?: string;
  disabled?: boolean;
}) {
  const off = useFieldDisabled(disabled);
  return (
    <LabelledControl label={label}>
      {(id) => (
        <input
          id={id}
          className="input"
          type="number"
          min={min}
          step={1}
          placeholder={placeholder}
          disabled={off}
          value={value ?? ""}
          onChange={(e) => {
            const text = e.target.value;
            if (text === "") return onCommit(undefined);
            const n = Number(text);
            if (Number.isInteger(n) && (min === undefined || n >= min)) onCommit(n);
          }}
        />
      )}
    </LabelledControl>
  );
}
