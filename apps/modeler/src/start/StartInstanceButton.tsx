import { useState } from "react";
import { useSession } from "../auth/useSession.ts";
import { StartInstanceDialog } from "./StartInstanceDialog.tsx";

/**
 * "Start instance" and its dialog, for users who may call `instance.start` (hidden otherwise; the
 * runtime refuses regardless). `processKey`/`version` fix what the page shows; without them the
 * dialog asks for the process and takes its published version.
 */
export function StartInstanceButton({
  processKey,
  version,
  small = false,
}: {
  processKey?: string;
  version?: number;
  small?: boolean;
}) {
  const { may } = useSession();
  const [open, setOpen] = useState(false);
  if (!may("instance.start")) return null;
  return (
    <>
      <button
        type="button"
        className={`btn btn-primary${small ? " btn-small" : ""}`}
        onClick={() => setOpen(true)}
      >
        Start instance
      </button>
      <StartInstanceDialog
        open={open}
        onOpenChange={setOpen}
        {...(processKey !== undefined ? { processKey } : {})}
        {...(version !== undefined ? { version } : {})}
      />
    </>
  );
}
