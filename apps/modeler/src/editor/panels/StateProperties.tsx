import type { State } from "@flowstate/model";
import { TextField } from "./fields/TextField";
import { CheckboxField } from "./fields/CheckboxField";
import { LayoutButton } from "../layout/LayoutButton";

/** Name, description and the initial flag of a state. */
export function StateProperties({
  state,
  update,
  disabled,
}: {
  state: State;
  update: (changes: Record<string, unknown>) => void;
  disabled: boolean;
}) {
  return (
    <>
      <TextField
        label="Name"
        value={state.name}
        required
        onCommit={(name) => update({ name })}
        disabled={disabled}
      />
      <TextField
        label="Description"
        value={state.description}
        multiline
        onCommit={(description) => update({ description })}
        disabled={disabled}
      />
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
