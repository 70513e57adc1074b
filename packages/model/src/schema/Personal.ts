import { z } from "zod";

/** The personal path that names the instance's business key (rather than a variable). */
export const BUSINESS_KEY_PATH = "$businessKey";

const segment = "[A-Za-z_][A-Za-z0-9_-]*";
const pathPattern = new RegExp(`^(?:\\$businessKey|${segment}(?:\\.${segment})*)$`);

/**
 * A personal path: where an instance keeps personal data, as dot-separated names into its variables
 * (`customer.email`; through arrays, `contacts.email` names every element's `email`), a captured
 * identifier's name (`iban`), or `$businessKey`. Anonymisation replaces what it names (docs/operate.md).
 */
export const PersonalPathSchema = z
  .string()
  .max(200)
  .regex(pathPattern, "a personal path is names joined by '.', e.g. customer.email, or $businessKey");

/** Personal paths of a model (optional: older models have none). */
export const PersonalSchema = z.array(PersonalPathSchema).max(100);

/** The names of a personal path (`customer.email` → `["customer", "email"]`). */
export function personalPathSegments(path: string): string[] {
  return path.split(".");
}
