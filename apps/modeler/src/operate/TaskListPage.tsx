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
import { FieldControl } from "../ui/Field.tsx";
import { EmptyRow, Table } from "../ui/Table.tsx";

/**
 * `/tasks`: manual actions unlocked right now across running instances, filtered by role and
 * process, with the timers that limit them; perform from the list. Live: reloads as instances move.
 */
export function TaskListPage() {
  const { mayPerform } = useSession();
  const [role, setRole] = useState("");
  const [processKey, setProcessKey] = useState("");
  const [target, setTarget] = useState<PerformTarget | null>(null);
  const processes = useQuery("processes:", () => trpc.process.list.query({ search: "" }));
  const tasks = useQuery(`tasks:${role}:${processKey}`, async () => ({
    items: await trpc.task.list.query({
      ...(role.trim() ? { role: role.trim() } : {}),
      ...(processKey ? { processKey } : {}),
    }),
    at: new Date(),
  }));
  const live = useLiveChanges({}, tasks.reload);
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
        <FieldControl id="t-role" label="Role" placeholder="any role" value={role} onChange={setRole} />
        <FieldControl
          id="t-process"
          label="Process"
          value={processKey}
          onChange={setProcessKey}
          options={[
            { value: "", label: "Any" },
            ...(processes.status === "ready" ? processes.data : []).map((p) => ({
              value: p.key,
              label: p.name,
            })),
          ]}
        />
      </form>
      <div className="page operate-tasks">
        {limitNote && (
          <p role="note" className="muted">
            {limitNote}
          </p>
        )}
        <QueryView query={tasks} what="tasks">
          {({ items, at }) => (
            <Table label="Tasks" columns={["Task", "Instance", "State", "Role", "Due"]} actions="Actions">
              {items.length === 0 && (
                <EmptyRow columns={6}>
                  No manual action is unlocked{role.trim() ? ` for role ${role.trim()}` : ""}.
                </EmptyRow>
              )}
              {items.map((t) => (
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
                  <td>
                    <div className="cell-actions">
                      {mayPerform(t.role) && (
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
              ))}
            </Table>
          )}
        </QueryView>
      </div>
      <PerformDialog
        target={target}
        onClose={() => setTarget(null)}
        onDone={() => {
          setTarget(null);
          tasks.reload();
        }}
      />
    </div>
  );
}
