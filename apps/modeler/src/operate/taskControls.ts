/** What a task row needs to decide its buttons. */
export interface TaskRowFacts {
  role: string | null;
  assignee: { id: string; name: string } | null;
}

/** What the signed-in user may do (from the session). */
export interface TaskViewer {
  userId: string | null;
  isAdmin: boolean;
  mayPerform: (role: string | null) => boolean;
  may: (procedure: string) => boolean;
}

/** The buttons of a task row, and why Perform is off (as the runtime would refuse it). */
export interface TaskControls {
  perform: boolean;
  /** Shown with Perform disabled: the task is somebody else's. */
  performBlocked: string | null;
  claim: boolean;
  unclaim: boolean;
  assign: boolean;
  /** Set or clear the follow-up date: one's own task, or any for operators and admins. */
  followUp: boolean;
}

/**
 * The task list's rules for one row, mirroring the runtime (which refuses regardless): claim an
 * unassigned task one may perform; unclaim one's own; operators and admins assign anybody's;
 * a task assigned to somebody else may be performed only by an admin; the follow-up date is set by
 * the assignee or by those who assign.
 */
export function taskControls(task: TaskRowFacts, viewer: TaskViewer): TaskControls {
  const performer = viewer.mayPerform(task.role);
  const mine = task.assignee !== null && viewer.userId !== null && task.assignee.id === viewer.userId;
  const othersTask = task.assignee !== null && !mine;
  const blocked =
    performer && othersTask && !viewer.isAdmin
      ? `Assigned to ${task.assignee!.name}; only ${task.assignee!.name} or an admin may perform it`
      : null;
  return {
    perform: performer,
    performBlocked: blocked,
    claim: performer && task.assignee === null && viewer.userId !== null && viewer.may("task.claim"),
    unclaim: mine && viewer.may("task.unclaim"),
    assign: viewer.may("task.assign"),
    followUp: viewer.may("task.setFollowUp") && (mine || viewer.may("task.assign")),
  };
}
