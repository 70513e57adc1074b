import { randomUUID } from "node:crypto";
import { diffModels, parseModel } from "@flowstate/model";
import type { ProcessModel, Problem } from "@flowstate/model";
import type { Scenario } from "@flowstate/engine";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Clock } from "../clock.ts";
import type { Database } from "../db/openDatabase.ts";
import { DomainError } from "../errors/DomainError.ts";
import { modelWorkers } from "./ModelWorkers.ts";
import { checkScenariosBeforePublish, storedScenarios } from "./versionScenarios.ts";
import type { PublishScenarioOptions } from "./versionScenarios.ts";

/**
 * Processes and their versions. A version is `draft` (editable, saved with an optimistic
 * `revision`), then `published` (immutable, content-hashed; new instances use the newest
 * published), `deprecated` (a newer one was published; its running instances continue) and
 * `inactive` (deprecated with no running instance left). Lifecycle rules: semantics.md §6.
 */
export interface VersionDeps {
  db: Database;
  clock: Clock;
}

type Tx = Prisma.TransactionClient;

/**
 * Parses a model document or throws a BAD_REQUEST DomainError listing its problems — on the
 * event loop: for models already stored (checked when saved). Models that come in (save, import,
 * publish) go through `modelWorkers` (a worker thread, size limits first).
 */
export function readModel(document: unknown): ProcessModel {
  const parsed = parseModel(document);
  if (!parsed.ok)
    throw new DomainError(
      "BAD_REQUEST",
      `the model is not valid: ${parsed.problems[0]?.message ?? "unknown problem"}`,
      { problems: parsed.problems },
    );
  return parsed.model;
}

/** A new, valid, one-state model for a freshly created process. */
export function emptyModel(key: string, name: string, description?: string): ProcessModel {
  const stateId = `state-${randomUUID().slice(0, 8)}`;
  return readModel({
    formatVersion: 1,
    key,
    name,
    ...(description ? { description } : {}),
    states: [{ id: stateId, ref: randomUUID(), name: "Start", initial: true }],
    diagram: {
      nodes: {},
      states: { [stateId]: { x: 0, y: 0, width: 480, height: 320 } },
      lines: {},
      transitions: {},
    },
  });
}

async function processByKey(tx: Tx, key: string) {
  const process = await tx.process.findUnique({ where: { key } });
  if (!process) throw new DomainError("NOT_FOUND", `no process with key "${key}"`);
  return process;
}

async function versionById(tx: Tx, id: string) {
  const version = await tx.version.findUnique({ where: { id }, include: { process: true } });
  if (!version) throw new DomainError("NOT_FOUND", `no version with id "${id}"`);
  return version;
}

async function nextNumber(tx: Tx, processId: string): Promise<number> {
  const last = await tx.version.findFirst({
    where: { processId },
    orderBy: { number: "desc" },
    select: { number: true },
  });
  return (last?.number ?? 0) + 1;
}

function json(value: ProcessModel | Scenario[]): Prisma.InputJsonValue {
  return value as unknown as Prisma.InputJsonValue;
}

/** Writes a checked model's JSON text (from `modelWorkers`) as it is: no parse or copy on the event loop. */
async function writeModelText(tx: Tx, versionId: string, text: string): Promise<void> {
  await tx.$executeRaw`UPDATE version SET model = ${text}::jsonb WHERE id = ${versionId}::uuid`;
}

/** Creates a process with a draft v1 holding an empty model. CONFLICT when the key is taken. */
export async function createProcess(
  { db }: VersionDeps,
  input: { key: string; name: string; description?: string },
) {
  const model = emptyModel(input.key, input.name, input.description);
  return db.prisma.$transaction(async (tx) => {
    if (await tx.process.findUnique({ where: { key: input.key } }))
      throw new DomainError("CONFLICT", `a process with key "${input.key}" exists already`);
    const process = await tx.process.create({
      data: { key: input.key, name: input.name, description: input.description ?? "" },
    });
    const version = await tx.version.create({
      data: { processId: process.id, number: 1, status: "draft", model: json(model) },
    });
    return { processKey: process.key, versionId: version.id, number: version.number };
  });
}

/**
 * Imports a model document as a draft: a new process when its key is unknown, else a new draft
 * version of that process (CONFLICT if the process has a draft already).
 */
export async function importModel({ db }: VersionDeps, document: unknown) {
  const model = await modelWorkers.check(document, false);
  return db.prisma.$transaction(async (tx) => {
    let process = await tx.process.findUnique({ where: { key: model.key } });
    if (!process) {
      process = await tx.process.create({
        data: { key: model.key, name: model.name, description: model.description },
      });
    } else {
      const draft = await tx.version.findFirst({
        where: { processId: process.id, status: "draft" },
        select: { number: true },
      });
      if (draft)
        throw new DomainError(
          "CONFLICT",
          `process "${model.key}" has a draft already (v${draft.number}); edit or publish it first`,
          { draftNumber: draft.number },
        );
    }
    const number = await nextNumber(tx, process.id);
    const version = await tx.version.create({
      data: { processId: process.id, number, status: "draft", model: {} },
      select: { id: true },
    });
    await writeModelText(tx, version.id, model.text);
    return { processKey: process.key, versionId: version.id, number };
  });
}

/**
 * Saves a draft. `baseRevision` is the revision the editor loaded; when someone saved since, the
 * save is refused with CONFLICT (`data.currentRevision`) unless `overwrite` is set. The model's
 * key must stay the process key.
 */
export async function saveDraft(
  { db }: VersionDeps,
  input: { id: string; model: unknown; baseRevision: number; overwrite?: boolean },
) {
  const model = await modelWorkers.check(input.model, false);
  return db.prisma.$transaction(async (tx) => {
    const version = await versionById(tx, input.id);
    if (version.status !== "draft")
      throw new DomainError(
        "PRECONDITION_FAILED",
        `v${version.number} is ${version.status}: published versions are immutable; create a new draft`,
      );
    if (model.key !== version.process.key)
      throw new DomainError(
        "BAD_REQUEST",
        `the model's key "${model.key}" is not the process key "${version.process.key}"`,
      );
    // Compare-and-set on the revision: two tabs saving at once cannot both win.
    const updated = await tx.version.updateMany({
      where: {
        id: version.id,
        status: "draft",
        ...(input.overwrite ? {} : { revision: input.baseRevision }),
      },
      data: { revision: { increment: 1 } },
    });
    if (updated.count === 0) {
      throw new DomainError(
        "CONFLICT",
        `v${version.number} was saved by someone else (revision ${version.revision}, yours ${input.baseRevision})`,
        {
          currentRevision: version.revision,
        },
      );
    }
    await writeModelText(tx, version.id, model.text);
    if (model.name !== version.process.name || model.description !== version.process.description) {
      await tx.process.update({
        where: { id: version.processId },
        data: { name: model.name, description: model.description },
      });
    }
    return {
      revision: (
        await tx.version.findUniqueOrThrow({ where: { id: version.id }, select: { revision: true } })
      ).revision,
    };
  });
}

/** A new draft copied from an existing version. CONFLICT when the process has a draft already. */
export async function createDraft({ db }: VersionDeps, input: { processKey: string; fromVersionId: string }) {
  return db.prisma.$transaction(async (tx) => {
    const process = await processByKey(tx, input.processKey);
    const from = await versionById(tx, input.fromVersionId);
    if (from.processId !== process.id)
      throw new DomainError(
        "BAD_REQUEST",
        `version ${input.fromVersionId} is not a version of "${input.processKey}"`,
      );
    const draft = await tx.version.findFirst({
      where: { processId: process.id, status: "draft" },
      select: { id: true, number: true },
    });
    if (draft)
      throw new DomainError("CONFLICT", `"${input.processKey}" has a draft already (v${draft.number})`, {
        draftVersionId: draft.id,
        draftNumber: draft.number,
      });
    const number = await nextNumber(tx, process.id);
    const version = await tx.version.create({
      data: {
        processId: process.id,
        number,
        status: "draft",
        model: from.model as Prisma.InputJsonValue,
        scenarios: from.scenarios as Prisma.InputJsonValue,
      },
    });
    return { versionId: version.id, number };
  });
}

function splitProblems(problems: Problem[]) {
  return {
    errors: problems.filter((p) => p.severity === "error"),
    warnings: problems.filter((p) => p.severity === "warning"),
  };
}

/**
 * Publishes a draft: refused with BAD_REQUEST when the model has errors, PRECONDITION_FAILED when
 * it has warnings and `acceptWarnings` is not set. The previous published version becomes
 * deprecated (or inactive right away when no instance of it runs). The model is validated in a
 * worker thread outside the transaction; the transaction then publishes only the revision that
 * was validated (CONFLICT when the draft was saved meanwhile). The draft's scenarios then run on
 * the model: failing ones refuse it unless an admin overrides (`versionScenarios.ts`).
 */
export async function publishVersion(
  { db, clock, actor, audit }: VersionDeps & Omit<PublishScenarioOptions, "override">,
  input: { id: string; acceptWarnings?: boolean; override?: { reason: string } },
) {
  const [draft] = await db.prisma.$queryRaw<
    {
      processId: string;
      number: number;
      status: string;
      revision: number;
      text: string;
      scenarios: unknown;
      scenariosText: string;
    }[]
  >`
    SELECT process_id::text AS "processId", number, status::text AS status, revision, model::text AS text,
           scenarios, scenarios::text AS "scenariosText" FROM version WHERE id = ${input.id}::uuid`;
  if (!draft) throw new DomainError("NOT_FOUND", `no version with id "${input.id}"`);
  if (draft.status !== "draft")
    throw new DomainError("PRECONDITION_FAILED", `v${draft.number} is ${draft.status} already`);
  const { text, hash, problems } = await modelWorkers.checkText(draft.text, true);
  const { errors, warnings } = splitProblems(problems);
  if (errors.length)
    throw new DomainError(
      "BAD_REQUEST",
      `v${draft.number} has ${errors.length} error(s): ${errors[0]!.message}`,
      { problems: errors },
    );
  if (warnings.length && !input.acceptWarnings) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `v${draft.number} has ${warnings.length} warning(s); publish again with acceptWarnings to confirm`,
      { problems: warnings },
    );
  }
  const scenarios = storedScenarios(draft.scenarios);
  checkScenariosBeforePublish(() => readModel(JSON.parse(text)), `v${draft.number}`, scenarios, {
    ...(actor ? { actor } : {}),
    ...(audit ? { audit } : {}),
    ...(input.override ? { override: input.override } : {}),
  });
  return db.prisma.$transaction(async (tx) => {
    const version = await tx.version.findUnique({
      where: { id: input.id },
      select: { status: true, number: true, revision: true },
    });
    const [scenariosNow] = await tx.$queryRaw<{ text: string }[]>`
      SELECT scenarios::text AS text FROM version WHERE id = ${input.id}::uuid`;
    if (scenariosNow && scenariosNow.text !== draft.scenariosText)
      throw new DomainError(
        "CONFLICT",
        `v${draft.number}'s scenarios were saved while it was being checked; publish again`,
      );
    if (!version) throw new DomainError("NOT_FOUND", `no version with id "${input.id}"`);
    if (version.status !== "draft")
      throw new DomainError("PRECONDITION_FAILED", `v${version.number} is ${version.status} already`);
    if (version.revision !== draft.revision)
      throw new DomainError(
        "CONFLICT",
        `v${version.number} was saved while it was being checked (revision ${version.revision}); publish again`,
        { currentRevision: version.revision },
      );
    return publishInTx(tx, clock, draft.processId, input.id, text, hash);
  });
}

async function publishInTx(
  tx: Tx,
  clock: Clock,
  processId: string,
  versionId: string,
  modelText: string,
  hash: string,
) {
  const now = clock.now();
  const previous = await tx.version.findMany({
    where: { processId, status: "published" },
    select: { id: true },
  });
  for (const p of previous) {
    const running = await tx.instance.count({
      where: { versionId: p.id, status: { in: ["running", "locked"] } },
    });
    await tx.version.update({
      where: { id: p.id },
      data: { status: running > 0 ? "deprecated" : "inactive" },
    });
  }
  const published = await tx.version.update({
    where: { id: versionId },
    data: { status: "published", contentHash: hash, publishedAt: now },
    select: { id: true, number: true },
  });
  await writeModelText(tx, versionId, modelText);
  return { versionId: published.id, number: published.number, contentHash: hash };
}

/**
 * Publishes a model from code (the processes folder, the demo seed) unless the newest published
 * version already has the same content hash. Returns what happened. Errors in the model refuse it,
 * and so do failing `scenarios` (stored with the new version; an unchanged model keeps its version
 * and that version's scenarios).
 */
export async function publishModel(
  { db, clock }: VersionDeps,
  document: unknown,
  scenarios: Scenario[] = [],
) {
  const model = await modelWorkers.check(document, true);
  const { hash } = model;
  const { errors } = splitProblems(model.problems);
  if (errors.length)
    throw new DomainError(
      "BAD_REQUEST",
      `"${model.key}" has ${errors.length} error(s): ${errors[0]!.message}`,
      { problems: errors },
    );
  checkScenariosBeforePublish(() => readModel(JSON.parse(model.text)), `"${model.key}"`, scenarios, {});
  return db.prisma.$transaction(async (tx) => {
    let process = await tx.process.findUnique({ where: { key: model.key } });
    process ??= await tx.process.create({
      data: { key: model.key, name: model.name, description: model.description },
    });
    const latest = await tx.version.findFirst({
      where: { processId: process.id, status: "published" },
      orderBy: { number: "desc" },
    });
    if (latest && latest.contentHash === hash)
      return { processKey: model.key, changed: false as const, number: latest.number };
    const number = await nextNumber(tx, process.id);
    const version = await tx.version.create({
      data: { processId: process.id, number, status: "draft", model: {}, scenarios: json(scenarios) },
      select: { id: true },
    });
    const result = await publishInTx(tx, clock, process.id, version.id, model.text, hash);
    return { processKey: model.key, changed: true as const, number: result.number };
  });
}

/** The element-level differences between two versions of one process. */
export async function diffVersions({ db }: VersionDeps, input: { fromId: string; toId: string }) {
  const [from, to] = await Promise.all([
    versionById(db.prisma, input.fromId),
    versionById(db.prisma, input.toId),
  ]);
  if (from.processId !== to.processId)
    throw new DomainError("BAD_REQUEST", "both versions must belong to the same process");
  return {
    from: { id: from.id, number: from.number },
    to: { id: to.id, number: to.number },
    diff: diffModels(readModel(from.model), readModel(to.model)),
  };
}
