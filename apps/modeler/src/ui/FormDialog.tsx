import type { ReactNode } from "react";
import { Dialog } from "./Dialog.tsx";
import { FormFooter } from "./FormFooter.tsx";

/** What a page gives its "New …" dialog: open or not, and what to do with what was created. */
export type CreateDialogProps<Created extends unknown[] = []> = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (...created: Created) => void;
};

/** What a page gives a dialog about one item: open while the item is set; `onDone` after it acted on it. */
export type ItemDialogProps = {
  onClose: () => void;
  onDone: () => void;
};

/**
 * A dialog that is one form: its fields (`children`), then its error, Cancel and the submit button.
 * Submitting calls `onSubmit` (the page does not reload); Cancel closes unless `onCancel` says otherwise.
 */
export function FormDialog({
  open,
  onOpenChange,
  title,
  description,
  onSubmit,
  onCancel,
  error,
  submitLabel,
  submitDisabled = false,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  onSubmit: () => void | Promise<void>;
  onCancel?: () => void;
  error: string | null;
  submitLabel: string;
  submitDisabled?: boolean;
  children: ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description={description}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit();
        }}
      >
        {children}
        <FormFooter
          error={error}
          onCancel={onCancel ?? (() => onOpenChange(false))}
          submitLabel={submitLabel}
          submitDisabled={submitDisabled}
        />
      </form>
    </Dialog>
  );
}
