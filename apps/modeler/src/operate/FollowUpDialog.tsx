import { useState } from "react";
import { trpc } from "../api/trpc.ts";
import { errorInfo } from "../api/errorInfo.ts";
import { FormDialog } from "../ui/FormDialog.tsx";
import { FieldControl } from "../ui/Field.tsx";
import type { ItemDialogProps } from "../ui/FormDialog.tsx";

/** A task whose follow-up date is being set; `followUpAt` is its current one (ISO) or null. */
export type FollowUpTask = { instanceId: string; actionId: string; name: string; followUpAt: string | null };

/** `2027-01-05T09:00` in the browser's time zone, as a `datetime-local` input shows it. */
function localInputValue(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * "Follow-up…" on a task row: when to look at the task again (Camunda Tasklist's follow-up date),
 * in local time; Clear removes it. `task.setFollowUp` (the assignee, operators and admins).
 */
export function FollowUpDialog({ task, onClose, onDone }: ItemDialogProps & { task: FollowUpTask | null }) {
  // The page keys the dialog by task, so each opening starts from that task's date.
  const [value, setValue] = useState(() => localInputValue(task?.followUpAt ?? null));
  const [error, setError] = useState<string | null>(null);
  const save = async (followUp: string | null) => {
    if (!task) return;
    setError(null);
    try {
      await trpc.task.setFollowUp.mutate({ instanceId: task.instanceId, actionId: task.actionId, followUp });
      onDone();
    } catch (e) {
      setError(errorInfo(e).message);
    }
  };
  return (
    <FormDialog
      open={task !== null}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={task ? `Follow-up for ${task.name}` : "Follow-up"}
      description="When should this task be looked at again? The task list shows the date; it changes nothing in the process."
      error={error}
      submitLabel="Save follow-up"
      onSubmit={async () => {
        if (!value) return setError("choose a date and time, or clear the follow-up");
        const at = new Date(value);
        if (Number.isNaN(at.getTime())) return setError("not a date and time");
        await save(at.toISOString());
      }}
    >
      <FieldControl
        id="follow-up-at"
        label="Follow up on"
        type="datetime-local"
        value={value}
        onChange={setValue}
      />
      {task?.followUpAt && (
        <button type="button" className="btn btn-small" onClick={() => void save(null)}>
          Clear follow-up
        </button>
      )}
    </FormDialog>
  );
}
