import { useState } from "react";

/** Explains the notation: line kinds and node shapes. Collapsible. */
export function Legend() {
  const [open, setOpen] = useState(true);
  const line = (kind: string, label: string) => (
    <li key={kind}>
      <svg width="44" height="12" aria-hidden="true">
        <line
          x1="2"
          y1="6"
          x2="36"
          y2="6"
          className={`fs-edge fs-edge-${kind}`}
          markerEnd={`url(#fs-arrow-${kind})`}
        />
      </svg>
      {label}
    </li>
  );
  return (
    <section className="fs-legend" aria-label="Legend">
      <button
        type="button"
        className="btn btn-ghost btn-small"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        Legend
      </button>
      {open && (
        <ul>
          {line("flow", "flow")}
          {line("failure", "failure flow ✕")}
          {line("limit", "limit")}
          {line("not", "not")}
          {line("transition", "transition")}
          <li>
            <span className="legend-shape shape-and" aria-hidden="true" /> and ·{" "}
            <span className="legend-shape shape-or" aria-hidden="true" /> or ·{" "}
            <span className="legend-shape shape-finalizer" aria-hidden="true" /> finalizer
          </li>
        </ul>
      )}
    </section>
  );
}
