import { createContext, useContext, useId } from "react";
import type { ReactNode } from "react";

/**
 * Whether the fields below are read-only (a published version, a viewer): the properties panel says
 * it once instead of every field being told.
 */
export const FieldsDisabled = createContext(false);

/** A field is disabled when the panel is read-only or it says so itself. */
export function useFieldDisabled(own?: boolean): boolean {
  return useContext(FieldsDisabled) || own === true;
}

/** `div.field`: the label above the control; `children` gets the id the label points at. */
export function FieldShell({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
