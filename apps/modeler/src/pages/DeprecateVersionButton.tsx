import { useState } from "react";
import { trpc } from "../api/trpc.ts";
import { useSubmit } from "../api/useSubmit.ts";
import { ConfirmDialog } from "../ui/ConfirmDialog.tsx";
import { useSession } from "../auth/useSession.ts";

/**
 * "Deprecate" on a published version's row: after a confirmation, `version.deprecate` — the version
 * starts no new instances (nor do signals that start instances), its running instances continue,
 * and it turns inactive when the last one ends. Hidden from users who may not publish.
 */
export function DeprecateVersionButton({
  versionId,
  number,
  running,
  onDone,
}: {
  versionId: string;
  number: number;
  /** Its running instances (they continue). */
  running: number;
  onDone: () => void;
}) {
  const { may } = useSession();
  const [open, setOpen] = useState(false);
  const { error, setError, busy, submit } = useSubmit();
  if (!may("version.deprecate")) return null;
  const confirm = async () => {
    if (!(await submit(() => trpc.version.deprecate.mutate({ id: versionId })))) return;
    setOpen(false);
    onDone();
  };
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => setOpen(true)}
        aria-label={`Deprecate v${number}`}
      >
        Deprecate…
      </button>
      <ConfirmDialog
        open={open}
        onCancel={() => {
          setOpen(false);
          setError(null);
        }}
        onConfirm={() => void confirm()}
        title={`Deprecate v${number}?`}
        description={`No new instance will start on v${number}, from the app, the API, signals or schedules. ${
          running === 0
            ? "No instance runs on it, so it becomes inactive at once."
            : `Its ${running} running instance${running === 1 ? "" : "s"} continue${running === 1 ? "s" : ""}; it becomes inactive when the last one ends.`
        } Until another version is published, this process cannot be started. To run it again, make a new draft from it and publish that.`}
        confirmLabel={busy ? "Deprecating…" : `Deprecate v${number}`}
        cancelLabel="Keep it published"
        error={error}
      />
    </>
  );
}
