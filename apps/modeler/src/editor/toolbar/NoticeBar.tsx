import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";

/** The last thing the editor refused to do, and why; also a hint while a palette tool is armed or a connect-by-click waits for its target. */
export function NoticeBar() {
  const store = useEditorStoreApi();
  const notice = useEditorStore((s) => s.notice);
  const place = useEditorStore((s) => s.place);
  const linking = useEditorStore((s) => (s.linking ? s.connecting?.kind : undefined));
  if (!notice && !place && !linking) return null;
  return (
    <div className="notice" role="status" aria-live="polite">
      {notice ??
        (linking
          ? `Click the target of the ${linking === "transition" ? "flow" : linking} line, or a state for a transition. Escape cancels.`
          : undefined) ??
        `Click on the canvas to place the ${place === "manual" || place === "automatic" ? `${place} action` : place}. Escape cancels.`}
      {notice && (
        <button
          type="button"
          className="btn btn-ghost btn-small"
          aria-label="Dismiss"
          onClick={() => store.getState().setNotice(null)}
        >
          ✕
        </button>
      )}
    </div>
  );
}
