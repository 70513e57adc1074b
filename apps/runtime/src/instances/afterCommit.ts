import type { InstanceState } from "@flowstate/engine";
import type { Prisma } from "../generated/prisma/client.ts";
import { deactivateIdleVersions } from "../versions/versionLifecycle.ts";
import type { Runtime } from "./Runtime.ts";

/**
 * A caller's transaction that steps and starts join (e.g. a signal's message-id claim, which must
 * commit with the signal's effect): they read and write through `tx`, and their after-commit work
 * (waking workers, live pages, retiring versions) waits in `afterCommit` until the caller committed
 * — run it with `runAfterCommit`; on a rollback it is dropped.
 */
export interface Enclosing {
  tx: Prisma.TransactionClient;
  afterCommit: (() => Promise<void>)[];
}

export async function runAfterCommit(enclosing: Enclosing): Promise<void> {
  for (const work of enclosing.afterCommit.splice(0)) await work();
}

/** A step that committed, as `afterCommit` announces it. */
export interface CommittedStep {
  processId: string;
  processKey: string;
  state: InstanceState;
  finished: boolean;
}

/** After a commit: wake this process's workers, tell live pages here, and retire versions left without running instances. */
export async function afterCommit(rt: Runtime, jobsInserted: boolean, accepted: readonly CommittedStep[]) {
  if (jobsInserted) rt.wake();
  for (const a of accepted)
    rt.feed.published({
      instanceId: a.state.instanceId,
      processKey: a.processKey,
      seq: a.state.seq,
      status: a.state.status,
    });
  for (const processId of new Set(accepted.filter((a) => a.finished).map((a) => a.processId)))
    await deactivateIdleVersions(rt, processId);
}
