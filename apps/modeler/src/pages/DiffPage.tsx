import { Breadcrumbs } from "../ui/Breadcrumbs.tsx";
import { ProcessName } from "../ui/ProcessName.tsx";
import { QueryView } from "../ui/QueryView.tsx";
import type { ProcessModel } from "@flowstate/model";
import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";
import { DiffView } from "../editor/diff/DiffView.tsx";

/** `/processes/:key/diff/:from/:to`: what changed between two versions. */
export function DiffPage({ params }: { params: { key: string; from: string; to: string } }) {
  const key = decodeURIComponent(params.key);
  const from = Number(params.from);
  const to = Number(params.to);
  const both = useQuery(`diff:${key}:${from}:${to}`, () =>
    Promise.all([
      trpc.version.get.query({ processKey: key, number: from }),
      trpc.version.get.query({ processKey: key, number: to }),
    ]),
  );
  return (
    <div className="editor">
      <div className="editor-toolbar" aria-label="Diff">
        <Breadcrumbs
          trail={[{ href: `/processes/${encodeURIComponent(key)}`, label: <ProcessName processKey={key} /> }]}
        >
          <h1 className="toolbar-title">
            v{from} → v{to}
          </h1>
        </Breadcrumbs>
        <div className="toolbar-spacer" />
        <span className="legend-chip mark-added">added</span>
        <span className="legend-chip mark-changed">changed</span>
        <span className="legend-chip mark-removed">removed</span>
      </div>
      <QueryView query={both} what="the versions" className="page">
        {([a, b]) => <DiffView from={a.model as ProcessModel} to={b.model as ProcessModel} />}
      </QueryView>
    </div>
  );
}
