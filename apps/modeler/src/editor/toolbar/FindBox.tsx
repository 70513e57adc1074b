import { useState } from "react";
import type { Ref } from "react";
import { useEditorStore } from "../store/useEditorStore";
import { useFocusElements } from "../canvas/useFocusElements";
import { findElements } from "./findElements";

/** Find an element by name (Ctrl/Cmd+F); Enter (which leaves the box) or a click selects and zooms to it. */
export function FindBox({ inputRef }: { inputRef: Ref<HTMLInputElement> }) {
  const model = useEditorStore((s) => s.model);
  const focus = useFocusElements();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const results = query.trim() ? findElements(model, query).slice(0, 8) : [];
  const pick = (id: string) => {
    focus([id]);
    setQuery("");
  };
  return (
    <div className="find" role="search">
      <input
        ref={inputRef}
        className="input input-small"
        type="search"
        placeholder="Find element…"
        aria-label="Find element by name"
        aria-controls="find-results"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, results.length - 1));
          if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
          const hit = results[active];
          if (e.key === "Enter" && hit) {
            pick(hit.id);
            // back to the canvas: the found element's keys (context pad letters, F2) work at once
            e.currentTarget.blur();
          }
          if (e.key === "Escape") setQuery("");
        }}
      />
      {results.length > 0 && (
        <ul id="find-results" className="find-results" role="listbox" aria-label="Find results">
          {results.map((r, i) => (
            <li key={r.id} role="option" aria-selected={i === active}>
              <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => pick(r.id)}>
                <span>{r.name}</span> <span className="muted small">{r.type}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
