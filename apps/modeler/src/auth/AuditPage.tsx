import { useState } from "react";
import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";
import { NewerOlderPager, useCursorStack } from "../ui/CursorPager.tsx";
import { QueryView } from "../ui/QueryView.tsx";

const outcomes = ["", "ok", "denied", "unauthenticated", "failed", "rateLimited"] as const;
type Outcome = Exclude<(typeof outcomes)[number], "">;

/** `/audit`: the append-only audit log, searchable by actor, action, outcome, process and instance. */
export function AuditPage() {
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const [outcome, setOutcome] = useState<Outcome | "">("");
  const [processKey, setProcessKey] = useState("");
  const pages = useCursorStack();
  const filters = {
    ...(actor ? { actor } : {}),
    ...(action ? { action } : {}),
    ...(outcome ? { outcome } : {}),
    ...(processKey ? { processKey } : {}),
  };
  const cursor = pages.cursor;
  const page = useQuery(`audit:${JSON.stringify(filters)}:${cursor ?? ""}`, () =>
    trpc.audit.list.query({ ...filters, limit: 50, ...(cursor ? { cursor } : {}) }),
  );
  const refilter = (set: (v: string) => void) => (value: string) => {
    set(value);
    pages.reset();
  };
  return (
    <section className="page" aria-labelledby="audit-title">
      <div className="page-header">
        <h1 id="audit-title">Audit log</h1>
      </div>
      <p className="muted">
        Every change and every refused attempt, newest first. Records cannot be changed or deleted.
      </p>
      <div className="audit-filters" role="search">
        <input
          className="input"
          type="search"
          aria-label="Actor"
          placeholder="Actor"
          value={actor}
          onChange={(e) => refilter(setActor)(e.target.value)}
        />
        <input
          className="input"
          type="search"
          aria-label="Action"
          placeholder="Action (e.g. version.publish)"
          value={action}
          onChange={(e) => refilter(setAction)(e.target.value)}
        />
        <input
          className="input"
          type="search"
          aria-label="Process key"
          placeholder="Process key"
          value={processKey}
          onChange={(e) => refilter(setProcessKey)(e.target.value)}
        />
        <select
          className="input"
          aria-label="Outcome"
          value={outcome}
          onChange={(e) => refilter((v) => setOutcome(v as Outcome | ""))(e.target.value)}
        >
          {outcomes.map((o) => (
            <option key={o} value={o}>
              {o === "" ? "any outcome" : o}
            </option>
          ))}
        </select>
      </div>
      <QueryView
        query={page}
        what="the audit log"
        isEmpty={(data) => data.items.length === 0}
        empty="No record matches."
      >
        {(data) => (
          <>
            <table className="table" aria-label="Audit records">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">From</th>
                  <th scope="col">Action</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">On</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => (
                  <tr key={r.id}>
                    <td className="muted">{new Date(r.at).toLocaleString()}</td>
                    <td>
                      {r.actorName} <span className="muted">({r.actorKind})</span>
                    </td>
                    <td className="muted">{r.ip ?? "—"}</td>
                    <td>
                      <code>{r.action}</code>
                    </td>
                    <td className={r.outcome === "ok" ? "audit-outcome-ok" : "audit-outcome-refused"}>
                      {r.outcome}
                    </td>
                    <td>
                      {[
                        r.processKey,
                        r.instanceId && `instance ${r.instanceId.slice(0, 8)}`,
                        r.versionId && `version ${r.versionId.slice(0, 8)}`,
                      ]
                        .filter(Boolean)
                        .join(" · ") || "—"}
                      {r.detail ? <div className="audit-detail">{JSON.stringify(r.detail)}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <NewerOlderPager pages={pages} nextCursor={data.nextCursor} />
          </>
        )}
      </QueryView>
    </section>
  );
}
