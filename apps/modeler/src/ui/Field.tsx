import type { InputHTMLAttributes, ReactNode } from "react";

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange">;

/** A labelled text input (`label.field`): the label's text above, the value as a plain string. */
export function TextField({
  label,
  value,
  onChange,
  className = "input",
  ...input
}: InputProps & { label: ReactNode; value: string; onChange?: (value: string) => void }) {
  return (
    <label className="field">
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
