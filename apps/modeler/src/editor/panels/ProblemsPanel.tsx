import { useContext, useState } from "react";
import { useEditorStore } from "../store/useEditorStore";
import { SceneContext } from "../view/DiagramView";
import { useFocusElements } from "../canvas/useFocusElements";
import { Icon } from "../canvas/Icon";
import type { Scenario } from "@flowstate/engine";
import type { DeadEndWarning } from "../../play/deadEndLint";

/**
 * Live validation results, then what the diagram could not draw as stored (`scene.problems`: a
 * layout entry for nothing, unusable coordinates or bend points, a cut label); a click selects the
 * elements involved and zooms to them. Dead ends the lint found (`useDeadEnds`) are warnings with
 * "Open in play", which replays the counterexample.
 */
export function ProblemsPanel({
  deadEnds = [],
  deadEndNote,
  onOpenInPlay,
}: {
  deadEnds?: DeadEndWarning[];
  /** Set when the dead-end search stopped at its budget (`budgetNote`). */
  deadEndNote?: string | undefined;
  onOpenInPlay?: (scenario: Scenario) => void;
}) {
  const problems = useEditorStore((s) => s.problems);
  const diagramProblems = useContext(SceneContext)?.scene.problems ?? [];
  const focus = useFocusElements();
  const [open, setOpen] = useState(true);
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors + deadEnds.length;
  const drawn =
    diagramProblems.length > 0
      ? ` · ${diagramProblems.length} diagram note${diagramProblems.length === 1 ? "" : "s"}`
      : "";
  const summary =
    (problems.length + deadEnds.length === 0
      ? "No problems"
      : `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`) + drawn;
  return (
    <section className={`problems ${open ? "is-open" : ""}`} aria-label="Problems">
      <header className="problems-head">
        <button
          type="button"
          className="btn btn-ghost btn-small"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
        >
          Problems
        </button>
        <span
          role="status"
          aria-label="Problem summary"
          className={`problems-summary ${errors ? "has-errors" : warnings ? "has-warnings" : "is-clean"}`}
        >
          {summary}
        </span>
      </header>
      {open && (problems.length + deadEnds.length + diagramProblems.length > 0 || deadEndNote) && (
        <ul className="problems-list">
          {problems.map((p, i) => (
            <li key={`${p.code}:${p.elementIds.join(",")}:${i}`}>
              <ProblemButton
                severity={p.severity}
                message={p.message}
                code={p.code}
                hint={p.hint}
                onClick={() => focus(p.elementIds)}
              />
            </li>
          ))}
          {deadEnds.map((d) => (
            <li
              key={`dead-end:${d.scenario.name}:${d.message}`}
              aria-label="Dead end"
              className="problem-row"
            >
              <ProblemButton
                severity="warning"
                message={d.message}
                code="deadEnd"
                hint="Found by the dead-end search (docs/play.md): only a cancel can follow."
                onClick={() => focus([d.stateId])}
              />
              {onOpenInPlay && (
                <button type="button" className="btn btn-small" onClick={() => onOpenInPlay(d.scenario)}>
                  Open in play
                </button>
              )}
            </li>
          ))}
          {deadEndNote && (
            <li aria-label="Dead-end search incomplete">
              <span className="problem problem-info">
                <Icon name="warning" />
                <span className="problem-message">{deadEndNote}</span>
                <span className="problem-code">deadEndBudget</span>
              </span>
            </li>
          )}
          {diagramProblems.map((p, i) => (
            <li key={`diagram:${p.code}:${p.elementId}:${i}`}>
              <ProblemButton
                severity="info"
                message={p.message}
                code={p.code}
                hint="The diagram draws what it can; this part of the stored layout was ignored or adjusted."
                onClick={() => focus([p.elementId])}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One problem of the list: a click selects its elements and zooms to them. */
function ProblemButton({
  severity,
  message,
  code,
  hint,
  onClick,
}: {
  severity: "error" | "warning" | "info";
  message: string;
  code: string;
  /** The tooltip: how to fix it, or where the problem comes from. */
  hint: string | undefined;
  onClick: () => void;
}) {
  return (
    <button type="button" className={`problem problem-${severity}`} onClick={onClick} title={hint}>
      <Icon name={severity === "error" ? "error" : "warning"} />
      <span className="problem-message">{message}</span>
      <span className="problem-code">{code}</span>
    </button>
  );
}
