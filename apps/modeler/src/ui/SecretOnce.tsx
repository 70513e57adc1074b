import { useState } from "react";
import type { ReactNode } from "react";

/**
 * A secret shown once, right after it was created: a read-only field (selected on focus), whatever
 * `children` add, then a copy button and Done.
 */
export function SecretOnce({
  label,
  inputLabel,
  inputClassName = "input",
  value,
  copyLabel,
  onCopyFailed,
  onDone,
  children,
}: {
  label: string;
  inputLabel: string;
  inputClassName?: string;
  value: string;
  copyLabel: string;
  onCopyFailed?: () => void;
  onDone: () => void;
  children?: ReactNode;
}) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(value).then(
      () => setCopied(true),
      () => {
        setCopied(false);
        onCopyFailed?.();
      },
    );
  };
  return (
    <>
      <label className="field">
        <span>{label}</span>
        <input
          className={inputClassName}
          readOnly
          aria-label={inputLabel}
          value={value}
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      {children}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={copy}>
          {copied ? "Copied" : copyLabel}
        </button>
        <button type="button" className="btn btn-primary" onClick={onDone}>
          Done
        </button>
      </div>
    </>
  );
}
