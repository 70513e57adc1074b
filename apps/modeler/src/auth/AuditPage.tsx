import { dateTimeText } from "@flowstate/engine";
import { useState } from "react";
import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";
import { useCursorStack } from "../ui/CursorPager.tsx";
import { Page } from "../ui/Page.tsx";
import { QueryTable } from "../ui/Table.tsx";

const outcomes = ["", "ok", "denied", "unauthenticated", "failed", "rateLimited"] as const;
type Outcome = Exclude<(typeof outcomes)[number], "">;
type Filters = { actor: string; action: string; processKey: string; outcome: Outcome | "" };

/** The free-text filters, in the order they stand. */
const searchFields = [
  { field: "actor", label: "Actor", placeholder: "Actor" },
  { field: "action", label: "Action", placeholder: "Action (e.g. version.publish)" },
  { field: "processKey", label: "Process key", placeholder: "Process key" },
] as const;

/** `/audit`: the append-only audit log, searchable by actor, action, outcome, process and instance. */
export function AuditPage() {
  const [form, setForm] = useState<Filters>({ actor: "", action: "", processKey: "", outcome: "" });
  const pages = useCursorStack();
  const { actor, action, outcome, processKey } = form;
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
  const refilter = (change: Partial<Filters>) => {
    setForm((f) => ({ ...f, ...change }));
    pages.reset();
  };
  return (
    <Page
      id="audit-title"
      title="Audit log"
      intro="Every change and every refused attempt, newest first. Records cannot be changed or deleted."
    >
      <div className="audit-filters" role="search">
        {searchFields.map(({ field, label, placeholder }) => (
          <input
            key={field}
            className="input"
            type="search"
            aria-label={label}
            placeholder={placeholder}
            value={form[field]}
            onChange={(e) => refilter({ [field]: e.target.value })}
          />
        ))}
        <select
          className="input"
          aria-label="Outcome"
          value={outcome}
          onChange={(e) => refilter({ outcome: e.target.value as Outcome | "" })}
        >
          {outcomes.map((o) => (
            <option key={o} value={o}>
              {o === "" ? "any outcome" : o}
            </option>
          ))}
        </select>
      </div>
      <QueryTable
        query={page}
        pages={pages}
        what="the audit log"
        empty="No record matches these filters. Clear a filter to see more."
        label="Audit records"
        columns={["When", "Who", "From", "Action", "Outcome", "On"]}
      >
        {(r) => (
          <tr key={r.id}>
            <td className="muted">{dateTimeText(r.at)}</td>
            <td>
              {r.actorName} <span className="muted">({r.actorKind})</span>
            </td>
            <td className="muted">{r.ip ?? "—"}</td>
            <td>
              <code>{r.action}</code>
            </td>
            <td className={r.outcome === "ok" ? "audit-outcome-ok" : "audit-outcome-refused"}>{r.outcome}</td>
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
        )}
      </QueryTable>
    </Page>
  );
}
