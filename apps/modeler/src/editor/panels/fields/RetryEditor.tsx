import type { Retry } from "@flowstate/model";
import { parseDuration } from "@flowstate/model";
import { ToggledFieldset } from "./ToggledFieldset";
import { NumberField } from "./NumberField";
import { TextField } from "./TextField";
import { checkDuration } from "./checkDuration";

const DEFAULT_RETRY: Retry = { maxAttempts: 3, backoff: { initial: "PT10S", factor: 2 } };

/** Attempts and exponential backoff of an automatic action. */
export function RetryEditor({
  value,
  onCommit,
}: {
  value: Retry | undefined;
  onCommit: (value: Retry | undefined) => void;
}) {
  return (
    <ToggledFieldset
      legend="Retry"
      label="Retry when it fails"
      on={value !== undefined}
      onToggle={(on) => onCommit(on ? DEFAULT_RETRY : undefined)}
    >
      {value && (
        <>
          <NumberField
            label="Max attempts"
            value={value.maxAttempts}
            min={1}
            onCommit={(n) => n !== undefined && onCommit({ ...value, maxAttempts: n })}
          />
          <TextField
            label="First wait"
            value={value.backoff.initial}
            mono
            required
            check={checkDuration}
            onCommit={(d) =>
              d && parseDuration(d) && onCommit({ ...value, backoff: { ...value.backoff, initial: d } })
            }
          />
          <NumberField
            label="Backoff factor"
            value={value.backoff.factor}
            min={1}
            onCommit={(n) =>
              n !== undefined && onCommit({ ...value, backoff: { ...value.backoff, factor: n } })
            }
          />
          <TextField
            label="Longest wait"
            value={value.backoff.max}
            mono
            check={checkDuration}
            onCommit={(d) => {
              if (d !== undefined && !parseDuration(d)) return;
              const backoff = { ...value.backoff };
              if (d === undefined) delete backoff.max;
              else backoff.max = d;
              onCommit({ ...value, backoff });
            }}
          />
        </>
      )}
    </ToggledFieldset>
  );
}
