import type { Line } from "@flowstate/model";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { FeelField } from "./fields/FeelField";
import { SelectField } from "./fields/SelectField";
import type { Update } from "./NameAndDescription";

/** Kind of a line; condition and trigger (completed / failed) of a flow. */
export function LineProperties({ line, update }: { line: Line; update: Update }) {
  const store = useEditorStoreApi();
  return (
    <>
      <SelectField
        label="Line kind"
        value={line.kind}
        options={[
          { value: "flow", label: "flow: unlocks the target" },
          { value: "limit", label: "limit: the source runs until the target ran" },
          { value: "not", label: "not: the target must not run after the source" },
        ]}
        onCommit={(kind) => kind && kind !== line.kind && store.getState().changeLineKind(line.id, kind)}
      />
      {line.kind === "flow" && (
        <>
          <SelectField
            label="Fires when the source"
            value={line.on}
            options={[
              { value: "completed", label: "completed" },
              { value: "failed", label: "failed for good (failure flow)" },
            ]}
            onCommit={(on) => on && update({ on })}
          />
          <FeelField
            label="Condition"
            value={line.condition}
            placeholder="FEEL, e.g. amount > 1000"
            onCommit={(condition) => update({ condition })}
          />
        </>
      )}
    </>
  );
}
