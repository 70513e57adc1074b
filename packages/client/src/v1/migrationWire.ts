import { z } from "zod";
import { intQuery, uuid } from "./wire.ts";

const stateId = z.string().min(1).max(200);
const identifierMatch = z.object({ name: z.string().min(1).max(200), value: z.string().max(2000) });

/** Which running instances of the source versions a plan selects (the fields of the instance search). */
export const migrationFilterSchema = z.strictObject({
  stateId: z.string().min(1).max(200).optional(),
  status: z.enum(["running", "locked"]).optional(),
  businessKey: z.string().max(500).optional(),
  identifier: identifierMatch.optional(),
  /** Captured identifier values that must all match (name = value each), e.g. a customer id and a product. */
  identifiers: z.array(identifierMatch).min(1).max(20).optional(),
  hasIncident: z.boolean().optional(),
  startedFrom: z.iso.datetime().optional(),
  startedTo: z.iso.datetime().optional(),
  /** An explicit selection (e.g. ticked in a list); combined with the other fields. */
  instanceIds: z.array(uuid).min(1).max(10_000).optional(),
});

/**
 * A migration plan as the wizard, a script or `POST /api/v1/migrations` sends it (semantics §6):
 * source versions → target version, the operator's state choices per source version (merged over
 * the automatic proposal: same `ref`, then same name), optional FEEL variable changes and an
 * instance filter.
 */
export const migrationPlanSchema = z.strictObject({
  processKey: z.string().min(1).max(200),
  sourceVersionIds: z.array(uuid).min(1).max(50),
  targetVersionId: uuid,
  /** Source version id → (source state id → target state id). */
  mapping: z.record(uuid, z.record(stateId, stateId)).default({}),
  /** Variable name → FEEL expression over the instance's current variables. */
  variableChanges: z
    .record(
      z
        .string()
        .max(200)
        .regex(
          /^[A-Za-z_][A-Za-z0-9_]*$/,
          "a variable name is a letter or _ followed by letters, digits or _",
        ),
      z.string().min(1).max(4000),
    )
    .optional(),
  filter: migrationFilterSchema.optional(),
});

/** How fast a run goes (chunk size, delay between chunks). */
export const runPaceSchema = z.strictObject({
  chunkSize: z.int().min(1).max(1000).optional(),
  chunkDelayMs: z.int().min(0).max(60_000).optional(),
});

export const planBody = z.strictObject({ plan: migrationPlanSchema });
export const dryRunBody = z.strictObject({
  plan: migrationPlanSchema,
  cursor: uuid.optional(),
  limit: z.int().min(1).max(500).optional(),
});
export const startMigrationBody = z.strictObject({
  plan: migrationPlanSchema,
  pace: runPaceSchema.optional(),
});
export const migrationItemsQuery = z.strictObject({
  status: z.enum(["pending", "migrated", "failed", "skipped", "cancelled", "reverted"]).optional(),
  cursor: uuid.optional(),
  limit: intQuery(1, 500).optional(),
});
export const migrationListQuery = z.strictObject({
  processKey: z.string().min(1).max(200),
  limit: intQuery(1, 200).optional(),
});
export const migrationRun = z.looseObject({ id: uuid, status: z.string() });
export const planCheck = z.looseObject({ ok: z.boolean() });
export const dryRunPage = z.looseObject({ items: z.array(z.unknown()) });
export const itemsPage = z.looseObject({ items: z.array(z.unknown()) });
export const revertResult = z.looseObject({});
