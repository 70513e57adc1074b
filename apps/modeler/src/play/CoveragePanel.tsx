import { coverageKinds, coverageText } from "@flowstate/engine";
import type { CoverageSummary } from "@flowstate/engine";

const kindNames = { actions: "Actions", lines: "Lines", transitions: "Transitions" } as const;

/**
 * The coverage of the version's scenarios: a percentage per kind (the numbers `flowstate test`
 * prints) and a toggle that draws it on the canvas instead of the play instance.
 */
export function CoveragePanel({
  summary,
  shown,
  onToggle,
}: {
  summary: CoverageSummary;
  shown: boolean;
  onToggle: (shown: boolean) => void;
}) {
  return (
    <section aria-label="Coverage">
      <h3>Coverage</h3>
      <label className="play-toggle">
        <input type="checkbox" checked={shown} onChange={(e) => onToggle(e.target.checked)} />
        Show coverage on the canvas
      </label>
      <dl className="play-coverage">
        {coverageKinds.map((kind) => (
          <div key={kind} aria-label={`${kindNames[kind]} covered`}>
            <dt>{kindNames[kind]}</dt>
            <dd>
              {summary[kind].total > 0 && (
                <meter min={0} max={100} value={summary[kind].percent} aria-hidden />
              )}
              <span className={summary[kind].total > 0 ? undefined : "muted"}>
                {coverageText(summary[kind])}
              </span>
            </dd>
          </div>
        ))}
      </dl>
      {shown && (
        <p className="muted play-legend">
          <span className="play-legend-covered">solid green</span>: exercised by a scenario;{" "}
          <span className="play-legend-uncovered">dashed orange</span>: not exercised.
        </p>
      )}
    </section>
  );
}
