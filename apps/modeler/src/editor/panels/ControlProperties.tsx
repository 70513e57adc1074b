import type { ControlNode } from "@flowstate/model";
import { TextField } from "./fields/TextField";
import { SelectField } from "./fields/SelectField";
import { CheckboxField } from "./fields/CheckboxField";

/** Name and description of a control node; outcome and compensation of a finalizer. */
export function ControlProperties({
  control,
  update,
  disabled,
}: {
  control: ControlNode;
  update: (changes: Record<string, unknown>) => void;
  disabled: boolean;
}) {
  return (
    <>
      <TextField
        label="Name"
        value={control.name}
        required
        onCommit={(name) => update({ name })}
        disabled={disabled}
      />
      <TextField
        label="Description"
        value={control.description}
        multiline
        onCommit={(description) => update({ description })}
        disabled={disabled}
      />
      {control.kind === "finalizer" && (
        <>
          <SelectField
            label="Outcome"
            value={control.outcome}
            options={[
              { value: "succeeded", label: "succeeded" },
              { value: "failed", label: "failed" },
            ]}
            onCommit={(outcome) => outcome && update({ outcome })}
            disabled={disabled}
          />
          <CheckboxField
            label="Compensate first (run compensation handlers in reverse order)"
            checked={control.compensate}
            onCommit={(compensate) => update({ compensate })}
            disabled={disabled}
          />
        </>
      )}
    </>
  );
}
