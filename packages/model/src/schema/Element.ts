import { z } from "zod";

/**
 * An element's version-local id. Unique among all elements of one model (states, nodes, lines,
 * transitions and calendars share one id space), so a problem or a diagram entry can point at
 * any element by id alone.
 */
export const IdSchema = z.string().min(1, "an id must not be empty");

/**
 * An element's stable reference ("global reference id"). It stays the same across versions of one
 * process, so states and actions can be matched between versions (diff, migration).
 */
export const RefSchema = z.string().min(1, "a ref must not be empty");

/** A human-readable name shown on the canvas. */
export const NameSchema = z.string().min(1, "a name must not be empty");

/** The fields every element of a model carries. */
export const elementFields = {
  id: IdSchema,
  ref: RefSchema,
};
