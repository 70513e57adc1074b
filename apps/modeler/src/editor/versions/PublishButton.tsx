import { useState } from "react";
import type { Problem } from "@flowstate/model";
import { trpc } from "../../api/trpc";
import { errorInfo } from "../../api/errorInfo";
import { Dialog } from "../../ui/Dialog";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { saveDraftNow } from "./saveDraftNow";

type Step =
  | { kind: "idle" }
  | { kind: "busy" }
  | { kind: "warnings"; problems: Problem[] }
  | { kind: "errors"; message: string; problems: Problem[] };

function problemsOf(data: Record<string, unknown>): Problem[] {
  return Array.isArray(data.problems) ? (data.problems as Problem[]) : [];
}

/** Publishes the draft: blocked by errors, asks for confirmation on warnings. */
export function PublishButton({ versionId, onPublished }: { versionId: string; onPublished: () => void }) {
  const store = useEditorStoreApi();
  const errors = useEditorStore((s) => s.problems.filter((p) => p.severity === "error").length);
  const conflict = useEditorStore((s) => s.save.status === "conflict");
  const [step, setStep] = useState<Step>({ kind: "idle" });

  const publish = async (acceptWarnings: boolean) => {
    setStep({ kind: "busy" });
    if (!(await saveDraftNow(store, versionId))) {
      setStep({ kind: "errors", message: "The draft could not be saved first.", problems: [] });
      return;
    }
    try {
      await trpc.version.publish.mutate({
        id: versionId,
        ...(acceptWarnings ? { acceptWarnings: true } : {}),
      });
      setStep({ kind: "idle" });
      onPublished();
    } catch (error) {
      const info = errorInfo(error);
      if (info.code === "PRECONDITION_FAILED" && problemsOf(info.data).length > 0)
        setStep({ kind: "warnings", problems: problemsOf(info.data) });
      else setStep({ kind: "errors", message: info.message, problems: problemsOf(info.data) });
    }
  };

  const blocked = errors > 0 || conflict;
  return (
    <>
      <button
        type="button"
        className="btn btn-primary btn-small"
        disabled={blocked || step.kind === "busy"}
        title={
          errors > 0
            ? `Fix ${errors} error${errors === 1 ? "" : "s"} before publishing`
            : conflict
              ? "Resolve the save conflict first"
              : "Publish this draft"
        }
        onClick={() => void publish(false)}
      >
        {step.kind === "busy" ? "Publishing…" : "Publish"}
      </button>
      <ConfirmDialog
        open={step.kind === "warnings"}
        onCancel={() => setStep({ kind: "idle" })}
        onConfirm={() => void publish(true)}
        title="Publish with warnings?"
        description="The model has warnings. Published versions cannot be changed."
        confirmLabel="Publish anyway"
        danger={false}
      >
        <ul className="dialog-list">
          {step.kind === "warnings" && step.problems.map((p, i) => <li key={i}>{p.message}</li>)}
        </ul>
      </ConfirmDialog>
      <Dialog
        open={step.kind === "errors"}
        onOpenChange={(open) => !open && setStep({ kind: "idle" })}
        title="Cannot publish"
      >
        {step.kind === "errors" && (
          <>
            <p>{step.message}</p>
            <ul className="dialog-list">
              {step.problems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          </>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => setStep({ kind: "idle" })}>
            Close
          </button>
        </div>
      </Dialog>
    </>
  );
}
