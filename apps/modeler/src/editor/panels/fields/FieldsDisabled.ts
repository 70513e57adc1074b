import { createContext, useContext } from "react";

/**
 * Whether the fields below are read-only (a published version, a viewer): the properties panel says
 * it once instead of every field being told.
 */
export const FieldsDisabled = createContext(false);

/** A field is disabled when the panel is read-only or it says so itself. */
export function useFieldDisabled(own?: boolean): boolean {
  return useContext(FieldsDisabled) || own === true;
}
