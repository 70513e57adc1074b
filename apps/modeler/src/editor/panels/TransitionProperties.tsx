import type { Transition } from "@flowstate/model";
import { FeelField } from "./fields/FeelField";
import { NumberField } from "./fields/NumberField";
import type { Update } from "./NameAndDescription";

/** Condition and order of a transition. */
export function TransitionProperties({ transition, update }: { transition: Transition; update: Update }) {
  return (
    <>
      <FeelField
        label="Condition"
        value={transition.condition}
        placeholder="FEEL; empty = always"
        onCommit={(condition) => update({ condition })}
      />
      <NumberField
        label="Order (lower is tried first)"
        value={transition.order}
        onCommit={(order) => order !== undefined && update({ order })}
      />
    </>
  );
}
