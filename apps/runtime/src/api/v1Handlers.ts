import type { OperationId } from "@flowstate/client";
import { DomainError } from "../errors/DomainError.ts";
import type { appRouter } from "../trpc/appRouter.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { modelWorkers } from "../versions/ModelWorkers.ts";
import { listInstances } from "../instances/instanceList.ts";

type Caller = ReturnType<typeof appRouter.createCaller>;
/** The parsed parts of a request (the route table's zod schemas have run). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type V1Parts = { params: any; query: any; body: any };
export interface V1Call extends V1Parts {
  caller: Caller;
  rt: Runtime;
}

/** The `/api/v1` operations that have a handler here (signals, callbacks, jobs keep their own routes). */
export type V1Operation = Exclude<
  OperationId,
  | "sendSignal"
  | "sendSignalUnversioned"
  | "deliverCallback"
  | "fetchAndLock"
  | "completeJob"
  | "failJob"
  | "heartbeatJob"
  | "versionDiagram"
>;

async function versionOf(c: V1Call) {
  return c.caller.version.get({ processKey: c.params.key, number: c.params.n });
}

async function runOf(c: V1Call, runId: string) {
  return c.caller.migration.get({ runId });
}

/**
 * Each `/api/v1` operation as calls of the same tRPC procedures the modeler uses (through
 * `appRouter.createCaller` with the API key's actor, made on first use): one behaviour, one audit
 * trail. One exception, the instance search: it calls `listInstances`, the function its procedure
 * (`instance.list`) is, directly — a read writes no audit record unless refused, the key's scope
 * and processes are checked here, and the input guard has run, so the procedure's middleware
 * (authorisation of the key's admin actor, a second parse of the same input) only cost time:
 * a sixth of the runtime's CPU per search (bench/RESULTS.md, 2026-12-06).
 */
export const v1Handlers: Record<V1Operation, (c: V1Call) => Promise<unknown>> = {
  listProcesses: (c) => c.caller.process.list({ ...(c.query.search ? { search: c.query.search } : {}) }),
  getProcess: (c) => c.caller.process.get({ key: c.params.key }),
  setRetention: (c) => c.caller.process.setRetention({ key: c.params.key, ...c.body }),
  listVersions: (c) => c.caller.version.list({ processKey: c.params.key }),
  getVersion: versionOf,
  async validateModel(c) {
    try {
      const checked = await modelWorkers.check(c.body.model, true);
      return {
        valid: !checked.problems.some((p) => (p as { severity?: string }).severity !== "warning"),
        key: checked.key,
        contentHash: checked.hash,
        problems: checked.problems,
      };
    } catch (error) {
      const problems = error instanceof DomainError ? error.data?.problems : undefined;
      if (Array.isArray(problems)) return { valid: false, problems };
      throw error;
    }
  },
  async createDraft(c) {
    if ("fromVersion" in c.body) {
      const from = await c.caller.version.get({ processKey: c.params.key, number: c.body.fromVersion });
      return c.caller.version.createDraft({ processKey: c.params.key, fromVersionId: from.id });
    }
    const key = (c.body.model as { key?: unknown } | null)?.key;
    if (key !== c.params.key)
      throw new DomainError(
        "BAD_REQUEST",
        `the model's key must be the path's process key "${c.params.key}"`,
      );
    return c.caller.process.import({ model: c.body.model });
  },
  async publishVersion(c) {
    const version = await versionOf(c);
    return c.caller.version.publish({
      id: version.id,
      acceptWarnings: c.body.acceptWarnings,
      ...(c.body.override ? { override: c.body.override } : {}),
    });
  },
  deprecateVersion: async (c) => c.caller.version.deprecate({ id: (await versionOf(c)).id }),
  versionScenarios: async (c) =>
    (await c.caller.version.scenarios({ processKey: c.params.key, number: c.params.n })).file,
  async saveVersionScenarios(c) {
    if (c.body.process !== c.params.key)
      throw new DomainError(
        "BAD_REQUEST",
        `the file's process must be the path's process key "${c.params.key}"`,
      );
    const version = await versionOf(c);
    await c.caller.version.saveScenarios({ id: version.id, scenarios: c.body.scenarios });
    return (await c.caller.version.scenarios({ id: version.id })).file;
  },
  startInstance: (c) => c.caller.instance.start(c.body),
  async searchInstances(c) {
    const { identifierName, identifierValue, limit, ...filters } = c.query;
    if ((identifierName === undefined) !== (identifierValue === undefined))
      throw new DomainError("BAD_REQUEST", "give identifierName and identifierValue together");
    return listInstances(c.rt, {
      limit: 50,
      ...filters,
      ...(identifierName !== undefined
        ? { identifier: { name: identifierName, value: identifierValue } }
        : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
  },
  getInstance: (c) => c.caller.instance.get({ id: c.params.id }),
  async instanceHistory(c) {
    const limit = c.query.limit ?? 200;
    const items = await c.caller.instance.history({
      id: c.params.id,
      limit,
      ...(c.query.after ? { afterId: c.query.after } : {}),
    });
    // An unknown instance has no history: answered 404, not an empty page.
    if (items.length === 0) await c.caller.instance.get({ id: c.params.id });
    return { items, nextCursor: items.length === limit ? items[items.length - 1]!.id : null };
  },
  async unlockedActions(c) {
    const read = await c.caller.instance.get({ id: c.params.id });
    const explanations = read.explanations as Record<string, unknown>;
    return {
      instanceId: read.id,
      actions: read.unlocked.map((u) => ({ ...u, explanation: explanations[u.nodeId] ?? null })),
    };
  },
  performAction: (c) => c.caller.instance.perform({ instanceId: c.params.id, ...c.body }),
  cancelInstance: (c) => c.caller.instance.cancel({ instanceId: c.params.id, reason: c.body.reason }),
  moveInstanceDryRun: (c) => c.caller.instance.moveDryRun({ instanceId: c.params.id, ...c.body }),
  moveInstance: (c) => c.caller.instance.move({ instanceId: c.params.id, ...c.body }),
  setInstanceVariables: (c) => c.caller.instance.setVariables({ instanceId: c.params.id, ...c.body }),
  listTasks: (c) => c.caller.task.list(c.query),
  completeTask: (c) =>
    c.caller.instance.perform({
      instanceId: c.params.id,
      actionId: c.params.actionId,
      ...(c.body.input !== undefined ? { input: c.body.input } : {}),
    }),
  claimTask: (c) =>
    c.caller.task.assign({
      instanceId: c.params.id,
      actionId: c.params.actionId,
      username: c.body.username,
      claim: true,
    }),
  unclaimTask: (c) => c.caller.task.unclaim({ instanceId: c.params.id, actionId: c.params.actionId }),
  assignTask: (c) =>
    c.caller.task.assign({ instanceId: c.params.id, actionId: c.params.actionId, username: c.body.username }),
  setTaskFollowUp: (c) =>
    c.caller.task.setFollowUp({
      instanceId: c.params.id,
      actionId: c.params.actionId,
      followUp: c.body.followUp,
    }),
  validateMigration: (c) => c.caller.migration.validatePlan({ plan: c.body.plan }),
  dryRunMigration: (c) => c.caller.migration.dryRun(c.body),
  async startMigration(c) {
    const created = await c.caller.migration.create(c.body);
    await c.caller.migration.start({ runId: created.runId });
    return runOf(c, created.runId);
  },
  listMigrations: (c) => c.caller.migration.list({ processKey: c.query.processKey, limit: c.query.limit }),
  getMigration: (c) => runOf(c, c.params.id),
  migrationItems: (c) => c.caller.migration.items({ runId: c.params.id, ...c.query }),
  async pauseMigration(c) {
    await c.caller.migration.pause({ runId: c.params.id });
    return runOf(c, c.params.id);
  },
  async resumeMigration(c) {
    await c.caller.migration.resume({ runId: c.params.id });
    return runOf(c, c.params.id);
  },
  async retryMigration(c) {
    await c.caller.migration.retryFailed({ runId: c.params.id });
    return runOf(c, c.params.id);
  },
  async createBulkOperation(c) {
    const created = await c.caller.bulk.create(c.body);
    return c.caller.bulk.get({ runId: created.runId });
  },
  getBulkOperation: (c) => c.caller.bulk.get({ runId: c.params.id }),
  bulkOperationItems: (c) => c.caller.bulk.items({ runId: c.params.id, ...c.query }),
  async pauseBulkOperation(c) {
    await c.caller.bulk.pause({ runId: c.params.id });
    return c.caller.bulk.get({ runId: c.params.id });
  },
  async resumeBulkOperation(c) {
    await c.caller.bulk.resume({ runId: c.params.id });
    return c.caller.bulk.get({ runId: c.params.id });
  },
  revertMigration: (c) => c.caller.migration.revert({ runId: c.params.id, instanceId: c.params.instanceId }),
};

/**
 * The process an operation touches, for keys limited to some processes: from the path, the body,
 * or the instance / migration run named. Undefined when the request names none (lists must then
 * name one of the key's processes) or the id is unknown (the procedure answers NOT_FOUND).
 */
export async function processOfCall(op: V1Operation, c: V1Parts, rt: Runtime): Promise<string | undefined> {
  if (typeof c.params?.key === "string") return c.params.key;
  if (op === "startInstance") return c.body.processKey;
  if (op === "validateMigration" || op === "dryRunMigration" || op === "startMigration")
    return c.body.plan.processKey;
  if (op === "createBulkOperation") return c.body.processKey;
  if (typeof c.query?.processKey === "string") return c.query.processKey;
  if (c.params?.id && (/bulk/i.test(op) || /migration/i.test(op))) {
    const byId = { where: { id: c.params.id }, select: { processId: true } } as const;
    const run = /bulk/i.test(op)
      ? await rt.db.prisma.bulkRun.findUnique(byId)
      : await rt.db.prisma.migrationRun.findUnique(byId);
    if (!run) return undefined;
    return (await rt.db.prisma.process.findUnique({ where: { id: run.processId }, select: { key: true } }))
      ?.key;
  }
  if (c.params?.id) {
    const row = await rt.db.prisma.instance.findUnique({
      where: { id: c.params.id },
      select: { process: { select: { key: true } } },
    });
    return row?.process.key;
  }
  return undefined;
}
