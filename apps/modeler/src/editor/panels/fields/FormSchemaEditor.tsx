import { useId, useState } from "react";
import { formFields, withFormField } from "./formFields";
import type { FormFieldType } from "./formFields";
import { useFieldDisabled } from "./FieldsDisabled";

/** A manual action's form as JSON Schema: a checked JSON text, and a quick field list on top of it. */
export function FormSchemaEditor({
  value,
  onCommit,
}: {
  value: Record<string, unknown> | undefined;
  onCommit: (value: Record<string, unknown> | undefined) => void;
}) {
  const disabled = useFieldDisabled();
  const id = useId();
  const text = value ? JSON.stringify(value, null, 2) : "";
  const [base, setBase] = useState(text);
  const [draft, setDraft] = useState(text);
  const [newField, setNewField] = useState("");
  const [newType, setNewType] = useState<FormFieldType>("string");
  if (text !== base) {
    setBase(text);
    setDraft(text);
  }
  let problem: string | null = null;
  let parsed: unknown;
  if (draft.trim() !== "") {
    try {
      parsed = JSON.parse(draft);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        problem = "a form is a JSON Schema object";
    } catch (e) {
      problem = e instanceof Error ? e.message : String(e);
    }
  }
  const commit = () => {
    if (problem) return;
    if (draft.trim() === "") return value !== undefined && onCommit(undefined);
    if (draft !== text) onCommit(parsed as Record<string, unknown>);
  };
  return (
    <fieldset className="fieldset">
      <legend>Form (JSON Schema)</legend>
      <ul className="form-fields">
        {formFields(value).map((f) => (
          <li key={f.name}>
            <code>{f.name}</code> <span className="muted">{f.type}</span>
            {f.required && <span className="badge">required</span>}
          </li>
        ))}
      </ul>
      <div className="row-fields">
        <input
          className="input"
          aria-label="New form field name"
          placeholder="field name"
          value={newField}
          disabled={disabled}
          onChange={(e) => setNewField(e.target.value)}
        />
        <select
          className="input"
          aria-label="New form field type"
          value={newType}
          disabled={disabled}
          onChange={(e) => setNewType(e.target.value as FormFieldType)}
        >
          {(["string", "number", "integer", "boolean"] as const).map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <button
          type="button"
          className="btn btn-small"
          disabled={disabled || newField.trim() === ""}
          onClick={() => {
            onCommit(withFormField(value, newField.trim(), newType));
            setNewField("");
          }}
        >
          Add field
        </button>
      </div>
      <label htmlFor={id} className="sr-only">
        Form JSON Schema
      </label>
      <textarea
        id={id}
        className={`input mono ${problem ? "is-invalid" : ""}`}
        rows={6}
        value={draft}
        disabled={disabled}
        placeholder='{ "type": "object", "properties": {} }'
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        aria-invalid={problem ? true : undefined}
      />
      {problem && (
        <div className="field-problem" role="alert">
          {problem}
        </div>
      )}
    </fieldset>
  );
}
