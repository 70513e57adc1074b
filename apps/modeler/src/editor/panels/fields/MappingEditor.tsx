import { renameKey } from "./renameKey";
import { TextField } from "./TextField";
import { FeelField } from "./FeelField";
import { useFieldDisabled } from "./FieldsDisabled";

/** Target field → FEEL expression rows; an empty mapping is unset. */
export function MappingEditor({
  label,
  value,
  onCommit,
}: {
  label: string;
  value: Record<string, string> | undefined;
  onCommit: (value: Record<string, string> | undefined) => void;
}) {
  const disabled = useFieldDisabled();
  const entries = Object.entries(value ?? {});
  const commit = (next: Record<string, string>) =>
    onCommit(Object.keys(next).length === 0 ? undefined : next);
  return (
    <fieldset className="fieldset">
      <legend>{label}</legend>
      {entries.length === 0 && <p className="muted small">No mappings.</p>}
      {entries.map(([key, expression], i) => (
        <div className="row-fields mapping-row" key={i}>
          <TextField
            label="Field"
            value={key}
            required
            onCommit={(k) =>
              k && k !== key && !(k in (value ?? {})) && commit(renameKey(value ?? {}, key, k))
            }
          />
          <FeelField
            label="Expression"
            value={expression}
            onCommit={(e) => commit({ ...value, [key]: e ?? "null" })}
          />
          <button
            type="button"
            className="btn btn-ghost btn-small"
            aria-label={`Remove ${label} ${key}`}
            disabled={disabled}
            onClick={() => {
              const { [key]: _removed, ...rest } = value ?? {};
              commit(rest);
            }}
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn-small"
        disabled={disabled}
        onClick={() => {
          let n = entries.length + 1;
          while (`field${n}` in (value ?? {})) n++;
          commit({ ...value, [`field${n}`]: "null" });
        }}
      >
        Add {label.toLowerCase()} mapping
      </button>
    </fieldset>
  );
}
