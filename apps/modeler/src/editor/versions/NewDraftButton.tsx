import { useState } from "react";
import { useLocation } from "wouter";
import { trpc } from "../../api/trpc";
import { errorInfo } from "../../api/errorInfo";

/** Creates a draft copy of a published version and opens it (or says where the existing draft is). */
export function NewDraftButton({ processKey, versionId }: { processKey: string; versionId: string }) {
  const [, navigate] = useLocation();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="btn btn-primary btn-small"
        onClick={async () => {
          try {
            const created = await trpc.version.createDraft.mutate({ processKey, fromVersionId: versionId });
            navigate(`/processes/${encodeURIComponent(processKey)}/versions/${created.number}`);
          } catch (error) {
            const info = errorInfo(error);
            const n = info.data.draftNumber;
            if (typeof n === "number") navigate(`/processes/${encodeURIComponent(processKey)}/versions/${n}`);
            else setMessage(info.message);
          }
        }}
      >
        New draft from this version
      </button>
      {message && (
        <span role="alert" className="error small">
          {message}
        </span>
      )}
    </>
  );
}
