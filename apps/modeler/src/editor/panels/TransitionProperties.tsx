import type { Transition } from "@flowstate/model";
import { FeelField } from "./fields/FeelField";
import { NumberField } from "./fields/NumberField";

/** Condition and order of a transition. */
export function TransitionProperties({
  transition,
  update,
  disabled,
}: {
  transition: Transition;
  update: (changes: Record<string, unknown>) => void;
  disabled: boolean;
}) {
  return (
    <>
      <FeelField
        label="Condition"
        value={transition.condition}
        placeholder="FEEL; empty = always"
        onCommit={(condition) => update({ condition })}
        disabled={disabled}
      />
      <NumberField
        label="Order (lower is tried first)"
        value={transition.order}
        onCommit={(order) => order !== undefined && update({ order })}
        disabled={disabled}
      />
    </>
  );
}
