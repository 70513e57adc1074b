import type { Line } from "@flowstate/model";
import { lineKindOptions, lineOnOptions } from "./choices";
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
        options={lineKindOptions}
        onCommit={(kind) => kind && kind !== line.kind && store.getState().changeLineKind(line.id, kind)}
      />
      {line.kind === "flow" && (
        <>
          <SelectField
            label="Fires when the source"
            value={line.on}
            options={lineOnOptions}
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
