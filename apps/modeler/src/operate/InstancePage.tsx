import { dateTimeText } from "@flowstate/engine";
import { useCallback, useMemo, useState } from "react";
import { Breadcrumbs } from "../ui/Breadcrumbs.tsx";
import { QueryView } from "../ui/QueryView.tsx";
import { Link, useLocation, useSearch } from "wouter";
import * as Tabs from "@radix-ui/react-tabs";
import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";
import { errorInfo } from "../api/errorInfo.ts";
import { StatusBadge } from "../ui/StatusBadge.tsx";
import { OperateCanvas } from "./OperateCanvas.tsx";
import { PerformDialog } from "./PerformDialog.tsx";
import type { PerformTarget } from "./PerformDialog.tsx";
import { InstanceNowPanel } from "./InstanceNowPanel.tsx";
import { InstanceHistoryPanel } from "./InstanceHistoryPanel.tsx";
import { instanceOverlay } from "./instanceOverlay.ts";
import { withReasonHighlight } from "./reasonElements.ts";
import { loadInstance } from "./loadInstance.ts";
import { travelSteps } from "./travelSteps.ts";
import type { InstanceData } from "./loadInstance.ts";
import { useLiveChanges } from "./useLiveChanges.ts";
import { LiveBadge } from "./LiveBadge.tsx";
import { CancelInstanceButton } from "./CancelInstanceButton.tsx";
import { MoveInstanceButton } from "./MoveInstanceButton.tsx";
import { EditVariablesButton } from "./EditVariablesButton.tsx";
import "../styles/operate.css";
import { useSession } from "../auth/useSession.ts";

/** Reads `?at=<seq>` (time travel); anything else means "now". */
function atFromSearch(search: string): number | undefined {
  const at = new URLSearchParams(search).get("at");
  return at !== null && /^\d+$/.test(at) ? Number(at) : undefined;
}

/** The side panel's tabs: value and title. */
const detailTabs = [
  ["now", "Now"],
  ["history", "History"],
  ["variables", "Variables"],
  ["identifiers", "Identifiers"],
] as const;

/**
 * `/instances/:id`: one instance on its version's diagram (current state, completed counts, the
 * path taken, unlocked and dimmed actions with the explainer's reasons, timers, incidents), side
 * panels for what can happen now, the history (time travel), variables and identifiers. Live:
 * reloads whenever the instance moves (SSE).
 */
export function InstancePage({ params }: { params: { id: string } }) {
  const id = params.id;
  const [, navigate] = useLocation();
  const atSeq = atFromSearch(useSearch());
  const data = useQuery(`instance:${id}:${atSeq ?? "now"}`, () => loadInstance(id, atSeq));
  const reload = data.reload;
  // A refresh, not a reload: a busy instance moves again before its whole history has loaded, and
  // dropping that answer for each move would leave the page loading for as long as it is busy.
  const live = useLiveChanges({ instanceId: id }, data.refresh);
  const [target, setTarget] = useState<PerformTarget | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const travel = useCallback(
    (seq: number | null) => navigate(seq === null ? `/instances/${id}` : `/instances/${id}?at=${seq}`),
    [navigate, id],
  );
  // While another point of the history loads, or when it cannot be shown, the last one shown stays.
  const [lastShown, setLastShown] = useState<{ id: string; data: InstanceData } | null>(null);
  if (data.status === "ready" && lastShown?.data !== data.data) setLastShown({ id, data: data.data });
  const ready = data.status === "ready" ? data.data : lastShown?.id === id ? lastShown.data : null;
  const travelError = data.status === "error" ? data.error.message : null;
  const steps = ready ? travelSteps(ready.history, ready.view.atSeq) : null;
  const onPerform = useCallback(
    (nodeId: string) => {
      const node = ready?.model.nodes.find((n) => n.id === nodeId);
      if (!ready || !node || node.kind !== "action") return;
      setTarget({
        instanceId: id,
        actionId: nodeId,
        name: node.name,
        form: node.form ?? null,
        ...(ready.info.businessKey ? { businessKey: ready.info.businessKey } : {}),
      });
    },
    [ready, id],
  );
  const onIncident = useCallback(
    async (incidentId: string, how: "retry" | "skip") => {
      setMessage(null);
      try {
        if (how === "retry") await trpc.instance.retryIncident.mutate({ instanceId: id, incidentId });
        else await trpc.instance.skipIncident.mutate({ instanceId: id, incidentId });
        reload();
      } catch (error) {
        setMessage(errorInfo(error).message);
      }
    },
    [id, reload],
  );

  return (
    <div className="editor">
      <div className="editor-toolbar" aria-label="Instance">
        <Breadcrumbs
          trail={
            ready
              ? [
                  {
                    href: `/processes/${encodeURIComponent(ready.info.process.key)}/instances`,
                    label: ready.info.process.name,
                  },
                ]
              : []
          }
        >
          <h1 className="toolbar-title">{ready ? ready.info.businessKey : "Instance"}</h1>
        </Breadcrumbs>
        {ready && (
          <>
            <StatusBadge status={ready.info.status} />
            <span
              className="muted small"
              data-testid="shown-version"
              title={
                ready.view.versionNumber === ready.info.version.number
                  ? `version ${ready.view.versionNumber}`
                  : `shown on version ${ready.view.versionNumber}, the version at this step (now on version ${ready.info.version.number})`
              }
            >
              v{ready.view.versionNumber}
            </span>
          </>
        )}
        <div className="toolbar-spacer" />
        {ready &&
          ready.view.atSeq === null &&
          (ready.info.status === "running" || ready.info.status === "locked") && (
            <>
              <MoveInstanceButton
                instanceId={id}
                model={ready.model}
                currentStateId={ready.view.state.current.stateId}
                onMoved={reload}
              />
              <EditVariablesButton
                instanceId={id}
                variables={ready.view.state.variables as Record<string, unknown>}
                seq={ready.view.state.seq}
                onSaved={reload}
              />
              <CancelInstanceButton
                instanceId={id}
                name={ready.info.businessKey ?? id}
                onCancelled={reload}
              />
            </>
          )}
        <Link className="btn btn-small" href="/tasks">
          Task list
        </Link>
        {ready && ready.view.atSeq === null && steps?.earlier != null && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => steps.earlier != null && travel(steps.earlier)}
            aria-label="Show the instance before its last step"
          >
            Step back
          </button>
        )}
        <LiveBadge status={live} />
      </div>
      {ready && ready.view.atSeq !== null && (
        <div className="banner banner-info" role="status" aria-label="Time travel">
          Showing the instance as it was at step {ready.view.atSeq} of {ready.view.latestSeq}; nothing can be
          performed here.
          <span className="toolbar-spacer" />
          <button
            type="button"
            className="btn btn-small"
            disabled={steps?.earlier == null}
            onClick={() => steps?.earlier != null && travel(steps.earlier)}
          >
            Earlier step
          </button>
          <button
            type="button"
            className="btn btn-small"
            disabled={steps?.later == null}
            onClick={() => steps?.later != null && travel(steps.later === "now" ? null : steps.later)}
          >
            Later step
          </button>
          <button type="button" className="btn btn-small btn-primary" onClick={() => travel(null)}>
            Back to now
          </button>
        </div>
      )}
      {ready?.view.anonymisedAt && (
        <p className="banner banner-info" role="status" aria-label="Anonymised">
          Anonymised on{" "}
          <time dateTime={ready.view.anonymisedAt}>{dateTimeText(ready.view.anonymisedAt)}</time>: retention
          replaced this instance&apos;s personal data.
        </p>
      )}
      {message && (
        <p role="alert" className="banner banner-danger">
          {message}
        </p>
      )}
      {travelError !== null && (atSeq !== undefined || ready) ? (
        <div className="banner banner-danger" role="alert" aria-label="Could not load">
          {atSeq !== undefined
            ? `Could not show the instance at step ${atSeq}: ${travelError}`
            : `Could not load the instance: ${travelError}`}
          {atSeq !== undefined && (
            <>
              <span className="toolbar-spacer" />
              <button type="button" className="btn btn-small btn-primary" onClick={() => travel(null)}>
                Back to now
              </button>
            </>
          )}
        </div>
      ) : (
        !ready && <QueryView query={data} what="the instance" className="page" />
      )}
      {ready && (
        <InstanceBody
          key={ready.view.versionId}
          data={ready}
          selected={selected}
          onSelect={setSelected}
          onPerform={onPerform}
          onIncident={(i, how) => void onIncident(i, how)}
          onTravel={travel}
        />
      )}
      <PerformDialog
        target={target}
        onClose={() => setTarget(null)}
        onDone={() => {
          setTarget(null);
          reload();
        }}
      />
    </div>
  );
}

function InstanceBody({
  data,
  selected,
  onSelect,
  onPerform,
  onIncident,
  onTravel,
}: {
  data: InstanceData;
  selected: string | null;
  onSelect: (id: string | null) => void;
  onPerform: (nodeId: string) => void;
  onIncident: (incidentId: string, how: "retry" | "skip") => void;
  onTravel: (seq: number | null) => void;
}) {
  const { may } = useSession();
  const { model, view, history } = data;
  const isLive = view.atSeq === null;
  const [highlight, setHighlight] = useState<string[]>([]);
  const overlay = useMemo(
    () =>
      withReasonHighlight(
        instanceOverlay(model, {
          ...view,
          history: isLive ? history : history.filter((h) => h.seq <= view.atSeq!),
          live: isLive,
        }),
        highlight,
      ),
    [model, view, history, isLive, highlight],
  );
  const stateId = view.state.current.stateId;
  const exportAs = useMemo(() => {
    const name = data.info.businessKey || data.info.id;
    const where = model.states.find((s) => s.id === stateId)?.name ?? stateId;
    return {
      fileBase: `${data.info.process.key}-instance-${name}`.replace(/[^\w.-]+/g, "_"),
      caption: `Instance ${name} · ${view.state.status} in ${where}${isLive ? "" : ` · at #${view.atSeq}`}`,
    };
  }, [data.info, view, model, stateId, isLive]);
  // Big diagrams: zoom to the current state (only when it changes, so panning is left alone).
  const focus = useMemo(
    () => (model.states.length > 3 && model.diagram.states[stateId] ? [stateId] : []),
    [model, stateId],
  );
  return (
    <div className="editor-body operate-body">
      <div className="editor-center">
        <OperateCanvas
          model={model}
          overlay={overlay}
          {...(may("instance.perform") ? { onPerform } : {})}
          onSelect={onSelect}
          focus={focus}
          exportAs={exportAs}
        />
      </div>
      <aside className="side-panel operate-panel" aria-label="Instance details">
        <Tabs.Root defaultValue="now" className="operate-tabs">
          <Tabs.List className="operate-tab-list" aria-label="Instance details">
            {detailTabs.map(([value, label]) => (
              <Tabs.Trigger key={value} value={value} className="operate-tab">
                {label}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
          <Tabs.Content value="now" className="panel-body">
            <InstanceNowPanel
              data={data}
              model={model}
              live={isLive}
              selected={selected}
              now={data.loadedAt}
              onPerform={onPerform}
              onIncident={onIncident}
              onTravel={onTravel}
              onHighlight={setHighlight}
            />
          </Tabs.Content>
          <Tabs.Content value="history" className="panel-body">
            <InstanceHistoryPanel data={data} model={model} atSeq={view.atSeq} onTravel={onTravel} />
          </Tabs.Content>
          <Tabs.Content value="variables" className="panel-body">
            <pre className="operate-json">{JSON.stringify(view.state.variables, null, 2)}</pre>
          </Tabs.Content>
          <Tabs.Content value="identifiers" className="panel-body">
            {Object.keys(view.state.identifiers).length === 0 ? (
              <p className="muted small">No identifiers captured.</p>
            ) : (
              <table className="table operate-table" aria-label="Identifiers">
                <tbody>
                  {Object.entries(view.state.identifiers).map(([name, value]) => (
                    <tr key={name}>
                      <th scope="row">{name}</th>
                      <td className="mono">{typeof value === "string" ? value : JSON.stringify(value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Tabs.Content>
        </Tabs.Root>
      </aside>
    </div>
  );
}
