import type { parseVariables } from "./startForm.ts";

/**
 * The variables of an instance as a JSON object in a text area; while `parsed` (the text through
 * `parseVariables`) is not ok, the area is marked invalid and its problem stands under it.
 */
export function VariablesField({
  id,
  rows,
  value,
  onChange,
  parsed,
}: {
  id: string;
  rows: number;
  value: string;
  onChange: (value: string) => void;
  parsed: ReturnType<typeof parseVariables>;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>Variables (JSON object)</label>
      <textarea
        id={id}
        className={`input mono${parsed.ok ? "" : " is-invalid"}`}
        rows={rows}
        spellCheck={false}
        value={value}
        aria-invalid={!parsed.ok}
        onChange={(e) => onChange(e.target.value)}
      />
      {!parsed.ok && (
        <p role="alert" className="field-problem">
          {parsed.message}
        </p>
      )}
    </div>
  );
}
