import { dateTimeText } from "@flowstate/engine";
import { useMemo, useState } from "react";
import { Breadcrumbs } from "../ui/Breadcrumbs.tsx";
import { ProcessName } from "../ui/ProcessName.tsx";
import { Link } from "wouter";
import { trpc } from "../api/trpc.ts";
import { useBoth, useQuery } from "../api/useQuery.ts";
import { StatusBadge } from "../ui/StatusBadge.tsx";
import { OperateCanvas } from "./OperateCanvas.tsx";
import { heatClickFilter, heatOverlay } from "./heatOverlay.ts";
import { BulkActionBar } from "./bulk/BulkActionBar.tsx";
import { BulkProgressPanel } from "./bulk/BulkProgressPanel.tsx";
import { isSelected, noSelection, toggle } from "./bulk/bulkSelection.ts";
import type { BulkSelection } from "./bulk/bulkSelection.ts";
import { useSession } from "../auth/useSession.ts";
import { emptyInstanceFilter, instanceFilterInput } from "./instanceFilterInput.ts";
import type { InstanceFilterForm } from "./instanceFilterInput.ts";
import { versionModel } from "../api/versionModel.ts";
import { useLiveChanges } from "./useLiveChanges.ts";
import { LiveBadge } from "./LiveBadge.tsx";
import "../styles/operate.css";
import { StartInstanceButton } from "../start/StartInstanceButton.tsx";
import { PreviousNextPager, useCursorStack } from "../ui/CursorPager.tsx";
import { FieldControl } from "../ui/Field.tsx";
import type { Option } from "../ui/Field.tsx";
import { QueryView } from "../ui/QueryView.tsx";
import { EmptyRow, Table } from "../ui/Table.tsx";

const pageSize = 50;
const instanceStatuses = ["running", "completed", "failed", "cancelled", "locked"].map((st) => ({
  value: st,
  label: st,
}));
/** One control of the instance filter (a choice when it has options). */
type FilterField = {
  field: keyof InstanceFilterForm;
  id: string;
  label: string;
  options?: readonly Option[];
  placeholder?: string;
  type?: string;
};

/**
 * `/processes/:key/instances`: the instances of a process with filters (version, state, status,
 * business key, identifier, incident, started between) and counts per state, next to the chosen
 * version's diagram with the heat of its running instances (per state and per unlocked action,
 * incidents in red); clicking a state (or an action with incidents) in the heat filters the list.
 * Operators select rows (or all matching the filter) for a bulk operation (`bulk/`).
 */
export function InstancesPage({ params }: { params: { key: string } }) {
  const key = decodeURIComponent(params.key);
  const [form, setForm] = useState<InstanceFilterForm>(emptyInstanceFilter);
  const [applied, setApplied] = useState<InstanceFilterForm>(emptyInstanceFilter);
  const versions = useQuery(`versions:${key}`, () => trpc.version.list.query({ processKey: key }));
  const runnable = versions.status === "ready" ? versions.data.filter((v) => v.status !== "draft") : [];
  const heatVersionId = applied.versionId || runnable[0]?.id || "";
  const filter = instanceFilterInput(key, applied);
  const pages = useCursorStack();
  const cursor = pages.cursor;
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
  const { may } = useSession();
  const mayBulk = may("bulk.create");
  const [selection, setSelection] = useState<BulkSelection>(() => noSelection(key));
  const [bulkRunId, setBulkRunId] = useState<string | null>(null);
  const selecting = selection.kind === "all" || selection.ids.size > 0;
  const matching = useQuery(`bulk-count:${JSON.stringify(filter)}:${selecting}`, async () => {
    if (!selecting) return null;
    const { processKey: _p, ...rest } = filter;
    return trpc.bulk.count.query({ processKey: key, filter: rest });
  });
  const live = useLiveChanges({ processKey: key }, () => {
    list.reload();
    heat.reload();
  });
  const onBulkProgress = useBoth(list.reload, heat.reload);
  const applyFilter = (next: InstanceFilterForm) => {
    setForm(next);
    setApplied(next);
    setSelection(noSelection(key));
    pages.reset();
  };
  const heatData = heat.status === "ready" ? heat.data : null;
  const overlay = useMemo(() => (heatData ? heatOverlay(heatData.model, heatData.heat) : {}), [heatData]);
  /** A click on a state (or on an action with incidents) in the heat filters the list to the instances there. */
  const onHeatSelect = (elementId: string | null) => {
    if (!elementId || !heatData) return;
    const picked = heatClickFilter(heatData.model, heatData.heat, elementId);
    if (!picked) return;
    applyFilter({
      ...applied,
      versionId: heatVersionId,
      stateId: "stateId" in picked ? picked.stateId : "",
      incidentNodeId: "incidentNodeId" in picked ? picked.incidentNodeId : "",
    });
  };
  const stateNames = new Map((heatData?.model.states ?? []).map((s) => [s.id, s.name]));
  const set = (field: keyof InstanceFilterForm) => (value: string) =>
    setForm((f) => ({ ...f, [field]: value }));
  const any = [{ value: "", label: "Any" }];
  /** The filter's controls in the order they stand: choices carry their options. */
  const filterFields: readonly FilterField[] = [
    {
      field: "versionId",
      id: "f-version",
      label: "Version",
      options: [
        { value: "", label: "Latest (heat) · all (list)" },
        ...runnable.map((v) => ({ value: v.id, label: `v${v.number} (${v.status})` })),
      ],
    },
    {
      field: "stateId",
      id: "f-state",
      label: "State",
      options: [...any, ...(heatData?.model.states ?? []).map((st) => ({ value: st.id, label: st.name }))],
    },
    { field: "status", id: "f-status", label: "Status", options: [...any, ...instanceStatuses] },
    { field: "businessKey", id: "f-key", label: "Business key" },
    { field: "identifierName", id: "f-idname", label: "Identifier", placeholder: "name" },
    { field: "identifierValue", id: "f-idvalue", label: "Identifier value" },
    {
      field: "hasIncident",
      id: "f-incident",
      label: "Incident",
      options: [...any, { value: "yes", label: "Has an incident" }, { value: "no", label: "No incident" }],
    },
    {
      field: "incidentNodeId",
      id: "f-incident-at",
      label: "Incident at",
      options: [
        ...any,
        ...(heatData?.model.nodes ?? [])
          .filter((n) => n.kind === "action")
          .map((n) => ({ value: n.id, label: n.name || n.id })),
      ],
    },
    { field: "startedFrom", id: "f-from", label: "Started from", type: "datetime-local" },
    { field: "startedTo", id: "f-to", label: "Started to", type: "datetime-local" },
  ];

  return (
    <div className="operate-page">
      <div className="editor-toolbar" aria-label="Instances">
        <Breadcrumbs
          trail={[{ href: `/processes/${encodeURIComponent(key)}`, label: <ProcessName processKey={key} /> }]}
        >
          <h1 className="toolbar-title">Instances</h1>
        </Breadcrumbs>
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
          applyFilter(form);
        }}
      >
        {filterFields.map(({ field, ...f }) => (
          <FieldControl key={field} {...f} value={form[field]} onChange={set(field)} />
        ))}
        <button type="submit" className="btn btn-primary">
          Apply filters
        </button>
        <button type="button" className="btn" onClick={() => applyFilter(emptyInstanceFilter)}>
          Clear
        </button>
      </form>
      <div className="operate-split">
        <div className="operate-table-wrap">
          {bulkRunId && (
            <BulkProgressPanel
              key={bulkRunId}
              runId={bulkRunId}
              onClose={() => setBulkRunId(null)}
              onProgress={onBulkProgress}
            />
          )}
          <QueryView query={list} what="instances">
            {(data) => (
              <>
                {mayBulk && selecting && (
                  <BulkActionBar
                    selection={selection}
                    pageCount={data.items.length}
                    matching={matching.status === "ready" ? matching.data : null}
                    onSelectAll={() => setSelection({ kind: "all", processKey: key, filter })}
                    onClear={() => setSelection(noSelection(key))}
                    onStarted={(runId) => {
                      setSelection(noSelection(key));
                      setBulkRunId(runId);
                    }}
                    moveTargets={
                      heatData
                        ? {
                            versionLabel: `version ${runnable.find((v) => v.id === heatVersionId)?.number ?? "?"}`,
                            states: heatData.model.states,
                          }
                        : null
                    }
                  />
                )}
                <ul className="counts" aria-label="Running instances per state">
                  {data.countsByState.map((c) => (
                    <li key={`${c.versionId}:${c.stateId}`} className="count-chip">
                      {c.stateName ?? stateNames.get(c.stateId ?? "") ?? "no state"}: {c.count}
                    </li>
                  ))}
                </ul>
                <Table
                  label="Instances"
                  columns={["Business key", "Version", "State", "Status", "Started"]}
                  {...(mayBulk
                    ? {
                        lead: (
                          <input
                            type="checkbox"
                            aria-label="Select all on this page"
                            checked={
                              data.items.length > 0 && data.items.every((i) => isSelected(selection, i.id))
                            }
                            disabled={selection.kind === "all" || data.items.length === 0}
                            onChange={(e) =>
                              setSelection(
                                e.target.checked
                                  ? {
                                      kind: "ids",
                                      processKey: key,
                                      ids: new Set(data.items.map((i) => i.id)),
                                    }
                                  : noSelection(key),
                              )
                            }
                          />
                        ),
                      }
                    : {})}
                >
                  {data.items.length === 0 && (
                    <EmptyRow columns={mayBulk ? 6 : 5}>
                      No instances match. Clear the filters, or start one with “Start instance”.
                    </EmptyRow>
                  )}
                  {data.items.map((i) => (
                    <tr key={i.id}>
                      {mayBulk && (
                        <td className="select-cell">
                          <input
                            type="checkbox"
                            aria-label={`Select ${i.businessKey ?? i.id}`}
                            checked={isSelected(selection, i.id)}
                            disabled={selection.kind === "all"}
                            onChange={(e) => setSelection((s) => toggle(s, i.id, e.target.checked))}
                          />
                        </td>
                      )}
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
                      <td>
                        {i.currentStateName ?? (i.currentStateId ? stateNames.get(i.currentStateId) : "—")}
                      </td>
                      <td>
                        <StatusBadge status={i.status} />
                      </td>
                      <td className="muted small">{dateTimeText(i.startedAt)}</td>
                    </tr>
                  ))}
                </Table>
                <PreviousNextPager pages={pages} nextCursor={data.nextCursor} label="Pages" />
              </>
            )}
          </QueryView>
        </div>
        <div className="editor-center" aria-label="Heat of running instances">
          {heatData && (
            <OperateCanvas
              key={heatVersionId}
              model={heatData.model}
              overlay={overlay}
              onSelect={onHeatSelect}
            />
          )}
          {versions.status === "ready" && runnable.length === 0 && (
            <p className="page muted">No published version yet.</p>
          )}
        </div>
      </div>
    </div>
  );
}
