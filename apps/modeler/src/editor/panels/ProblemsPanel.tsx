import { useState } from "react";
import { useEditorStore } from "../store/useEditorStore";
import { useFocusElements } from "../canvas/useFocusElements";
import { Icon } from "../canvas/Icon";

/** Live validation results; a click selects the elements involved and zooms to them. */
export function ProblemsPanel() {
  const problems = useEditorStore((s) => s.problems);
  const focus = useFocusElements();
  const [open, setOpen] = useState(true);
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;
  const summary = problems.length === 0 ? "No problems" : `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
  return (
    <section className={`problems ${open ? "is-open" : ""}`} aria-label="Problems">
      <header className="problems-head">
        <button type="button" className="btn btn-ghost btn-small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          Problems
        </button>
        <span role="status" aria-label="Problem summary" className={`problems-summary ${errors ? "has-errors" : warnings ? "has-warnings" : "is-clean"}`}>
          {summary}
        </span>
      </header>
      {open && problems.length > 0 && (
        <ul className="problems-list">
          {problems.map((p, i) => (
            <li key={`${p.code}:${p.elementIds.join(",")}:${i}`}>
              <button type="button" className={`problem problem-${p.severity}`} onClick={() => focus(p.elementIds)} title={p.hint}>
                <Icon name={p.severity === "error" ? "error" : "warning"} />
                <span className="problem-message">{p.message}</span>
                <span className="problem-code">{p.code}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
