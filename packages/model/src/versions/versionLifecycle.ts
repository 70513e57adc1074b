import type { VersionStatus } from "./VersionStatus";

/** What can happen to a version. */
export type VersionEvent = "publish" | "deprecate" | "deactivate";

/** Why a lifecycle move was refused. */
export interface LifecycleError {
  code: "illegal-transition" | "instances-running";
  from: VersionStatus;
  event: VersionEvent;
  message: string;
}

/** Result of `transitionVersion`. */
export type LifecycleResult = { ok: true; status: VersionStatus } | { ok: false; error: LifecycleError };

const moves: Record<VersionEvent, { from: VersionStatus; to: VersionStatus }> = {
  publish: { from: "draft", to: "published" },
  deprecate: { from: "published", to: "deprecated" },
  deactivate: { from: "deprecated", to: "inactive" },
};

/** Only drafts are edited; published versions are immutable. */
export function canEdit(status: VersionStatus): boolean {
  return status === "draft";
}

/** Only a published version starts new instances (a deprecated one never does). */
export function canStartInstances(status: VersionStatus): boolean {
  return status === "published";
}

/** Whether instances of a version in this status may still run (published or deprecated). */
export function canRunInstances(status: VersionStatus): boolean {
  return status === "published" || status === "deprecated";
}

/**
 * The new status of an *existing* version of a process when another version of it is published:
 * the published one becomes deprecated; drafts, deprecated and inactive versions keep their status.
 */
export function nextStatusOnPublish(status: VersionStatus): VersionStatus {
  return status === "published" ? "deprecated" : status;
}

/**
 * Applies a lifecycle event: `publish` draft → published, `deprecate` published → deprecated,
 * `deactivate` deprecated → inactive (only with no running instances: pass their count). Any
 * other move is refused with a typed error; nothing is thrown.
 */
export function transitionVersion(
  status: VersionStatus,
  event: VersionEvent,
  runningInstances = 0,
): LifecycleResult {
  const move = moves[event];
  if (move.from !== status) {
    return {
      ok: false,
      error: {
        code: "illegal-transition",
        from: status,
        event,
        message: `cannot ${event} a ${status} version (only a ${move.from} one)`,
      },
    };
  }
  if (event === "deactivate" && runningInstances > 0) {
    return {
      ok: false,
      error: {
        code: "instances-running",
        from: status,
        event,
        message: `cannot deactivate: ${runningInstances} instance(s) still running`,
      },
    };
  }
  return { ok: true, status: move.to };
}

/** A deprecated version with no running instance left should become inactive (checked when an instance ends and at start-up). */
export function shouldDeactivate(status: VersionStatus, runningInstances: number): boolean {
  return status === "deprecated" && runningInstances === 0;
}
