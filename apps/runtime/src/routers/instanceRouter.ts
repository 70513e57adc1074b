import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { EngineEvent } from "@flowstate/engine";
import type { Database } from "../db/openDatabase.ts";
import { authorizedProcedure, router } from "../trpc/trpc.ts";
import { DomainError } from "../errors/DomainError.ts";
import { startInstance } from "../instances/startInstance.ts";
import { stepInstance } from "../instances/stepInstance.ts";
import type { StepOutcome } from "../instances/stepBatch.ts";
import { readInstance } from "../instances/readInstance.ts";
import { readHeat, readInstanceView } from "../instances/instanceView.ts";
import { readHistoryRecords } from "../instances/historyRecords.ts";
import { stateNamesAcrossVersions } from "../instances/stateNames.ts";
import { wordExplanations, wordRejection } from "../instances/explanationWords.ts";
import { performAuthorizer } from "../auth/performAuthorizer.ts";
import { instanceFilter } from "../instances/instanceFilter.ts";
import { listInstances } from "../instances/instanceList.ts";
import { moveBody, moveDryRunBody, setVariablesBody } from "@flowstate/client";
import { moveDryRun, moveInstance, setVariables } from "../instances/modifyInstance.ts";
import { processIdByKey } from "../versions/processIdByKey.ts";

const id = z.uuid();
const jsonObject = z.record(z.string(), z.json());
const processKey = z.string().min(1).max(200);
/** A business key as `start` takes it (unique among the running instances of a process). */
const businessKey = z.string().min(1).max(500);

/** A rejected event becomes a typed error carrying the engine's reason and explanation. */
function accepted(outcome: StepOutcome) {
  if (!outcome.ok) {
    const refused = outcome.rejection.code;
    const code = ["UNKNOWN_ACTION", "UNKNOWN_INCIDENT", "UNKNOWN_STATE"].includes(refused)
      ? "NOT_FOUND"
      : refused === "NOTHING_CHANGED"
        ? "BAD_REQUEST"
        : refused === "ASSIGNED_TO_OTHER"
          ? "FORBIDDEN"
          : "CONFLICT";
    throw new DomainError(code, outcome.rejection.message, { rejection: outcome.rejection });
  }
  return {
    instanceId: outcome.state.instanceId,
    seq: outcome.state.seq,
    status: outcome.state.status,
    currentStateId: outcome.state.current.stateId,
  };
}

const listInput = instanceFilter.extend({
  limit: z.int().min(1).max(500).default(50),
  cursor: id.optional(),
});

/** Retrying and skipping an incident differ only in the engine step they take. */
function incidentStep(type: "retryIncident" | "skipIncident") {
  return authorizedProcedure
    .input(z.object({ instanceId: id, incidentId: z.string().min(1).max(100) }))
    .mutation(async ({ ctx, input }) =>
      accepted(
        await stepInstance(
          ctx.rt,
          input.instanceId,
          { type, incidentId: await engineIncidentId(ctx, input) },
          { actor: ctx.actor.name, audit: ctx.audit },
        ),
      ),
    );
}

export const instanceRouter = router({
  /** Starts an instance of the newest published version, or of the published `version` (its number). */
  start: authorizedProcedure
    .input(
      z.object({
        processKey,
        version: z.int().min(1).optional(),
        businessKey: businessKey.optional(),
        variables: jsonObject.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { version, ...rest } = input;
      const state = await startInstance(
        ctx.rt,
        { ...rest, ...(version !== undefined ? { versionNumber: version } : {}), actor: ctx.actor.name },
        randomUUID(),
      );
      return { instanceId: state.instanceId, status: state.status, currentStateId: state.current.stateId };
    }),
  /**
   * Whether a running (or locked) instance of the process already has this business key, which
   * `start` would refuse (CONFLICT): one lookup on the unique index of the running keys.
   */
  businessKeyInUse: authorizedProcedure
    .input(z.object({ processKey, businessKey }))
    .query(async ({ ctx, input }) => {
      const processId = await processIdByKey(ctx.db.prisma, input.processKey);
      const running = await ctx.db.prisma.instance.findUnique({
        where: {
          processId_activeBusinessKey: { processId, activeBusinessKey: input.businessKey },
        },
        select: { id: true },
      });
      return { inUse: running !== null, instanceId: running?.id ?? null };
    }),
  /** Instances matching the filters (newest first, cursor-paged) and how many running ones sit in each state. */
  list: authorizedProcedure.input(listInput).query(({ ctx, input }) => listInstances(ctx.rt, input)),
  get: authorizedProcedure.input(z.object({ id })).query(async ({ ctx, input }) => {
    const read = await readInstance(ctx.rt, input.id);
    const { model } = await ctx.rt.models.get(read.version.id);
    return { ...read, explanations: await wordExplanations(ctx.rt, read.id, model, read.explanations) };
  }),
  /** The operate canvas's overlay data, now or (with `atSeq`) as it was at that point of the history (time travel). */
  view: authorizedProcedure
    .input(z.object({ id, atSeq: z.int().min(0).optional() }))
    .query(async ({ ctx, input }) => {
      const view = await readInstanceView(ctx.rt, input.id, input.atSeq);
      const { model, processId } = await ctx.rt.models.get(view.versionId);
      return {
        ...view,
        /** Names of the states of every version (the shown one's first), for state instances visited on another version. */
        stateNames: await stateNamesAcrossVersions(ctx.rt, processId, view.versionId),
        explanations: await wordExplanations(ctx.rt, view.instanceId, model, view.explanations),
      };
    }),
  /** Heat overlay of a version: running instances per state and per unlocked action. */
  heat: authorizedProcedure
    .input(z.object({ versionId: id }))
    .query(({ ctx, input }) => readHeat(ctx.rt, input.versionId)),
  /** The instance's history records, oldest first, paged by `afterId` (the last record's `id`). */
  history: authorizedProcedure
    .input(
      z.object({
        id,
        afterId: z
          .string()
          .regex(/^\d{1,18}(\.\d{1,9})?$/)
          .optional(),
        limit: z.int().min(1).max(1000).default(200),
      }),
    )
    .query(({ ctx, input }) =>
      readHistoryRecords(
        (text, ...values) => ctx.db.prisma.$queryRawUnsafe(text, ...values),
        input.id,
        input.afterId,
        input.limit,
      ),
    ),
  /**
   * Performs a manual action; a strict action that is not unlocked is refused with the explainer's reason.
   * A person performs as themselves (`ctx.actor`); only the runtime itself (system actor: scripts,
   * tests) may name another performer with `actor`. Workers only for actions of their groups' roles.
   */
  perform: authorizedProcedure
    .input(
      z.object({
        instanceId: id,
        actionId: z.string().min(1).max(200).optional(),
        code: z.string().min(1).max(200).optional(),
        input: z.json().optional(),
        actor: z.string().max(200).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (!input.actionId && !input.code) throw new DomainError("BAD_REQUEST", "give actionId or code");
      const authorize = performAuthorizer(ctx.actor, input);
      const performer = ctx.actor.kind === "system" && input.actor ? input.actor : ctx.actor.name;
      const event: EngineEvent = {
        type: "perform",
        ...(input.actionId ? { actionId: input.actionId } : {}),
        ...(input.code ? { code: input.code } : {}),
        ...(input.input !== undefined ? { input: input.input } : {}),
        // a user performs as { id, name, roles }: the engine checks the task's assignee against it
        ...(ctx.actor.kind === "system"
          ? input.actor
            ? { actor: performer }
            : {}
          : {
              actor: {
                ...(ctx.actor.id ? { id: ctx.actor.id } : {}),
                name: performer,
                roles: [...ctx.actor.roles],
              },
            }),
      };
      const outcome = await stepInstance(ctx.rt, input.instanceId, event, {
        actor: ctx.actor.kind === "system" && !input.actor ? "user" : performer,
        audit: ctx.audit,
        ...(authorize ? { authorize } : {}),
      });
      // A strict refusal says why in the user's words, with the moments from the history.
      return accepted(
        outcome.ok
          ? outcome
          : { ...outcome, rejection: await wordRejection(ctx.rt, input.instanceId, outcome.rejection) },
      );
    }),
  cancel: authorizedProcedure
    .input(
      z.object({
        instanceId: id,
        /** Why the operator cancels: kept in the history (`instanceFinished`) and in the audit record. */
        reason: z.string().trim().min(1, "give a reason for cancelling").max(1000),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      accepted(
        await stepInstance(
          ctx.rt,
          input.instanceId,
          { type: "cancel", reason: input.reason },
          { actor: ctx.actor.name, audit: ctx.audit },
        ),
      ),
    ),
  /** What moving the instance to a state of its version would do (issue 22 §2); changes nothing. */
  moveDryRun: authorizedProcedure
    .input(moveDryRunBody.extend({ instanceId: id }))
    .query(({ ctx, input }) => moveDryRun(ctx.rt, input.instanceId, input.stateId)),
  /** Moves the instance to another state of its version; `expectedSeq` (the dry run's) refuses a moved-on instance. */
  move: authorizedProcedure
    .input(moveBody.extend({ instanceId: id }))
    .mutation(async ({ ctx, input }) => accepted(await moveInstance(ctx, input))),
  /** Replaces the variables, refused with CONFLICT unless the instance is still at `expectedSeq`. */
  setVariables: authorizedProcedure
    .input(setVariablesBody.extend({ instanceId: id }))
    .mutation(async ({ ctx, input }) => accepted(await setVariables(ctx, input))),
  retryIncident: incidentStep("retryIncident"),
  skipIncident: incidentStep("skipIncident"),
  unlock: authorizedProcedure
    .input(z.object({ instanceId: id }))
    .mutation(async ({ ctx, input }) =>
      accepted(
        await stepInstance(
          ctx.rt,
          input.instanceId,
          { type: "unlock" },
          { actor: ctx.actor.name, audit: ctx.audit },
        ),
      ),
    ),
  /** Acknowledges a failed instance: it leaves the failure views and its business key is free again. */
  acknowledge: authorizedProcedure.input(z.object({ instanceId: id })).mutation(async ({ ctx, input }) => {
    const row = await ctx.db.prisma.instance.findUnique({
      where: { id: input.instanceId },
      select: { status: true, outcome: true, acknowledgedAt: true },
    });
    if (!row) throw new DomainError("NOT_FOUND", `no instance with id "${input.instanceId}"`);
    if (row.status !== "failed" && row.outcome !== "failed")
      throw new DomainError(
        "PRECONDITION_FAILED",
        `only failed instances are acknowledged; this one is ${row.status}`,
      );
    if (row.acknowledgedAt) return { acknowledgedAt: row.acknowledgedAt };
    const now = ctx.clock.now();
    await ctx.db.prisma.instance.update({
      where: { id: input.instanceId },
      data: { acknowledgedAt: now, activeBusinessKey: null },
    });
    return { acknowledgedAt: now };
  }),
});

/** Operators may name an incident by its row id or by the engine's id. */
async function engineIncidentId(
  ctx: { db: Database },
  input: { instanceId: string; incidentId: string },
): Promise<string> {
  if (!/^[0-9a-f-]{36}$/i.test(input.incidentId)) return input.incidentId;
  const row = await ctx.db.prisma.incident.findFirst({
    where: { id: input.incidentId, instanceId: input.instanceId },
    select: { engineId: true },
  });
  if (!row) throw new DomainError("NOT_FOUND", `no incident "${input.incidentId}" on this instance`);
  return row.engineId;
}
