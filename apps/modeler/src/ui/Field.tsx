import type { ChangeEvent, InputHTMLAttributes, ReactNode } from "react";
import { useId } from "react";

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange">;

/**
 * A labelled text input (`label.field`): the label's text above, the value as a plain string; a
 * `textarea` of that many `rows` when given.
 */
export function TextField({
  label,
  value,
  onChange,
  className = "input",
  labelClassName = "field",
  rows,
  children,
  ...input
}: InputProps & {
  label: ReactNode;
  value: string;
  onChange?: (value: string) => void;
  labelClassName?: string;
  rows?: number;
  /** What stands under the control (a problem with the value). */
  children?: ReactNode;
}) {
  const change =
    onChange && ((e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(e.target.value));
  return (
    <label className={labelClassName}>
      <span>{label}</span>
      {rows ? (
        <textarea className={className} rows={rows} value={value} onChange={change} />
      ) : (
        <input className={className} value={value} onChange={change} {...input} />
      )}
      {children}
    </label>
  );
}

/** A labelled `select` in a `label.field`, like `TextField`. */
export function ChoiceField({
  label,
  value,
  onChange,
  options,
  labelClassName = "field",
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  labelClassName?: string;
}) {
  return (
    <label className={labelClassName}>
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

/** A select's options: `none` for the empty value first, then one per item. */
export function optionsWithNone<T>(none: string, items: readonly T[], option: (item: T) => Option): Option[] {
  return [{ value: "", label: none }, ...items.map(option)];
}

/** Options that show their values as they are. */
export function plainOptions(values: readonly string[]): Option[] {
  return values.map((value) => ({ value, label: value }));
}

/** The `option`s of a select. */
export function OptionList({ options }: { options: readonly Option[] }) {
  return options.map((o) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  ));
}

/** A labelled control in a `div.field`: a `select` of `options` when given, else an `input`. */
export function FieldControl({
  id,
  label,
  value,
  onChange,
  options,
  ...input
}: InputProps & {
  id?: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options?: readonly Option[];
}) {
  return (
    <LabelledControl id={id} label={label}>
      {(controlId) => {
        const common = {
          id: controlId,
          className: "input",
          value,
          onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => onChange(e.target.value),
        };
        return options ? (
          <select {...common} disabled={input.disabled}>
            <OptionList options={options} />
          </select>
        ) : (
          <input {...common} {...input} />
        );
      }}
    </LabelledControl>
  );
}
