/** A labelled progress bar (`.progress`) filled to `percent` (0–100). */
export function ProgressBar({ label, percent }: { label: string; percent: number }) {
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="progress-done" style={{ width: `${percent}%` }} />
    </div>
  );
}
