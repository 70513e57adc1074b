import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";
import { ProcessEditor } from "../editor/ProcessEditor.tsx";
import type { ProcessModel } from "@flowstate/model";

/** `/processes/:key/versions/:number`: loads one version into a fresh editor. */
export function EditorPage({ params }: { params: { key: string; number: string } }) {
  const key = decodeURIComponent(params.key);
  const number = Number(params.number);
  const version = useQuery(`version:${key}:${number}`, () =>
    trpc.version.get.query({ processKey: key, number }),
  );
  if (!Number.isInteger(number) || number < 1) return <p className="page error">No such version.</p>;
  if (version.status === "loading") return <p className="page muted">Loading v{number}…</p>;
  if (version.status === "error")
    return (
      <p role="alert" className="page error">
        Could not load {key} v{number}: {version.error.message}
      </p>
    );
  const v = version.data;
  return (
    <ProcessEditor
      key={`${v.id}:${v.status}`}
      version={{ id: v.id, processKey: v.processKey, number: v.number, status: v.status }}
      model={v.model as ProcessModel}
      revision={v.revision}
      onPublished={version.reload}
    />
  );
}
