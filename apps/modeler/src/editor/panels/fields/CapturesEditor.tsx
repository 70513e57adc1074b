import type { Capture } from "@flowstate/model";
import { captureFromOptions } from "../choices";
import { TextField } from "./TextField";
import { FeelField } from "./FeelField";
import { SelectField } from "./SelectField";
import { CheckboxField } from "./CheckboxField";
import { useFieldDisabled } from "./FieldsDisabled";

/** Named values captured from an action's input or output; identifiers are searchable and correlate signals. */
export function CapturesEditor({
  value,
  onCommit,
}: {
  value: Capture[];
  onCommit: (value: Capture[]) => void;
}) {
  const disabled = useFieldDisabled();
  const set = (i: number, changes: Partial<Capture>) => {
    const next = value.map((c, j) => {
      if (j !== i) return c;
      const merged: Capture = { ...c, ...changes };
      if (merged.identifier === false) delete merged.identifier;
      return merged;
    });
    onCommit(next);
  };
  return (
    <fieldset className="fieldset">
      <legend>Captures</legend>
      {value.length === 0 && <p className="muted small">No captures.</p>}
      {value.map((c, i) => (
        <div className="capture" key={i}>
          <div className="row-fields">
            <TextField
              label="Capture name"
              value={c.name}
              required
              onCommit={(name) => name && set(i, { name })}
            />
            <SelectField
              label="From"
              value={c.from}
              options={captureFromOptions}
              onCommit={(from) => from && set(i, { from })}
            />
          </div>
          <FeelField label="Path" value={c.path} onCommit={(path) => set(i, { path: path ?? c.name })} />
          <div className="row-fields">
            <CheckboxField
              label="Identifier"
              checked={c.identifier === true}
              onCommit={(identifier) => set(i, { identifier })}
            />
            <button
              type="button"
              className="btn btn-ghost btn-small"
              aria-label={`Remove capture ${c.name}`}
              disabled={disabled}
              onClick={() => onCommit(value.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        </div>
      ))}
      <button
        type="button"
        className="btn btn-small"
        disabled={disabled}
        onClick={() =>
          onCommit([
            ...value,
            { name: `value${value.length + 1}`, from: "input", path: `value${value.length + 1}` },
          ])
        }
      >
        Add capture
      </button>
    </fieldset>
  );
}
