import type { Scenario, ScenarioFile } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import type { Actor } from "../auth/Actor.ts";
import type { PendingAudit } from "../auth/auditLog.ts";
import { rolesAllow } from "../auth/permissions.ts";
import type { Database } from "../db/openDatabase.ts";
import { DomainError } from "../errors/DomainError.ts";
import { failingScenarios, failureWords, parseScenarioList } from "./scenarioCheck.ts";

/**
 * The scenarios stored with a version (`version.scenarios`, a JSON list next to the model): a
 * draft's are editable, a published version's are immutable with it. Publishing runs the draft's
 * scenarios on the model being published (`checkScenariosBeforePublish`).
 */

type VersionRef = { id: string } | { processKey: string; number: number };

/** A version's scenarios as the `<key>.scenarios.json` file the CLI and play mode read. */
export async function versionScenarios({ db }: { db: Database }, ref: VersionRef) {
  const version = await db.prisma.version.findFirst({
    where: "id" in ref ? { id: ref.id } : { number: ref.number, process: { key: ref.processKey } },
    select: { id: true, number: true, status: true, scenarios: true, process: { select: { key: true } } },
  });
  if (!version)
    throw new DomainError(
      "NOT_FOUND",
      "id" in ref ? `no version with id "${ref.id}"` : `"${ref.processKey}" has no v${ref.number}`,
    );
  const file: ScenarioFile = {
    formatVersion: 1,
    process: version.process.key,
    scenarios: storedScenarios(version.scenarios),
  };
  return { versionId: version.id, number: version.number, status: version.status, file };
}

/** Stored scenarios were checked when saved; a list that no longer parses reads as none. */
export function storedScenarios(value: unknown): Scenario[] {
  const parsed = parseScenarioList(value);
  return parsed.ok ? parsed.scenarios : [];
}

/**
 * Replaces a draft's scenarios. BAD_REQUEST with `data.problems` (path, message) when the list is
 * not valid (schema, limits, duplicate names); PRECONDITION_FAILED for a published version.
 */
export async function saveDraftScenarios(
  { db }: { db: Database },
  input: { id: string; scenarios: unknown },
) {
  const parsed = parseScenarioList(input.scenarios);
  if (!parsed.ok)
    throw new DomainError(
      "BAD_REQUEST",
      `the scenarios are not valid: ${parsed.problems[0]!.path ? `${parsed.problems[0]!.path}: ` : ""}${parsed.problems[0]!.message}`,
      { problems: parsed.problems },
    );
  const text = JSON.stringify(parsed.scenarios);
  return db.prisma.$transaction(async (tx) => {
    const version = await tx.version.findUnique({
      where: { id: input.id },
      select: { status: true, number: true },
    });
    if (!version) throw new DomainError("NOT_FOUND", `no version with id "${input.id}"`);
    if (version.status !== "draft")
      throw new DomainError(
        "PRECONDITION_FAILED",
        `v${version.number} is ${version.status}: its scenarios are immutable with it; create a new draft`,
      );
    await tx.$executeRaw`UPDATE version SET scenarios = ${text}::jsonb WHERE id = ${input.id}::uuid AND status = 'draft'`;
    return { count: parsed.scenarios.length };
  });
}

/** What publishing needs to know about who asks and whether they override failing scenarios. */
export interface PublishScenarioOptions {
  actor?: Actor;
  override?: { reason: string };
  audit?: PendingAudit;
}

/**
 * Runs the draft's scenarios on the model about to be published (`model` parses it, only when there are some). Failing scenarios refuse the
 * publish (PRECONDITION_FAILED, `data.reason: "SCENARIOS_FAILED"`, `data.failures`) unless an
 * admin overrides with a reason; the override's failing scenarios join the publish's audit record.
 * A non-admin's override is FORBIDDEN whether or not the scenarios fail.
 */
export function checkScenariosBeforePublish(
  model: () => ProcessModel,
  what: string,
  scenarios: readonly Scenario[],
  options: PublishScenarioOptions,
): void {
  if (options.override && options.actor && !rolesAllow(options.actor.roles, "overrideScenarios"))
    throw new DomainError(
      "FORBIDDEN",
      `${options.actor.name} may not publish over failing scenarios (needs permission "overrideScenarios")`,
    );
  if (scenarios.length === 0) return;
  const failures = failingScenarios(model(), scenarios);
  if (failures.length === 0) return;
  if (!options.override)
    throw new DomainError(
      "PRECONDITION_FAILED",
      `${what}: ${failures.length} of ${scenarios.length} scenario(s) fail; ${failureWords(failures[0]!)}`,
      { reason: "SCENARIOS_FAILED", failures },
    );
  options.audit?.addDetail({
    override: {
      reason: options.override.reason,
      failingScenarios: failures.map((f) => ({
        scenario: f.scenario,
        step: f.stepIndex,
        difference: f.difference,
      })),
    },
  });
}
