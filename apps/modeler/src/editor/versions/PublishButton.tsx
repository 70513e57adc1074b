import { useState } from "react";
import type { Problem } from "@flowstate/model";
import { trpc } from "../../api/trpc";
import { errorInfo } from "../../api/errorInfo";
import { Dialog } from "../../ui/Dialog";
import { CloseActions } from "../../ui/FormFooter";
import { TextField } from "../../ui/Field";
import { useSession } from "../../auth/useSession";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { saveDraftNow } from "./saveDraftNow";

type Step =
  | { kind: "idle" }
  | { kind: "busy" }
  | { kind: "warnings"; problems: Problem[] }
  | { kind: "errors"; message: string; problems: Problem[] }
  | { kind: "scenarios"; message: string; failures: ScenarioFailure[] };

/** A failing scenario as the runtime reports it when it refuses a publish (`SCENARIOS_FAILED`). */
export interface ScenarioFailure {
  scenario: string;
  stepIndex: number;
  step: string;
  difference: string;
}

function scenarioFailuresOf(data: Record<string, unknown>): ScenarioFailure[] | null {
  return data.reason === "SCENARIOS_FAILED" && Array.isArray(data.failures)
    ? (data.failures as ScenarioFailure[])
    : null;
}

function problemsOf(data: Record<string, unknown>): Problem[] {
  return Array.isArray(data.problems) ? (data.problems as Problem[]) : [];
}

/**
 * Publishes the draft: blocked by errors, asks for confirmation on warnings; failing scenarios are
 * listed (each opens in play), and an admin may publish anyway with a reason (audited).
 */
export function PublishButton({
  versionId,
  onPublished,
  onOpenInPlay,
}: {
  versionId: string;
  onPublished: () => void;
  /** Opens play mode replaying the named scenario up to its failing step. */
  onOpenInPlay?: (scenario: string) => void;
}) {
  const store = useEditorStoreApi();
  const { session } = useSession();
  const admin = session.roles.includes("admin");
  const [reason, setReason] = useState("");
  const errors = useEditorStore((s) => s.problems.filter((p) => p.severity === "error").length);
  const conflict = useEditorStore((s) => s.save.status === "conflict");
  const [step, setStep] = useState<Step>({ kind: "idle" });

  const publish = async (acceptWarnings: boolean, override?: string) => {
    setStep({ kind: "busy" });
    if (!(await saveDraftNow(store, versionId))) {
      setStep({ kind: "errors", message: "The draft could not be saved first.", problems: [] });
      return;
    }
    try {
      await trpc.version.publish.mutate({
        id: versionId,
        ...(acceptWarnings ? { acceptWarnings: true } : {}),
        ...(override ? { override: { reason: override } } : {}),
      });
      setReason("");
      setStep({ kind: "idle" });
      onPublished();
    } catch (error) {
      const info = errorInfo(error);
      const failures = scenarioFailuresOf(info.data);
      if (failures) setStep({ kind: "scenarios", message: info.message, failures });
      else if (info.code === "PRECONDITION_FAILED" && problemsOf(info.data).length > 0)
        setStep({ kind: "warnings", problems: problemsOf(info.data) });
      else setStep({ kind: "errors", message: info.message, problems: problemsOf(info.data) });
    }
  };

  const close = () => setStep({ kind: "idle" });
  /** The dialog shown at `kind`; closing it goes back to idle. */
  const dialogAt = (kind: "scenarios" | "errors") => ({
    open: step.kind === kind,
    onOpenChange: (open: boolean) => !open && close(),
  });
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
        onCancel={close}
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
        {...dialogAt("scenarios")}
        title="Scenarios fail"
        description="Publishing runs the draft's scenarios; a version whose scenarios fail is not published."
      >
        {step.kind === "scenarios" && (
          <ul className="dialog-list" aria-label="Failing scenarios">
            {step.failures.map((f) => (
              <li key={f.scenario}>
                <strong>{f.scenario}</strong> fails at{" "}
                {f.stepIndex < 0 ? "the start" : `step ${f.stepIndex + 1} (${f.step})`}: {f.difference}
                {onOpenInPlay && (
                  <>
                    {" "}
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => {
                        close();
                        onOpenInPlay(f.scenario);
                      }}
                    >
                      Open in play
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        {admin && (
          <TextField
            label="Reason for publishing anyway (audited)"
            value={reason}
            onChange={setReason}
            rows={2}
          />
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={close}>
            Close
          </button>
          {admin && (
            <button
              type="button"
              className="btn btn-danger"
              disabled={reason.trim() === ""}
              title={reason.trim() === "" ? "Give a reason first" : "Publish although scenarios fail"}
              onClick={() => void publish(true, reason.trim())}
            >
              Publish anyway
            </button>
          )}
        </div>
      </Dialog>
      <Dialog {...dialogAt("errors")} title="Cannot publish">
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
        <CloseActions onClose={close} />
      </Dialog>
    </>
  );
}
