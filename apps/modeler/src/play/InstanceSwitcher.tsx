import type { PlayInstanceRow } from "./playInstances";

/**
 * The play's instances (the one you started and one per schedule tick the virtual clock passed),
 * each with how it started and its status; choosing one shows it on the canvas and aims the
 * actions at it.
 */
export function InstanceSwitcher({
  rows,
  selected,
  onSelect,
}: {
  rows: PlayInstanceRow[];
  selected: number;
  onSelect: (instance: number) => void;
}) {
  return (
    <section aria-label="Play instances">
      <h3>Instances ({rows.length})</h3>
      <ul className="play-list play-instances">
        {rows.map((row) => (
          <li key={row.number}>
            <button
              type="button"
              className="play-instance"
              aria-pressed={row.number === selected}
              aria-label={`Instance ${row.number}: ${row.origin}, ${row.status}`}
              onClick={() => onSelect(row.number)}
            >
              <span className="play-instance-title">
                <strong>#{row.number}</strong> {row.origin}
              </span>
              <span className="muted">
                {row.stateName} · {row.status}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
