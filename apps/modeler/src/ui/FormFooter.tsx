import { ErrorAlert } from "./ErrorAlert.tsx";

/** The end of a dialog's form: its error (if any), Cancel and the submit button. */
export function FormFooter({
  error,
  onCancel,
  submitLabel,
  submitDisabled = false,
}: {
  error: string | null;
  onCancel: () => void;
  submitLabel: string;
  submitDisabled?: boolean;
}) {
  return (
    <>
      <ErrorAlert message={error} />
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={submitDisabled}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
