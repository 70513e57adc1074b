import type { ElementOverlay } from "./ElementOverlay";
import { useOverlayPerform } from "./useElementOverlay";

/**
 * An element's overlay: a hover layer carrying the reason (title), badges and, for a manual
 * action that may be performed now, a "Perform" button (outside React Flow's drag and pan).
 */
export function OverlayMarker({ id, overlay }: { id: string; overlay: ElementOverlay }) {
  const onPerform = useOverlayPerform();
  return (
    <>
      {overlay.title && (
        <span className="ov-layer" title={overlay.title} aria-label={overlay.title} role="note" />
      )}
      {overlay.badges.length > 0 && (
        <span className="ov-badges">
          {overlay.badges.map((b) => (
            <span key={b.label} className={`ov-badge tone-${b.tone}`} title={b.label} aria-label={b.label}>
              {b.text}
            </span>
          ))}
        </span>
      )}
      {overlay.performable && onPerform && (
        <button
          type="button"
          className="btn btn-primary btn-small ov-perform nodrag nopan"
          aria-label={`Perform ${overlay.performable}`}
          onClick={() => onPerform(id)}
        >
          Perform
        </button>
      )}
    </>
  );
}
