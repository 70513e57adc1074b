import { useEditorStore } from "../store/useEditorStore";

/** Where the draft stands: saved, unsaved, saving, failed, in conflict. */
export function SaveIndicator() {
  const text = useEditorStore((s) => {
    if (s.readOnly) return "Read-only";
    if (s.save.status === "saving") return "Saving…";
    if (s.save.status === "conflict") return "Conflict";
    if (s.save.status === "error") return "Save failed";
    return s.changeCount !== s.savedChangeCount ? "Unsaved changes" : "Saved";
  });
  return (
    <span
      className={`save-indicator save-${text.toLowerCase().replace(/[^a-z]+/g, "-")}`}
      role="status"
      aria-label="Save status"
    >
      {text}
    </span>
  );
}
