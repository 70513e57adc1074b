import { dateTimeText } from "@flowstate/engine";
import type { ReactNode } from "react";
import type { Reason } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import type { InstanceData } from "./loadInstance.ts";
import { formatDue } from "./formatDue.ts";
import { incidentMessage } from "./incidentMessage.ts";
import { pointBeforeLeaving } from "./pointBeforeLeaving.ts";
import { ExplanationReasons } from "./ExplanationReasons.tsx";
import { useSession } from "../auth/useSession.ts";

/** One reason with its technical detail (code, ids, seqs), for the "Details" disclosure. */
function reasonDetail(r: Reason): string {
  const { code, blocking, ...rest } = r;
  const fields = Object.entries(rest).map(
    ([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`,
  );
  return `${code}${blocking ? " (blocking)" : ""}${fields.length > 0 ? `: ${fields.join(", ")}` : ""}`;
}

const incidentButtons = [
  { how: "retry", label: "Retry" },
  { how: "skip", label: "Skip" },
] as const;

/** One titled part of the panel (`section` named for screen readers). */
function NowSection(props: { label: string; title?: string; danger?: boolean; children: ReactNode }) {
  return (
    <section aria-label={props.label}>
      <h3 className={props.danger ? "operate-heading danger" : "operate-heading"}>
        {props.title ?? props.label}
      </h3>
      {props.children}
    </section>
  );
}

/** One entry of a list: its name, a line about it, and its buttons. */
function NowItem(props: {
  title: ReactNode;
  detail: ReactNode;
  detailClassName?: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <li className={props.className ? `operate-item ${props.className}` : "operate-item"}>
      <span className="operate-item-main">
        <span>{props.title}</span>
        <span className={props.detailClassName ?? "muted small"}>{props.detail}</span>
      </span>
      {props.children}
    </li>
  );
}

/**
 * What can happen now: unlocked actions (manual ones performable), open incidents (retry, skip),
 * scheduled timers, the selected element's explanation and the state instances visited (each a
 * point to travel back to).
 */
export function InstanceNowPanel({
  data,
  model,
  live,
  selected,
  now,
  onPerform,
  onIncident,
  onTravel,
  onHighlight,
}: {
  data: InstanceData;
  model: ProcessModel;
  live: boolean;
  selected: string | null;
  now: Date;
  onPerform: (nodeId: string) => void;
  onIncident: (incidentId: string, how: "retry" | "skip") => void;
  onTravel: (seq: number | null) => void;
  /** The elements the reason being read names (highlighted on the canvas); `[]` for none. */
  onHighlight: (ids: string[]) => void;
}) {
  const { may, mayPerform } = useSession();
  const { view, info } = data;
  const names = new Map<string, string>([
    ...Object.entries(view.stateNames),
    ...model.states.map((s) => [s.id, s.name] as const),
    ...model.nodes.map((n) => [n.id, n.name] as const),
    ...model.lines.map((l) => [l.id, `${l.kind} line`] as const),
  ]);
  const name = (id: string) => names.get(id) ?? id;
  const manual = new Set(
    model.nodes.filter((n) => n.kind === "action" && n.mode === "manual").map((n) => n.id),
  );
  const timers = view.occurrences.filter(
    (o) => o.status === "scheduled" && o.dueAt && o.stateInstanceKey === view.state.current.id,
  );
  const incidents = live
    ? info.incidents
    : view.state.incidents.map((i) => ({ id: i.id, engineId: i.id, nodeId: i.nodeId, error: i.error }));
  const explanation = selected ? view.explanations[selected] : undefined;
  // The reasons also as a list: keyboard and screen-reader users do not hover the canvas.
  const actionIds = new Set(model.nodes.filter((n) => n.kind === "action").map((n) => n.id));
  const locked = Object.values(view.explanations).filter((e) => !e.unlocked && actionIds.has(e.nodeId));
  return (
    <div className="operate-now">
      <NowSection label="Unlocked actions">
        {view.unlocked.length === 0 ? (
          <p className="muted small">
            Nothing is unlocked
            {view.state.status !== "running" ? ` (the instance is ${view.state.status})` : ""}.
          </p>
        ) : (
          <ul className="operate-list">
            {view.unlocked.map((u) => (
              <NowItem
                key={u.nodeId}
                title={u.name}
                detail={
                  <>
                    {u.mode}
                    {u.role ? ` · @${u.role}` : ""}
                    {view.state.current.nodes[u.nodeId]?.assignee
                      ? ` · assigned to ${view.state.current.nodes[u.nodeId]!.assignee!.name}`
                      : ""}
                    {u.occurrence
                      ? ` · ${u.occurrence.status}${u.occurrence.dueAt ? ` ${formatDue(u.occurrence.dueAt, now)}` : ""}`
                      : ""}
                  </>
                }
              >
                {manual.has(u.nodeId) && live && view.state.status === "running" && mayPerform(u.role) && (
                  <button
                    type="button"
                    className="btn btn-primary btn-small"
                    onClick={() => onPerform(u.nodeId)}
                    aria-label={`Perform ${u.name}`}
                  >
                    Perform
                  </button>
                )}
              </NowItem>
            ))}
          </ul>
        )}
      </NowSection>
      {incidents.length > 0 && (
        <NowSection label="Incidents" danger>
          <ul className="operate-list">
            {incidents.map((i) => (
              <NowItem
                key={i.id}
                className="operate-incident"
                title={name(i.nodeId)}
                detail={incidentMessage(i.error)}
                detailClassName="small"
              >
                {live && may("instance.retryIncident") && (
                  <span className="row">
                    {incidentButtons.map(({ how, label }) => (
                      <button
                        key={how}
                        type="button"
                        className="btn btn-small"
                        onClick={() => onIncident(i.id, how)}
                        aria-label={`${label} incident on ${name(i.nodeId)}`}
                      >
                        {label}
                      </button>
                    ))}
                  </span>
                )}
              </NowItem>
            ))}
          </ul>
        </NowSection>
      )}
      {timers.length > 0 && (
        <NowSection label="Timers">
          <ul className="operate-list">
            {timers.map((o) => (
              <NowItem
                key={o.id}
                title={name(o.nodeId)}
                detail={
                  <>
                    due <time dateTime={o.dueAt!}>{dateTimeText(o.dueAt!)}</time> ({formatDue(o.dueAt!, now)})
                  </>
                }
              />
            ))}
          </ul>
        </NowSection>
      )}
      {locked.length > 0 && (
        <NowSection label="Not unlocked" title="Not unlocked, and why">
          <ul className="operate-list">
            {locked.map((e) => (
              <NowItem key={e.nodeId} title={name(e.nodeId)} detail={e.summary} />
            ))}
          </ul>
        </NowSection>
      )}
      <NowSection label="Selected element" title="Why?">
        {!selected && (
          <p className="muted small">Select an element on the canvas to see why it is (not) unlocked.</p>
        )}
        {selected && !explanation && (
          <p className="muted small">{name(selected)} is not in the current state.</p>
        )}
        {selected && explanation && (
          <div className="operate-explanation">
            <p>
              <strong>{name(selected)}</strong> — {explanation.unlocked ? "unlocked" : "not unlocked"}
            </p>
            <ExplanationReasons
              key={selected}
              model={model}
              explanation={explanation}
              history={data.history}
              onHighlight={onHighlight}
            />
            <details className="operate-details">
              <summary className="small">Details (ids and history seqs)</summary>
              <ul className="operate-reasons small mono" aria-label="Reasons">
                {explanation.reasons.map((r, i) => (
                  <li key={i}>{reasonDetail(r)}</li>
                ))}
              </ul>
            </details>
          </div>
        )}
      </NowSection>
      <NowSection label="States visited">
        <ol className="operate-list">
          {view.state.stateInstances.map((si) => (
            <NowItem
              key={si.id}
              title={name(si.stateId)}
              detail={
                <>
                  {si.reason}
                  {si.exitReason
                    ? ` → ${si.exitReason}`
                    : si.id === view.state.current.id
                      ? " · current"
                      : ""}
                </>
              }
            >
              {si.exitedSeq !== undefined && (
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => onTravel(pointBeforeLeaving(data.history, si.exitedSeq!))}
                  aria-label={`Show ${name(si.stateId)} as it was before leaving`}
                >
                  View
                </button>
              )}
            </NowItem>
          ))}
        </ol>
      </NowSection>
    </div>
  );
}
