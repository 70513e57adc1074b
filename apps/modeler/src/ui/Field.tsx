import type { InputHTMLAttributes, ReactNode } from "react";
import { useId } from "react";

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange">;

/** A labelled text input (`label.field`): the label's text above, the value as a plain string. */
export function TextField({
  label,
  value,
  onChange,
  className = "input",
  labelClassName = "field",
  ...input
}: InputProps & {
  label: ReactNode;
  value: string;
  onChange?: (value: string) => void;
  labelClassName?: string;
}) {
  return (
    <label className={labelClassName}>
      <span>{label}</span>
      <input
        className={className}
        value={value}
        onChange={onChange && ((e) => onChange(e.target.value))}
        {...input}
      />
    </label>
  );
}

/** A labelled `select` in a `label.field`, like `TextField`. */
export function ChoiceField({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select className="input" value={value} onChange={(e) => onChange(e.target.value)}>
        <OptionList options={options} />
      </select>
    </label>
  );
}

/** A new password (twice the same rules: 12 to 200 characters). */
export function NewPasswordField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  autoFocus?: boolean;
}) {
  return (
    <TextField
      type="password"
      required
      minLength={12}
      maxLength={200}
      autoComplete="new-password"
      {...props}
    />
  );
}

/** "a, b ,c" → ["a", "b", "c"] (comma-separated input, blanks dropped). */
export function commaList(text: string): string[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

/** `div.field`: a label above its control, tied by `id` (one is made up when none is given). */
export function LabelledControl({
  id,
  label,
  children,
}: {
  id?: string;
  label: string;
  children: (id: string) => ReactNode;
}) {
  const made = useId();
  const controlId = id ?? made;
  return (
    <div className="field">
      <label htmlFor={controlId}>{label}</label>
      {children(controlId)}
    </div>
  );
}

export type Option = { value: string; label: string };

/** A labelled `select` of plain string options. */
export function SelectControl({
  id,
  label,
  value,
  onChange,
  options,
  disabled = false,
}: {
  id?: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  disabled?: boolean;
}) {
  return (
    <LabelledControl id={id} label={label}>
      {(controlId) => (
        <select
          id={controlId}
          className="input"
          value={value}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
        >
          <OptionList options={options} />
        </select>
      )}
    </LabelledControl>
  );
}

/** The `option`s of a select. */
export function OptionList({ options }: { options: readonly Option[] }) {
  return options.map((o) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  ));
}

/** A labelled `input` whose value is a plain string. */
export function InputControl({
  id,
  label,
  value,
  onChange,
  ...input
}: InputProps & { id?: string; label: string; value: string; onChange: (value: string) => void }) {
  return (
    <LabelledControl id={id} label={label}>
      {(controlId) => (
        <input
          id={controlId}
          className="input"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          {...input}
        />
      )}
    </LabelledControl>
  );
}
