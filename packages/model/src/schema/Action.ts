import { z } from "zod";
import { CaptureSchema } from "./Capture";
import { DurationSchema } from "./Duration";
import { elementFields, IdSchema, NameSchema } from "./Element";
import { FeelExpressionSchema, MappingSchema } from "./Mapping";

/** Retry policy of an automatic action: attempts and exponential backoff between them. */
export const RetrySchema = z.strictObject({
  /** Total attempts including the first one; after the last failed attempt the occurrence is failed. */
  maxAttempts: z.int().min(1),
  backoff: z.strictObject({
    /** Wait before the second attempt. */
    initial: DurationSchema,
    /** Each following wait is the previous one times `factor` (1 = constant). */
    factor: z.number().min(1).default(2),
    /** Upper bound of a single wait. */
    max: DurationSchema.optional(),
  }),
});

/** Retry policy of an automatic action. */
export type Retry = z.output<typeof RetrySchema>;

/** A handler that undoes an action's effect (saga); run in reverse completion order by a compensating finalizer. */
export const CompensationSchema = z.strictObject({
  handler: z.string().min(1),
  input: MappingSchema.optional(),
});

/** Compensation of an action. */
export type Compensation = z.output<typeof CompensationSchema>;

/**
 * Marks a migration action: it runs only when an instance is migrated into its state, has no
 * incoming lines, and may be limited to certain source versions (`include` whitelist, then
 * `exclude` blacklist; both absent = every source version).
 */
export const MigrationSchema = z.strictObject({
  sourceVersions: z
    .strictObject({
      include: z.array(z.int().min(1)).optional(),
      exclude: z.array(z.int().min(1)).optional(),
    })
    .optional(),
});

/** Migration marker of an action. */
export type Migration = z.output<typeof MigrationSchema>;

/** A JSON Schema object describing a manual action's form (kept as data; not interpreted here). */
export const FormSchema = z.record(z.string(), z.unknown());

/** A JSON Schema object. */
export type Form = z.output<typeof FormSchema>;

/** Stable external name of an action: letters, digits, `.`, `_`, `-`; starts with a letter. */
export const ActionCodeSchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9._-]*$/,
    "a code starts with a letter and uses letters, digits, '.', '_' or '-'",
  );

/**
 * A unit of work inside a state. `manual`: done by a person or an outside system through the API
 * (human task, callback). `automatic`: the engine runs its `handler`. Defaults applied by parsing:
 * `maxOccurs` 1, `singleton` false, `captures` [], `strictness` "strict".
 */
export const ActionSchema = z.strictObject({
  ...elementFields,
  kind: z.literal("action"),
  stateId: IdSchema,
  name: NameSchema,
  description: z.string().optional(),
  mode: z.enum(["manual", "automatic"]),
  /** Stable external name used by signals and the API; unique per process. */
  code: ActionCodeSchema.optional(),
  /** Name of a handler registered in the runtime (built-ins: `http`, `setVariables`, `noop`). */
  handler: z.string().min(1).optional(),
  input: MappingSchema.optional(),
  output: MappingSchema.optional(),
  /** Wait after being unlocked (and between repetitions). */
  delay: DurationSchema.optional(),
  /** Id of a calendar: the action only runs inside its business-hours windows. */
  calendar: IdSchema.optional(),
  /** How many times it may complete per unlock; 0 = unlimited. */
  maxOccurs: z.int().min(0).default(1),
  /** FEEL condition: an automatic action runs again (after `delay`) until it holds, bounded by `maxOccurs`. */
  repeatUntil: FeelExpressionSchema.optional(),
  retry: RetrySchema.optional(),
  /** Running it locks other running instances of the process with the same identifier captures. */
  singleton: z.boolean().default(false),
  captures: z.array(CaptureSchema).default([]),
  /** Who may perform a manual action. */
  role: z.string().min(1).optional(),
  form: FormSchema.optional(),
  compensation: CompensationSchema.optional(),
  migration: MigrationSchema.optional(),
  /** strict: performing it while not unlocked is rejected; lax: recorded as skipped, advances nothing. */
  strictness: z.enum(["strict", "lax"]).default("strict"),
});

/** A unit of work inside a state. */
export type Action = z.output<typeof ActionSchema>;
/** An action as written in a file, before defaults are applied. */
export type ActionInput = z.input<typeof ActionSchema>;
