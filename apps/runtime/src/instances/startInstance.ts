import { initialState } from "@flowstate/engine";
import type { InstanceState, JsonObject } from "@flowstate/engine";
import { Prisma } from "../generated/prisma/client.ts";
import { DomainError } from "../errors/DomainError.ts";
import { afterCommit } from "./afterCommit.ts";
import type { Enclosing } from "./afterCommit.ts";
import { persistStep } from "./persistStep.ts";
import type { Runtime } from "./Runtime.ts";
import { processIdByKey } from "../versions/processIdByKey.ts";

type Tx = Prisma.TransactionClient;

export interface StartInput {
  processKey: string;
  /** A published version's number; absent: the newest published version. */
  versionNumber?: number;
  businessKey?: string;
  variables?: JsonObject;
  actor?: string;
  /** Extra writes that must commit with the new instance (e.g. a schedule's tick); throwing rolls the start back. */
  inTransaction?: (tx: Tx, instance: { instanceId: string; versionId: string }) => Promise<void>;
  /** Start inside the caller's transaction instead of one of its own (see `Enclosing`). */
  enclosing?: Enclosing;
}

/**
 * Starts an instance of the newest published version of a process (or of the published version
 * `versionNumber`; a draft or deprecated one is refused: PRECONDITION_FAILED). The business key is unique
 * among running instances of the process (CONFLICT otherwise; 100 concurrent starts with one key
 * give exactly one instance, enforced by a unique index).
 */
export async function startInstance(
  rt: Runtime,
  input: StartInput,
  instanceId: string,
): Promise<InstanceState> {
  const enclosing = input.enclosing;
  const reader = enclosing?.tx ?? rt.db.prisma;
  const processId = await processIdByKey(reader, input.processKey);
  const published = await reader.version.findFirst({
    where: {
      processId,
      status: "published",
      ...(input.versionNumber !== undefined ? { number: input.versionNumber } : {}),
    },
    orderBy: { number: "desc" },
    select: { id: true },
  });
  if (!published) {
    // Deprecated (by hand or by a newer publish) versions start nothing: say so when that is why.
    const retired = await reader.version.findFirst({
      where: { processId, status: { in: ["deprecated", "inactive"] } },
      orderBy: { number: "desc" },
      select: { number: true },
    });
    throw new DomainError(
      "PRECONDITION_FAILED",
      input.versionNumber !== undefined
        ? `"${input.processKey}" v${input.versionNumber} is not a published version`
        : `"${input.processKey}" has no published version${retired ? ` (v${retired.number} was deprecated)` : ""}`,
    );
  }
  const version = await rt.models.get(published.id, reader);
  const now = rt.clock.now();
  const businessKey = input.businessKey ?? instanceId;
  const result = initialState(version.model, {
    instanceId,
    businessKey,
    variables: input.variables ?? {},
    now: now.toISOString(),
    version: version.number,
  });
  if (!result.ok)
    throw new DomainError(
      "UNPROCESSABLE_CONTENT",
      `cannot start "${input.processKey}": ${result.rejection.message}`,
      { rejection: result.rejection },
    );
  let persisted: { jobsInserted: boolean; finished: boolean } | undefined;
  const transaction = (work: (tx: Tx) => Promise<void>) =>
    enclosing ? work(enclosing.tx) : rt.db.prisma.$transaction(work, { timeout: 30_000, maxWait: 30_000 });
  try {
    await transaction(async (tx) => {
      await tx.instance.create({
        data: {
          id: instanceId,
          processId,
          versionId: version.versionId,
          businessKey,
          activeBusinessKey: businessKey,
          status: "running",
          variables: (input.variables ?? {}) as Prisma.InputJsonValue,
          state: result.state as unknown as Prisma.InputJsonValue,
          seq: 0,
          startedAt: now,
        },
      });
      persisted = await persistStep(tx, rt, now, {
        processId,
        after: result.state,
        records: result.records,
        effects: result.effects,
        ...(input.actor ? { actor: input.actor } : {}),
      });
      await input.inTransaction?.(tx, { instanceId, versionId: version.versionId });
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new DomainError(
        "CONFLICT",
        `a running instance of "${input.processKey}" already has business key "${businessKey}"`,
        { businessKey },
      );
    }
    throw error;
  }
  const committed = () =>
    afterCommit(rt, persisted!.jobsInserted, [
      {
        processId,
        processKey: version.processKey,
        state: result.state,
        finished: persisted!.finished,
      },
    ]);
  if (enclosing) enclosing.afterCommit.push(committed);
  else await committed();
  return result.state;
}
