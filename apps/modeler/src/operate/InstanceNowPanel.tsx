import type { ProcessModel } from "@flowstate/model";
import type { InstanceData } from "./loadInstance.ts";
import { formatDue } from "./formatDue.ts";
import { incidentMessage } from "./incidentMessage.ts";
import { pointBeforeLeaving } from "./pointBeforeLeaving.ts";
import { useSession } from "../auth/useSession.ts";

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
}: {
  data: InstanceData;
  model: ProcessModel;
  live: boolean;
  selected: string | null;
  now: Date;
  onPerform: (nodeId: string) => void;
  onIncident: (incidentId: string, how: "retry" | "skip") => void;
  onTravel: (seq: number | null) => void;
}) {
  const { may, mayPerform } = useSession();
  const { view, info } = data;
  const names = new Map<string, string>([
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
      <section aria-label="Unlocked actions">
        <h3 className="operate-heading">Unlocked actions</h3>
        {view.unlocked.length === 0 ? (
          <p className="muted small">
            Nothing is unlocked
            {view.state.status !== "running" ? ` (the instance is ${view.state.status})` : ""}.
          </p>
        ) : (
          <ul className="operate-list">
            {view.unlocked.map((u) => (
              <li key={u.nodeId} className="operate-item">
                <span className="operate-item-main">
                  <span>{u.name}</span>
                  <span className="muted small">
                    {u.mode}
                    {u.role ? ` · @${u.role}` : ""}
                    {u.occurrence
                      ? ` · ${u.occurrence.status}${u.occurrence.dueAt ? ` ${formatDue(u.occurrence.dueAt, now)}` : ""}`
                      : ""}
                  </span>
                </span>
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
              </li>
            ))}
          </ul>
        )}
      </section>
      {incidents.length > 0 && (
        <section aria-label="Incidents">
          <h3 className="operate-heading danger">Incidents</h3>
          <ul className="operate-list">
            {incidents.map((i) => (
              <li key={i.id} className="operate-item operate-incident">
                <span className="operate-item-main">
                  <span>{name(i.nodeId)}</span>
                  <span className="small">{incidentMessage(i.error)}</span>
                </span>
                {live && may("instance.retryIncident") && (
                  <span className="row">
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => onIncident(i.id, "retry")}
                      aria-label={`Retry incident on ${name(i.nodeId)}`}
                    >
                      Retry
                    </button>
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => onIncident(i.id, "skip")}
                      aria-label={`Skip incident on ${name(i.nodeId)}`}
                    >
                      Skip
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {timers.length > 0 && (
        <section aria-label="Timers">
          <h3 className="operate-heading">Timers</h3>
          <ul className="operate-list">
            {timers.map((o) => (
              <li key={o.id} className="operate-item">
                <span className="operate-item-main">
                  <span>{name(o.nodeId)}</span>
                  <span className="muted small">
                    due <time dateTime={o.dueAt!}>{new Date(o.dueAt!).toLocaleString()}</time> (
                    {formatDue(o.dueAt!, now)})
                  </span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {locked.length > 0 && (
        <section aria-label="Not unlocked">
          <h3 className="operate-heading">Not unlocked, and why</h3>
          <ul className="operate-list">
            {locked.map((e) => (
              <li key={e.nodeId} className="operate-item">
                <span className="operate-item-main">
                  <span>{name(e.nodeId)}</span>
                  <span className="muted small">{e.summary}</span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-label="Selected element">
        <h3 className="operate-heading">Why?</h3>
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
            <p className="small">{explanation.summary}</p>
          </div>
        )}
      </section>
      <section aria-label="States visited">
        <h3 className="operate-heading">States visited</h3>
        <ol className="operate-list">
          {view.state.stateInstances.map((si) => (
            <li key={si.id} className="operate-item">
              <span className="operate-item-main">
                <span>{name(si.stateId)}</span>
                <span className="muted small">
                  {si.reason}
                  {si.exitReason
                    ? ` → ${si.exitReason}`
                    : si.id === view.state.current.id
                      ? " · current"
                      : ""}
                </span>
              </span>
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
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
