import { lazy, Suspense, useState } from "react";
import { ErrorAlert } from "../ui/ErrorAlert.tsx";
import { DialogActions } from "../ui/FormFooter.tsx";
import { Dialog } from "../ui/Dialog.tsx";
import { trpc } from "../api/trpc.ts";
import { errorInfo } from "../api/errorInfo.ts";
import type { ItemDialogProps } from "../ui/FormDialog.tsx";

const JsonSchemaForm = lazy(() =>
  import("./JsonSchemaForm.tsx").then((m) => ({ default: m.JsonSchemaForm })),
);

/** A manual action to perform: which instance, which action, its form (JSON Schema) if any. */
export interface PerformTarget {
  instanceId: string;
  actionId: string;
  name: string;
  form: Record<string, unknown> | null;
  businessKey?: string;
}

/**
 * Performs a manual action: a form generated from the action's JSON Schema (react-jsonschema-form,
 * validated with Ajv before sending), or a plain confirmation when the action has no form. A
 * refusal (e.g. no longer unlocked) shows the runtime's reason and keeps the dialog open.
 */
export function PerformDialog({
  target,
  onClose,
  onDone,
}: ItemDialogProps & { target: PerformTarget | null }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (input: unknown) => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      await trpc.instance.perform.mutate({
        instanceId: target.instanceId,
        actionId: target.actionId,
        ...(input !== undefined ? { input: input as never } : {}),
        actor: "operator",
      });
      onDone();
    } catch (e) {
      setError(errorInfo(e).message);
    } finally {
      setBusy(false);
    }
  };
  const close = (open: boolean) => {
    if (!open) {
      setError(null);
      onClose();
    }
  };
  return (
    <Dialog
      open={target !== null}
      onOpenChange={close}
      title={target ? `Perform ${target.name}` : "Perform"}
      {...(target?.businessKey ? { description: `Instance ${target.businessKey}` } : {})}
    >
      {target && (
        <div className="perform-form">
          <ErrorAlert message={error} />
          {target.form ? (
            <Suspense fallback={<p className="muted">Loading the form…</p>}>
              <JsonSchemaForm schema={target.form} disabled={busy} onSubmit={(data) => void submit(data)}>
                <DialogActions onCancel={() => close(false)} submitLabel="Perform" submitDisabled={busy} />
              </JsonSchemaForm>
            </Suspense>
          ) : (
            <DialogActions
              onCancel={() => close(false)}
              submitLabel="Perform"
              submitDisabled={busy}
              onSubmit={() => void submit(undefined)}
            />
          )}
        </div>
      )}
    </Dialog>
  );
}
