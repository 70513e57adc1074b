import { ErrorAlert } from "./ErrorAlert.tsx";

/**
 * Cancel and the dialog's main button: a submit button, or (with `onSubmit`) a plain button that
 * calls it.
 */
export function DialogActions({
  onCancel,
  submitLabel,
  submitDisabled = false,
  onSubmit,
}: {
  onCancel: () => void;
  submitLabel: string;
  submitDisabled?: boolean;
  onSubmit?: () => void;
}) {
  return (
    <div className="dialog-actions">
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
      <button
        type={onSubmit ? "button" : "submit"}
        className="btn btn-primary"
        disabled={submitDisabled}
        onClick={onSubmit}
      >
        {submitLabel}
      </button>
    </div>
  );
}

/** The end of a dialog's form: its error (if any), Cancel and the submit button. */
export function FormFooter({
  error,
  ...actions
}: {
  error: string | null;
  onCancel: () => void;
  submitLabel: string;
  submitDisabled?: boolean;
}) {
  return (
    <>
      <ErrorAlert message={error} />
      <DialogActions {...actions} />
    </>
  );
}
