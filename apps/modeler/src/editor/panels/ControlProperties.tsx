import type { ControlNode } from "@flowstate/model";
import { outcomeOptions } from "./choices";
import { SelectField } from "./fields/SelectField";
import { CheckboxField } from "./fields/CheckboxField";
import { NameAndDescription } from "./NameAndDescription";
import type { Update } from "./NameAndDescription";

/** Name and description of a control node; outcome and compensation of a finalizer. */
export function ControlProperties({ control, update }: { control: ControlNode; update: Update }) {
  return (
    <>
      <NameAndDescription name={control.name} description={control.description} update={update} />
      {control.kind === "finalizer" && (
        <>
          <SelectField
            label="Outcome"
            value={control.outcome}
            options={outcomeOptions}
            onCommit={(outcome) => outcome && update({ outcome })}
          />
          <CheckboxField
            label="Compensate first (run compensation handlers in reverse order)"
            checked={control.compensate}
            onCommit={(compensate) => update({ compensate })}
          />
        </>
      )}
    </>
  );
}
