import { isoFromLocal, isoUntilLocal } from "../ui/localTime";

/**
 * What the operator has chosen so far in the migration wizard. It becomes a migration plan
 * (`toPlan`) exactly as a script would send it to `migration.create`, and it round-trips through
 * JSON (`parseDraft`) so the wizard survives a reload.
 */

/** Which running instances the plan selects, as the operator typed it (see `cleanFilter` for what is sent). */
export interface DraftFilter {
  /** A source state id. */
  stateId?: string;
  businessKey?: string;
  hasIncident?: boolean;
  status?: "running" | "locked";
  /** `datetime-local` values (the operator's local time); sent as ISO instants. */
  startedFrom?: string;
  startedTo?: string;
  /** Captured identifier values (name = value); rows with a blank name are not sent. */
  identifiers?: IdentifierPair[];
}

export interface IdentifierPair {
  name: string;
  value: string;
}

/**
 * The filter of a plan (a subset of the runtime's `migrationFilterSchema`): the draft's fields, with
 * the start times as ISO instants and only the identifier rows that name something.
 */
export type PlanFilter = DraftFilter;

export interface VariableChange {
  name: string;
  expression: string;
}

export interface MigrationDraft {
  sourceVersionIds: string[];
  targetVersionId: string | null;
  /** Source version id → (source state id → target state id): the operator's choices over the proposal. */
  choices: Record<string, Record<string, string>>;
  variableChanges: VariableChange[];
  filter: DraftFilter;
}

/** The plan the runtime's `migration.*` procedures take (`migrationPlanSchema`). */
export interface MigrationPlan {
  processKey: string;
  sourceVersionIds: string[];
  targetVersionId: string;
  mapping: Record<string, Record<string, string>>;
  variableChanges?: Record<string, string>;
  filter?: PlanFilter;
}

export const emptyDraft: MigrationDraft = {
  sourceVersionIds: [],
  targetVersionId: null,
  choices: {},
  variableChanges: [],
  filter: {},
};

/** The plan for a draft; null while the versions are not chosen. Choices of versions no longer selected are dropped. */
export function toPlan(
  processKey: string,
  draft: MigrationDraft,
  options: { withVariableChanges?: boolean; withFilter?: boolean } = {},
): MigrationPlan | null {
  if (draft.sourceVersionIds.length === 0 || draft.targetVersionId === null) return null;
  const mapping = Object.fromEntries(
    draft.sourceVersionIds
      .filter((id) => draft.choices[id] && Object.keys(draft.choices[id]).length > 0)
      .map((id) => [id, draft.choices[id]!]),
  );
  const plan: MigrationPlan = {
    processKey,
    sourceVersionIds: draft.sourceVersionIds,
    targetVersionId: draft.targetVersionId,
    mapping,
  };
  const changes = draft.variableChanges.filter((c) => c.name.trim() !== "" || c.expression.trim() !== "");
  if ((options.withVariableChanges ?? true) && changes.length > 0)
    plan.variableChanges = Object.fromEntries(changes.map((c) => [c.name.trim(), c.expression]));
  const filter = cleanFilter(draft.filter);
  if ((options.withFilter ?? true) && Object.keys(filter).length > 0) plan.filter = filter;
  return plan;
}

/**
 * The filter as the plan sends it: empty fields left out (an empty business key selects
 * everything), times as ISO instants ("started to" inclusive of its minute), identifier rows with a name (trimmed; the value as typed).
 * The live count, the dry run and the run all send this same filter.
 */
export function cleanFilter(filter: DraftFilter): PlanFilter {
  const out: PlanFilter = {};
  if (filter.stateId) out.stateId = filter.stateId;
  if (filter.businessKey && filter.businessKey.trim() !== "") out.businessKey = filter.businessKey.trim();
  if (filter.hasIncident !== undefined) out.hasIncident = filter.hasIncident;
  if (filter.status) out.status = filter.status;
  const from = isoFromLocal(filter.startedFrom);
  const to = isoUntilLocal(filter.startedTo);
  if (from) out.startedFrom = from;
  if (to) out.startedTo = to;
  const identifiers = (filter.identifiers ?? [])
    .filter((i) => i.name.trim() !== "")
    .map((i) => ({ name: i.name.trim(), value: i.value }));
  if (identifiers.length > 0) out.identifiers = identifiers;
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";

/** A draft read back from storage; anything malformed gives the empty draft (never a half-valid one). */
export function parseDraft(text: string | null): MigrationDraft {
  if (!text) return emptyDraft;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return emptyDraft;
  }
  if (!isRecord(value)) return emptyDraft;
  const { sourceVersionIds, targetVersionId, choices, variableChanges, filter } = value;
  if (!Array.isArray(sourceVersionIds) || !sourceVersionIds.every(isString)) return emptyDraft;
  if (targetVersionId !== null && !isString(targetVersionId)) return emptyDraft;
  if (
    !isRecord(choices) ||
    !Object.values(choices).every((c) => isRecord(c) && Object.values(c).every(isString))
  )
    return emptyDraft;
  if (
    !Array.isArray(variableChanges) ||
    !variableChanges.every((c) => isRecord(c) && isString(c.name) && isString(c.expression))
  )
    return emptyDraft;
  if (!isRecord(filter)) return emptyDraft;
  const f: DraftFilter = {};
  if (isString(filter.stateId)) f.stateId = filter.stateId;
  if (isString(filter.businessKey)) f.businessKey = filter.businessKey;
  if (typeof filter.hasIncident === "boolean") f.hasIncident = filter.hasIncident;
  if (filter.status === "running" || filter.status === "locked") f.status = filter.status;
  if (isString(filter.startedFrom)) f.startedFrom = filter.startedFrom;
  if (isString(filter.startedTo)) f.startedTo = filter.startedTo;
  if (
    Array.isArray(filter.identifiers) &&
    filter.identifiers.every((i) => isRecord(i) && isString(i.name) && isString(i.value))
  ) {
    f.identifiers = (filter.identifiers as IdentifierPair[]).map((i) => ({ name: i.name, value: i.value }));
  }
  return {
    sourceVersionIds,
    targetVersionId,
    choices: choices as Record<string, Record<string, string>>,
    variableChanges: (variableChanges as VariableChange[]).map((c) => ({
      name: c.name,
      expression: c.expression,
    })),
    filter: f,
  };
}
