import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";

/** "Reset route": drops a line's or transition's hand-placed bend points (one undo step). */
export function ResetRouteButton({ id }: { id: string }) {
  const store = useEditorStoreApi();
  const bent = useEditorStore(
    (s) => (s.model.diagram.lines[id] ?? s.model.diagram.transitions[id])?.waypoints.length ?? 0,
  );
  return (
    <div className="field">
      <button
        type="button"
        className="btn btn-small"
        disabled={bent === 0}
        title={bent === 0 ? "The route is drawn automatically" : "Drop the bend points you placed"}
        onClick={() => store.getState().resetRoute(id)}
      >
        Reset route
      </button>
    </div>
  );
}
