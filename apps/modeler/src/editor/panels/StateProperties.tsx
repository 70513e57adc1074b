import type { State } from "@flowstate/model";
import { CheckboxField } from "./fields/CheckboxField";
import { useFieldDisabled } from "./fields/FieldsDisabled";
import { LayoutButton } from "../layout/LayoutButton";
import { NameAndDescription } from "./NameAndDescription";
import type { Update } from "./NameAndDescription";

/** Name, description and the initial flag of a state. */
export function StateProperties({ state, update }: { state: State; update: Update }) {
  const disabled = useFieldDisabled();
  return (
    <>
      <NameAndDescription name={state.name} description={state.description} update={update} />
      <CheckboxField
        label="Initial state (instances start here)"
        checked={state.initial === true}
        onCommit={(initial) => update({ initial: initial ? true : undefined })}
        disabled={disabled || state.initial === true}
      />
      {!disabled && <LayoutButton stateId={state.id} />}
    </>
  );
}
