import type { ReactNode } from "react";
import { CheckboxField } from "./CheckboxField";

/** A group of properties that is there or not: its checkbox, and its fields while it is on. */
export function ToggledFieldset({
  legend,
  label,
  on,
  onToggle,
  children,
}: {
  legend: string;
  label: string;
  on: boolean;
  onToggle: (on: boolean) => void;
  children: ReactNode;
}) {
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      <CheckboxField label={label} checked={on} onCommit={onToggle} />
      {on && children}
    </fieldset>
  );
}
