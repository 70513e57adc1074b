import { useMemo, useState } from "react";
import { Link } from "wouter";
import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";
import { StatusBadge } from "../ui/StatusBadge.tsx";
import { OperateCanvas } from "./OperateCanvas.tsx";
import { heatOverlay } from "./heatOverlay.ts";
import { emptyInstanceFilter, instanceFilterInput } from "./instanceFilterInput.ts";
import type { InstanceFilterForm } from "./instanceFilterInput.ts";
import { versionModel } from "./loadInstance.ts";
import { useLiveChanges } from "./useLiveChanges.ts";
import { LiveBadge } from "./LiveBadge.tsx";
import "../styles/operate.css";
import { StartInstanceButton } from "../start/StartInstanceButton.tsx";

const pageSize = 50;

/**
 * `/processes/:key/instances`: the instances of a process with filters (version, state, status,
 * business key, identifier, incident, started between) and counts per state, next to the chosen
 * version's diagram with the heat of its running instances (per state and per unlocked action).
 */
export function InstancesPage({ params }: { params: { key: string } }) {
  const key = decodeURIComponent(params.key);
  const [form, setForm] = useState<InstanceFilterForm>(emptyInstanceFilter);
  const [applied, setApplied] = useState<InstanceFilterForm>(emptyInstanceFilter);
  const versions = useQuery(`versions:${key}`, () => trpc.version.list.query({ processKey: key }));
  const runnable = versions.status === "ready" ? versions.data.filter((v) => v.status !== "draft") : [];
  const heatVersionId = applied.versionId || runnable[0]?.id || "";
  const filter = instanceFilterInput(key, applied);
  // Cursor paging: the stack holds the cursors of the pages before this one.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const list = useQuery(`instances:${JSON.stringify(filter)}:${cursor ?? ""}`, () =>
    trpc.instance.list.query({ ...filter, limit: pageSize, ...(cursor ? { cursor } : {}) }),
  );
  const heat = useQuery(`heat:${heatVersionId}`, async () =>
    heatVersionId
      ? {
          heat: await trpc.instance.heat.query({ versionId: heatVersionId }),
          model: await versionModel(heatVersionId),
        }
      : null,
  );
  const live = useLiveChanges({ processKey: key }, () => {
    list.reload();
    heat.reload();
  });
  const heatData = heat.status === "ready" ? heat.data : null;
  const overlay = useMemo(() => (heatData ? heatOverlay(heatData.model, heatData.heat) : {}), [heatData]);
  const stateNames = new Map((heatData?.model.states ?? []).map((s) => [s.id, s.name]));
  const set = (field: keyof InstanceFilterForm) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));

  return (
    <div className="operate-page">
      <div className="editor-toolbar" aria-label="Instances">
        <nav className="breadcrumbs" aria-label="Breadcrumbs">
          <Link href="/processes">Processes</Link>
          <span aria-hidden="true">/</span>
          <Link href={`/processes/${encodeURIComponent(key)}`}>{key}</Link>
          <span aria-hidden="true">/</span>
          <h1 className="toolbar-title">Instances</h1>
        </nav>
        <div className="toolbar-spacer" />
        {runnable.some((v) => v.status === "published") && <StartInstanceButton processKey={key} small />}
        <Link className="btn btn-small" href="/tasks">
          Task list
        </Link>
        <LiveBadge status={live} />
      </div>
      <form
        className="filters"
        aria-label="Filter instances"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(form);
          setCursors([]);
        }}
      >
        <div className="field">
          <label htmlFor="f-version">Version</label>
          <select id="f-version" className="input" value={form.versionId} onChange={set("versionId")}>
            <option value="">Latest (heat) · all (list)</option>
            {runnable.map((v) => (
              <option key={v.id} value={v.id}>
                v{v.number} ({v.status})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-state">State</label>
          <select id="f-state" className="input" value={form.stateId} onChange={set("stateId")}>
            <option value="">Any</option>
            {(heatData?.model.states ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">Status</label>
          <select id="f-status" className="input" value={form.status} onChange={set("status")}>
            <option value="">Any</option>
            {["running", "completed", "failed", "cancelled", "locked"].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-key">Business key</label>
          <input id="f-key" className="input" value={form.businessKey} onChange={set("businessKey")} />
        </div>
        <div className="field">
          <label htmlFor="f-idname">Identifier</label>
          <input
            id="f-idname"
            className="input"
            placeholder="name"
            value={form.identifierName}
            onChange={set("identifierName")}
          />
        </div>
        <div className="field">
          <label htmlFor="f-idvalue">Identifier value</label>
          <input
            id="f-idvalue"
            className="input"
            value={form.identifierValue}
            onChange={set("identifierValue")}
          />
        </div>
        <div className="field">
          <label htmlFor="f-incident">Incident</label>
          <select id="f-incident" className="input" value={form.hasIncident} onChange={set("hasIncident")}>
            <option value="">Any</option>
            <option value="yes">Has an incident</option>
            <option value="no">No incident</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-from">Started from</label>
          <input
            id="f-from"
            type="datetime-local"
            className="input"
            value={form.startedFrom}
            onChange={set("startedFrom")}
          />
        </div>
        <div className="field">
          <label htmlFor="f-to">Started to</label>
          <input
            id="f-to"
            type="datetime-local"
            className="input"
            value={form.startedTo}
            onChange={set("startedTo")}
          />
        </div>
        <button type="submit" className="btn btn-primary">
          Apply filters
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            setForm(emptyInstanceFilter);
            setApplied(emptyInstanceFilter);
            setCursors([]);
          }}
        >
          Clear
        </button>
      </form>
      <div className="operate-split">
        <div className="operate-table-wrap">
          {list.status === "error" && (
            <p role="alert" className="error">
              Could not load instances: {list.error.message}
            </p>
          )}
          {list.status === "loading" && <p className="muted">Loading…</p>}
          {list.status === "ready" && (
            <>
              <ul className="counts" aria-label="Running instances per state">
                {list.data.countsByState.map((c) => (
                  <li key={`${c.versionId}:${c.stateId}`} className="count-chip">
                    {stateNames.get(c.stateId ?? "") ?? c.stateId ?? "no state"}: {c.count}
                  </li>
                ))}
              </ul>
              <table className="table" aria-label="Instances">
                <thead>
                  <tr>
                    <th scope="col">Business key</th>
                    <th scope="col">Version</th>
                    <th scope="col">State</th>
                    <th scope="col">Status</th>
                    <th scope="col">Started</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.length === 0 && (
                    <tr>
                      <td colSpan={5} className="muted">
                        No instances match.
                      </td>
                    </tr>
                  )}
                  {list.data.items.map((i) => (
                    <tr key={i.id}>
                      <td>
                        <Link href={`/instances/${i.id}`}>{i.businessKey ?? i.id}</Link>
                        {i.hasIncident && (
                          <span
                            className="incident-flag"
                            title="has an open incident"
                            aria-label="has an open incident"
                          >
                            {" "}
                            ⚠
                          </span>
                        )}
                      </td>
                      <td>v{i.version.number}</td>
                      <td>{stateNames.get(i.currentStateId ?? "") ?? i.currentStateId}</td>
                      <td>
                        <StatusBadge status={i.status} />
                      </td>
                      <td className="muted small">{new Date(i.startedAt).toLocaleString()}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <nav className="pager" aria-label="Pages">
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={cursors.length === 0}
                  onClick={() => setCursors((c) => c.slice(0, -1))}
                >
                  Previous
                </button>
                <span className="muted small" aria-live="polite">
                  Page {cursors.length + 1}
                </span>
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={!list.data.nextCursor}
                  onClick={() => {
                    const next = list.data.nextCursor;
                    if (next) setCursors((c) => [...c, next]);
                  }}
                >
                  Next
                </button>
              </nav>
            </>
          )}
        </div>
        <div className="editor-center" aria-label="Heat of running instances">
          {heatData && <OperateCanvas key={heatVersionId} model={heatData.model} overlay={overlay} />}
          {heat.status === "ready" && !heatData && <p className="page muted">No published version yet.</p>}
        </div>
      </div>
    </div>
  );
}
