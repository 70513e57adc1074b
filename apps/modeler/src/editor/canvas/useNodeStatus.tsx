import { useEditorStore } from "../store/useEditorStore";
import { Icon } from "./Icon";

/**
 * What a canvas node shows beyond its element: a problem marker and whether it is a legal target of
 * the connection being dragged. Each node selects only its own entries (never the whole model).
 */
export function useNodeStatus(id: string) {
  const severity = useEditorStore((s) => s.problemsByElement[id]);
  const target = useEditorStore((s) => (s.connecting ? (s.connecting.targets[id] ?? false) : null));
  const className = [severity ? `has-${severity}` : "", target === false ? "is-dimmed" : "", target === true ? "is-target" : ""].join(" ");
  const marker = severity ? (
    <span className={`fs-marker marker-${severity}`} aria-label={severity === "error" ? "has errors" : "has warnings"}>
      <Icon name={severity === "error" ? "error" : "warning"} size={12} />
    </span>
  ) : null;
  return { className, marker };
}
