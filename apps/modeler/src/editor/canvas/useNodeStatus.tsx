import { useEditorStore } from "../store/useEditorStore";
import { Icon } from "./Icon";
import { OverlayMarker } from "./OverlayMarker";
import { useElementOverlay } from "./useElementOverlay";

/**
 * What a canvas node shows beyond its element: a problem marker, whether it is a legal target of
 * the connection being dragged, and the view's overlay (operate). Each node selects only its own
 * entries (never the whole model).
 */
export function useNodeStatus(id: string) {
  const severity = useEditorStore((s) => s.problemsByElement[id]);
  const target = useEditorStore((s) => (s.connecting ? (s.connecting.targets[id] ?? false) : null));
  const overlay = useElementOverlay(id);
  const className = [
    severity ? `has-${severity}` : "",
    target === false ? "is-dimmed" : "",
    target === true ? "is-target" : "",
    overlay?.className ?? "",
  ].join(" ");
  const problem = severity ? (
    <span
      className={`fs-marker marker-${severity}`}
      aria-label={severity === "error" ? "has errors" : "has warnings"}
    >
      <Icon name={severity === "error" ? "error" : "warning"} size={12} />
    </span>
  ) : null;
  const marker = (
    <>
      {problem}
      {overlay && <OverlayMarker id={id} overlay={overlay} />}
    </>
  );
  return { className, marker };
}
