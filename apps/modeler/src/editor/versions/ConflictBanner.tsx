import { trpc } from "../../api/trpc";
import { useEditorStore } from "../store/useEditorStore";
import { useEditorStoreApi } from "../store/useEditorStoreApi";
import { saveDraftNow } from "./saveDraftNow";
import type { ProcessModel } from "@flowstate/model";

/** Someone else saved this draft meanwhile: reload theirs (dropping local edits) or overwrite with ours. */
export function ConflictBanner({ versionId }: { versionId: string }) {
  const store = useEditorStoreApi();
  const save = useEditorStore((s) => s.save);
  if (save.status !== "conflict") return null;
  return (
    <div className="banner banner-danger" role="alert">
      <strong>This draft was changed elsewhere</strong>
      <span>
        Someone saved it in another tab or session
        {save.currentRevision !== undefined ? ` (revision ${save.currentRevision})` : ""}. Your changes are
        not saved.
      </span>
      <button
        type="button"
        className="btn btn-small"
        onClick={async () => {
          const v = await trpc.version.get.query({ id: versionId });
          store.getState().load(v.model as ProcessModel, v.revision);
        }}
      >
        Reload their version
      </button>
      <button
        type="button"
        className="btn btn-small btn-danger"
        onClick={() => void saveDraftNow(store, versionId, { overwrite: true })}
      >
        Overwrite with mine
      </button>
    </div>
  );
}
