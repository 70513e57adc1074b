import { useFocusElements } from "../canvas/useFocusElements";
import type { DiffEntry } from "./diffForCanvas";

const labels = { added: "Added", removed: "Removed", changed: "Changed" } as const;

/** The differences as a list; a click zooms to the element. */
export function DiffList({ entries }: { entries: DiffEntry[] }) {
  const focus = useFocusElements();
  return (
    <aside className="side-panel" aria-label="Differences">
      <h2 className="panel-title">
        {entries.length === 0
          ? "No differences"
          : `${entries.length} difference${entries.length === 1 ? "" : "s"}`}
      </h2>
      <div className="panel-body">
        {(["added", "changed", "removed"] as const).map((mark) => {
          const group = entries.filter((e) => e.mark === mark);
          if (group.length === 0) return null;
          return (
            <section key={mark} aria-label={labels[mark]}>
              <h3 className={`diff-heading mark-${mark}`}>
                {labels[mark]} ({group.length})
              </h3>
              <ul className="diff-list">
                {group.map((e) => (
                  <li key={e.id}>
                    <button type="button" className={`diff-item mark-${mark}`} onClick={() => focus([e.id])}>
                      {e.name} <span className="muted small">{e.type}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </aside>
  );
}
