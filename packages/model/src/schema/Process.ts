import { z } from "zod";
import { CalendarSchema } from "./Calendar";
import { DiagramSchema, emptyDiagram } from "./Diagram";
import { NameSchema } from "./Element";
import { LineSchema } from "./Line";
import { NodeSchema } from "./nodeKinds";
import { PersonalSchema } from "./Personal";
import { ScheduleSchema } from "./Schedule";
import { StateSchema } from "./State";
import { TransitionSchema } from "./Transition";

/** The format version this package writes. Older ones are upgraded by `upgradeFormat`. */
export const FORMAT_VERSION = 1;

/** A process key: stable across versions, URL-safe. */
export const ProcessKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "a key uses letters, digits, '.', '_' or '-'");

/**
 * One version of one process. Elements are flat arrays referencing each other by id (easy to edit
 * and diff); `diagram` holds the layout apart from the meaning. Structural rules that span elements
 * (unique ids, existing references, one initial state, …) are checked by `validateModel`.
 */
export const ProcessModelSchema = z.strictObject({
  formatVersion: z.literal(FORMAT_VERSION),
  key: ProcessKeySchema,
  name: NameSchema,
  description: z.string().optional(),
  states: z.array(StateSchema),
  nodes: z.array(NodeSchema).default([]),
  lines: z.array(LineSchema).default([]),
  transitions: z.array(TransitionSchema).default([]),
  calendars: z.array(CalendarSchema).default([]),
  /** Schedules that start instances (optional: a model without schedules parses unchanged). */
  schedules: z.array(ScheduleSchema).optional(),
  /** Personal paths: what retention anonymises (optional: a model without them parses unchanged). */
  personal: PersonalSchema.optional(),
  diagram: DiagramSchema.default(emptyDiagram),
});

/** One version of one process, defaults applied. */
export type ProcessModel = z.output<typeof ProcessModelSchema>;
/** A process model as written in a file, before defaults are applied. */
export type ProcessModelInput = z.input<typeof ProcessModelSchema>;
