import type { ReactNode } from "react";
import { useState } from "react";
import { Dialog } from "./Dialog.tsx";
import { Tooltip } from "./Tooltip.tsx";

/** A small button shown disabled, with `hint` saying why, to a user who may not use it. */
export function DeniedButton({
  label,
  hint,
  danger = false,
}: {
  label: string;
  hint: string;
  danger?: boolean;
}) {
  return (
    <Tooltip content={hint}>
      <span tabIndex={0} className="disabled-hint">
        <button type="button" className={`btn btn-small${danger ? " btn-danger" : ""}`} disabled>
          {label}
        </button>
      </span>
    </Tooltip>
  );
}

/**
 * A small button that opens a dialog whose body is mounted only while open (`children(close, done)`:
 * `done` closes it, then calls `onDone`), or, when the user may not (`allowed` false), the button
 * disabled with `deniedHint`.
 */
export function DialogButton(props: {
  label: string;
  allowed: boolean;
  deniedHint: string;
  title: string;
  description: string;
  /** Called when the body says it is done (after the dialog closed). */
  onDone: () => void;
  children: (close: () => void, done: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  if (!props.allowed) return <DeniedButton label={props.label} hint={props.deniedHint} />;
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => setOpen(true)}>
        {props.label}
      </button>
      <Dialog open={open} onOpenChange={setOpen} title={props.title} description={props.description}>
        {open &&
          props.children(
            () => setOpen(false),
            () => {
              setOpen(false);
              props.onDone();
            },
          )}
      </Dialog>
    </>
  );
}
