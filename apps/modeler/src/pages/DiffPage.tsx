import { Link } from "wouter";
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
        <nav className="breadcrumbs" aria-label="Breadcrumbs">
          <Link href="/processes">Processes</Link>
          <span aria-hidden="true">/</span>
          <Link href={`/processes/${encodeURIComponent(key)}`}>{key}</Link>
          <span aria-hidden="true">/</span>
          <h1 className="toolbar-title">
            v{from} → v{to}
          </h1>
        </nav>
        <div className="toolbar-spacer" />
        <span className="legend-chip mark-added">added</span>
        <span className="legend-chip mark-changed">changed</span>
        <span className="legend-chip mark-removed">removed</span>
      </div>
      {both.status === "loading" && <p className="page muted">Loading…</p>}
      {both.status === "error" && (
        <p role="alert" className="page error">
          Could not load the versions: {both.error.message}
        </p>
      )}
      {both.status === "ready" && (
        <DiffView from={both.data[0].model as ProcessModel} to={both.data[1].model as ProcessModel} />
      )}
    </div>
  );
}
