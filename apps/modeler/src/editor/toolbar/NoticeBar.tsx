import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";

/** The last thing the editor refused to do, and why; also a hint while a palette tool is armed. */
export function NoticeBar() {
  const store = useEditorStoreApi();
  const notice = useEditorStore((s) => s.notice);
  const place = useEditorStore((s) => s.place);
  if (!notice && !place) return null;
  return (
    <div className="notice" role="status" aria-live="polite">
      {notice ??
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
