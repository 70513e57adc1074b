import { dateTimeText } from "@flowstate/engine";
import { useState } from "react";
import { Link } from "wouter";
import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";
import { PerformDialog } from "./PerformDialog.tsx";
import type { PerformTarget } from "./PerformDialog.tsx";
import { formatDue } from "./formatDue.ts";
import { taskLimitNote } from "./taskLimitNote.ts";
import { useLiveChanges } from "./useLiveChanges.ts";
import { LiveBadge } from "./LiveBadge.tsx";
import "../styles/operate.css";
import { useSession } from "../auth/useSession.ts";
import { StartInstanceButton } from "../start/StartInstanceButton.tsx";
import { QueryView } from "../ui/QueryView.tsx";
import { FieldControl, optionsWithNone } from "../ui/Field.tsx";
import { EmptyRow, Table } from "../ui/Table.tsx";
import { Tooltip } from "../ui/Tooltip.tsx";
import { FormDialog } from "../ui/FormDialog.tsx";
import { ErrorAlert } from "../ui/ErrorAlert.tsx";
import { taskControls } from "./taskControls.ts";
import { FollowUpDialog } from "./FollowUpDialog.tsx";
import type { FollowUpTask } from "./FollowUpDialog.tsx";
import type { ItemDialogProps } from "../ui/FormDialog.tsx";

type View = "mine" | "myGroups" | "unassigned" | "all";
const views: { value: View; label: string }[] = [
  { value: "mine", label: "My tasks" },
  { value: "myGroups", label: "My groups" },
  { value: "unassigned", label: "Unassigned" },
  { value: "all", label: "All" },
];
type TaskRef = { instanceId: string; actionId: string; name: string };

/**
 * `/tasks`: manual actions unlocked right now across running instances, filtered by role and
 * process, with the timers that limit them; perform from the list. Live: reloads as instances move.
 */
export function TaskListPage() {
  const { mayPerform, may, session } = useSession();
  const [view, setView] = useState<View>("all");
  const [assigning, setAssigning] = useState<TaskRef | null>(null);
  const [followingUp, setFollowingUp] = useState<FollowUpTask | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const viewer = {
    userId: session.userId,
    isAdmin: session.roles.includes("admin"),
    mayPerform,
    may,
  };
  const [role, setRole] = useState("");
  const [processKey, setProcessKey] = useState("");
  const [target, setTarget] = useState<PerformTarget | null>(null);
  const processes = useQuery("processes:", () => trpc.process.list.query({ search: "" }));
  const tasks = useQuery(`tasks:${view}:${role}:${processKey}`, async () => ({
    items: await trpc.task.list.query({
      view,
      ...(role.trim() ? { role: role.trim() } : {}),
      ...(processKey ? { processKey } : {}),
    }),
    at: new Date(),
  }));
  const live = useLiveChanges({}, tasks.reload);
  const act = (call: () => Promise<unknown>) => {
    setFailure(null);
    call().then(tasks.reload, (e: unknown) => setFailure(e instanceof Error ? e.message : String(e)));
  };
  /** A dialog's close and done: both `clear` what it shows; done reloads the tasks too. */
  const closedBy = (clear: () => void) => ({
    onClose: clear,
    onDone: () => {
      clear();
      tasks.reload();
    },
  });
  const limitNote =
    tasks.status === "ready" ? taskLimitNote(tasks.data.items.length, { role, processKey }) : null;

  return (
    <div className="operate-page">
      <div className="editor-toolbar" aria-label="Tasks">
        <h1 className="toolbar-title">Task list</h1>
        <div className="toolbar-spacer" />
        <StartInstanceButton small />
        <LiveBadge status={live} />
      </div>
      <form className="filters" aria-label="Filter tasks" onSubmit={(e) => e.preventDefault()}>
        <div className="row" role="group" aria-label="View">
          {views.map((v) => (
            <button
              key={v.value}
              type="button"
              className={`btn btn-small${view === v.value ? " btn-primary" : ""}`}
              aria-pressed={view === v.value}
              onClick={() => setView(v.value)}
            >
              {v.label}
            </button>
          ))}
        </div>
        <FieldControl id="t-role" label="Role" placeholder="any role" value={role} onChange={setRole} />
        <FieldControl
          id="t-process"
          label="Process"
          value={processKey}
          onChange={setProcessKey}
          options={optionsWithNone("Any", processes.status === "ready" ? processes.data : [], (p) => ({
            value: p.key,
            label: p.name,
          }))}
        />
      </form>
      <div className="page operate-tasks">
        {failure && <ErrorAlert message={failure} />}
        {limitNote && (
          <p role="note" className="muted">
            {limitNote}
          </p>
        )}
        <QueryView query={tasks} what="tasks">
          {({ items, at }) => (
            <Table
              label="Tasks"
              columns={["Task", "Instance", "State", "Role", "Assignee", "Due", "Follow-up"]}
              actions="Actions"
            >
              {items.length === 0 && (
                <EmptyRow columns={8}>
                  No manual action is unlocked{role.trim() ? ` for role ${role.trim()}` : ""}. Tasks appear
                  here when an instance reaches one; start an instance, or widen the filters.
                </EmptyRow>
              )}
              {items.map((t) => {
                const c = taskControls(t, viewer);
                const ref = { instanceId: t.instanceId, actionId: t.actionId, name: t.name };
                const label = `${t.name} on ${t.businessKey ?? t.instanceId}`;
                return (
                  <tr key={`${t.instanceId}:${t.actionId}`}>
                    <td>
                      <strong>{t.name}</strong>
                      <div className="muted small">
                        {t.process.name} v{t.version}
                      </div>
                    </td>
                    <td>
                      <Link href={`/instances/${t.instanceId}`}>{t.businessKey ?? t.instanceId}</Link>
                    </td>
                    <td>{t.stateName}</td>
                    <td>{t.role ? `@${t.role}` : <span className="muted">anyone</span>}</td>
                    <td>{t.assignee ? t.assignee.name : <span className="muted">unassigned</span>}</td>
                    <td className="small">
                      {t.timers.length === 0 ? (
                        <span className="muted">—</span>
                      ) : (
                        t.timers.map((timer) => (
                          <div key={timer.nodeId} title={`${timer.name} due at ${timer.dueAt}`}>
                            {timer.name}: <time dateTime={timer.dueAt}>{formatDue(timer.dueAt, at)}</time>
                          </div>
                        ))
                      )}
                    </td>
                    <td className="small">
                      {(() => {
                        const shown = t.followUpAt ? (
                          <time dateTime={t.followUpAt} title={dateTimeText(t.followUpAt)}>
                            {formatDue(t.followUpAt, at)}
                          </time>
                        ) : c.followUp ? (
                          "Set…"
                        ) : (
                          <span className="muted">—</span>
                        );
                        // Who may set it clicks the date (or "Set…") to change it.
                        return c.followUp ? (
                          <button
                            type="button"
                            className="btn-link"
                            aria-label={`Follow-up for ${label}`}
                            onClick={() => setFollowingUp({ ...ref, followUpAt: t.followUpAt ?? null })}
                          >
                            {shown}
                          </button>
                        ) : (
                          shown
                        );
                      })()}
                    </td>
                    <td>
                      <div className="cell-actions">
                        {(
                          [
                            [c.claim, "Claim", "Claim", () => act(() => trpc.task.claim.mutate(ref))],
                            [c.unclaim, "Unclaim", "Unclaim", () => act(() => trpc.task.unclaim.mutate(ref))],
                            [c.assign, "Assign", "Assign…", () => setAssigning(ref)],
                          ] as const
                        ).map(
                          ([allowed, verb, text, run]) =>
                            allowed && (
                              <button
                                key={verb}
                                type="button"
                                className="btn btn-small"
                                aria-label={`${verb} ${label}`}
                                onClick={run}
                              >
                                {text}
                              </button>
                            ),
                        )}
                        {c.perform && c.performBlocked && (
                          <Tooltip content={c.performBlocked}>
                            <span tabIndex={0} aria-label={c.performBlocked} title={c.performBlocked}>
                              <button
                                type="button"
                                className="btn btn-primary btn-small"
                                aria-label={`Perform ${label}`}
                                disabled
                              >
                                Perform
                              </button>
                            </span>
                          </Tooltip>
                        )}
                        {c.perform && !c.performBlocked && (
                          <button
                            type="button"
                            className="btn btn-primary btn-small"
                            aria-label={`Perform ${t.name} on ${t.businessKey ?? t.instanceId}`}
                            onClick={() =>
                              setTarget({
                                instanceId: t.instanceId,
                                actionId: t.actionId,
                                name: t.name,
                                form: (t.form as Record<string, unknown> | null) ?? null,
                                ...(t.businessKey ? { businessKey: t.businessKey } : {}),
                              })
                            }
                          >
                            Perform
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </Table>
          )}
        </QueryView>
      </div>
      <AssignDialog task={assigning} {...closedBy(() => setAssigning(null))} />
      <FollowUpDialog
        key={followingUp ? `${followingUp.instanceId}:${followingUp.actionId}` : "closed"}
        task={followingUp}
        {...closedBy(() => setFollowingUp(null))}
      />
      <PerformDialog target={target} {...closedBy(() => setTarget(null))} />
    </div>
  );
}

/** Operators and admins: assign a task to a user who may perform it, or to nobody. */
function AssignDialog({ task, onClose, onDone }: ItemDialogProps & { task: TaskRef | null }) {
  const [username, setUsername] = useState("");
  const [error, setError] = useState<string | null>(null);
  const candidates = useQuery(`candidates:${task?.instanceId ?? ""}:${task?.actionId ?? ""}`, () =>
    task
      ? trpc.task.candidates.query({ instanceId: task.instanceId, actionId: task.actionId })
      : Promise.resolve([]),
  );
  return (
    <FormDialog
      open={task !== null}
      onOpenChange={(open) => {
        if (!open) {
          setError(null);
          onClose();
        }
      }}
      title={task ? `Assign ${task.name}` : "Assign"}
      description="Only users who may perform this action are listed."
      error={error}
      submitLabel="Assign"
      onSubmit={async () => {
        if (!task) return;
        setError(null);
        try {
          await trpc.task.assign.mutate({
            instanceId: task.instanceId,
            actionId: task.actionId,
            username: username === "" ? null : username,
          });
          setUsername("");
          onDone();
        } catch (e) {
          setError(e instanceof Error ? e.message : String(e));
        }
      }}
    >
      <FieldControl
        id="assign-user"
        label="Assignee"
        value={username}
        onChange={setUsername}
        options={optionsWithNone(
          "Nobody (unassigned)",
          candidates.status === "ready" ? candidates.data : [],
          (u) => ({ value: u.username, label: u.name === u.username ? u.name : `${u.name} (${u.username})` }),
        )}
      />
    </FormDialog>
  );
}
