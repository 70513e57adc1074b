import * as RadixTooltip from "@radix-ui/react-tooltip";
import type { ReactNode } from "react";

/** A hover/focus hint for an icon button (the button keeps its own aria-label); above it unless `side` says. */
export function Tooltip({
  content,
  children,
  side,
  passive = false,
}: {
  content: ReactNode;
  children: ReactNode;
  side?: "top" | "right" | "bottom" | "left";
  /** Closes as the pointer leaves the trigger (a column of hints read one after the other). */
  passive?: boolean;
}) {
  return (
    <RadixTooltip.Root delayDuration={400} disableHoverableContent={passive}>
      <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
      <RadixTooltip.Portal>
        <RadixTooltip.Content className="tooltip" sideOffset={6} {...(side ? { side } : {})}>
          {content}
        </RadixTooltip.Content>
      </RadixTooltip.Portal>
    </RadixTooltip.Root>
  );
}
