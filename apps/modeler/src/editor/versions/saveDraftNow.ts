import { trpc } from "../../api/trpc";
import { errorInfo } from "../../api/errorInfo";
import type { EditorStore } from "../store/createEditorStore";
import { isDirty } from "../store/createEditorStore";

/**
 * Sends the draft to the runtime with the revision it is based on. A CONFLICT (someone saved
 * meanwhile) puts the store into the conflict state instead of overwriting; `overwrite` forces.
 * Returns true when the server has the editor's model.
 */
export async function saveDraftNow(
  store: EditorStore,
  versionId: string,
  options: { overwrite?: boolean } = {},
): Promise<boolean> {
  const s = store.getState();
  if (!isDirty(s) && !options.overwrite) return true;
  const sent = s.changeCount;
  s.markSaving();
  try {
    const result = await trpc.version.saveDraft.mutate({
      id: versionId,
      model: s.model,
      baseRevision: s.revision,
      ...(options.overwrite ? { overwrite: true } : {}),
    });
    store.getState().markSaved(result.revision, sent);
    return true;
  } catch (error) {
    const info = errorInfo(error);
    if (info.code === "CONFLICT")
      store
        .getState()
        .markConflict(typeof info.data.currentRevision === "number" ? info.data.currentRevision : undefined);
    else store.getState().markSaveError(info.message);
    return false;
  }
}
