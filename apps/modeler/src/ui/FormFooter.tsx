import { ErrorAlert } from "./ErrorAlert.tsx";

/**
 * Cancel and the dialog's main button: a submit button, or (with `onSubmit`) a plain button that
 * calls it.
 */
export function DialogActions({
  onCancel,
  cancelLabel = "Cancel",
  submitLabel,
  submitDisabled = false,
  danger = false,
  onSubmit,
}: {
  onCancel: () => void;
  cancelLabel?: string;
  submitLabel: string;
  submitDisabled?: boolean;
  /** The main button does something that cannot be undone. */
  danger?: boolean;
  onSubmit?: () => void;
}) {
  return (
    <div className="dialog-actions">
      <button type="button" className="btn" onClick={onCancel}>
        {cancelLabel}
      </button>
      <button
        type={onSubmit ? "button" : "submit"}
        className={`btn ${danger ? "btn-danger" : "btn-primary"}`}
        disabled={submitDisabled}
        onClick={onSubmit}
      >
        {submitLabel}
      </button>
    </div>
  );
}

/** A dialog's one button, which closes it (`Close`, or a primary `Done` after something succeeded). */
export function CloseActions({
  label = "Close",
  primary = false,
  onClose,
}: {
  label?: string;
  primary?: boolean;
  onClose: () => void;
}) {
  return (
    <div className="dialog-actions">
      <button type="button" className={primary ? "btn btn-primary" : "btn"} onClick={onClose}>
        {label}
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
  cancelLabel?: string;
  submitLabel: string;
  submitDisabled?: boolean;
  danger?: boolean;
}) {
  return (
    <>
      <ErrorAlert message={error} />
      <DialogActions {...actions} />
    </>
  );
}
