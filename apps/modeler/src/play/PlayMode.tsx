import { lazy, Suspense, useCallback, useMemo, useState } from "react";
import type { StoreApi } from "zustand";
import type { ReactNode } from "react";
import {
  describeDifference,
  describeStep,
  nextPlayTime,
  PLAY_START,
  playInstance,
  unlockedActions,
} from "@flowstate/engine";
import type { Json, Scenario, ScenarioStep } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import { OperateCanvas } from "../operate/OperateCanvas";
import { instanceOverlay } from "../operate/instanceOverlay";
import { Dialog } from "../ui/Dialog";
import { ErrorAlert } from "../ui/ErrorAlert";
import { DialogActions } from "../ui/FormFooter";
import { TextField } from "../ui/Field";
import { downloadFile } from "../api/downloadFile";
import {
  currentEntry,
  durationOf,
  moveCursor,
  overlayInput,
  sessionFromScenario,
  signalCodes,
  startSession,
  takeStep,
  toScenario,
} from "./playSession";
import type { PlaySession } from "./playSession";
import { runScenarios, scenarioFile } from "./scenarioStore";
import { coverageView } from "./coverageOverlay";
import { CoveragePanel } from "./CoveragePanel";
import { SignalDialog } from "./SignalDialog";
import { followNotice, followWords } from "./followNotice";
import type { FollowNotice } from "./followNotice";
import { useFollowDraft } from "./useFollowDraft";
import type { DraftSource } from "./useFollowDraft";
import { useVersionScenarios } from "./useVersionScenarios";
import "../styles/operate.css";
import { InstanceSwitcher } from "./InstanceSwitcher";
import { nextStopWords, nextTickWords, playInstanceRows } from "./playInstances";
import "./play.css";

const JsonSchemaForm = lazy(() =>
  import("../operate/JsonSchemaForm.tsx").then((m) => ({ default: m.JsonSchemaForm })),
);

/** A titled list of the side panel, its `empty` line while there is nothing, and what stands `after` it. */
function PlayList(props: {
  label: string;
  title?: string;
  empty: string | false;
  after?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-label={props.label}>
      <h3>{props.title ?? props.label}</h3>
      {props.empty && <p className="muted">{props.empty}</p>}
      <ul className="play-list">{props.children}</ul>
      {props.after}
    </section>
  );
}

/** How a running automatic action may end in play mode. */
const outcomeButtons = [
  { kind: "complete", label: "Complete" },
  { kind: "fail", label: "Fail" },
] as const;

/** What the action dialog is for: perform a manual action, complete or fail an automatic one. */
interface ActionTarget {
  kind: "perform" | "complete" | "fail";
  nodeId: string;
  name: string;
  form: Record<string, unknown> | null;
}

const HOUR = 3_600_000;

/**
 * Play mode: the current draft runs in the browser on the engine (no server), shown on the canvas
 * like the instance view. Manual actions are performed with their forms, automatic ones completed
 * or failed with typed output, the virtual clock moves (+1 h, +1 d, to the next due timer), steps go
 * back and forward, the play is saved as a scenario, scenarios run green or red and a failing one
 * opens at its failing step.
 *
 * Editing beside play: `onEdit` switches to the editor without ending the play. While `editing`,
 * play mode is a strip above the editor (where the play stands, whether it still fits the draft
 * being edited, Back to play); the session keeps following the draft, so on return the play
 * continues or offers to restart from the same inputs.
 */
export function PlayMode({
  model: startModel,
  draftStore,
  versionId,
  editable,
  openScenario,
  initialScenario,
  editing = false,
  onEdit,
  onResume,
  onClose,
}: {
  model: ProcessModel;
  /** The editor's store: play follows the edited draft (re-validated, replayed; docs/play.md). */
  draftStore?: StoreApi<DraftSource> | undefined;
  /** The version whose scenarios are shown (and saved, when `editable`: a draft the user may draw). */
  versionId: string;
  editable: boolean;
  /** A scenario to replay up to its failing step once the scenarios are loaded. */
  openScenario?: string | undefined;
  /** A scenario to replay at once (a dead end's counterexample). */
  initialScenario?: Scenario | undefined;
  /** True while the user edits the draft beside the play: only the strip is shown. */
  editing?: boolean;
  /** Switches to editing the draft (the play goes on); absent when the draft cannot be edited. */
  onEdit?: (() => void) | undefined;
  /** Back from editing to the play. */
  onResume?: () => void;
  onClose: () => void;
}) {
  const [model, setModel] = useState(startModel);
  const [session, setSession] = useState<PlaySession | { problem: string }>(() =>
    initialScenario ? sessionFromScenario(startModel, initialScenario) : startSession(startModel),
  );
  const draft = useFollowDraft(draftStore, startModel);
  const [follow, setFollow] = useState<FollowNotice | null>(null);
  // Follows the settled draft (adjusting state while rendering, once per settled draft).
  const [seenDraft, setSeenDraft] = useState(draft);
  if (seenDraft !== draft) {
    setSeenDraft(draft);
    const next = followNotice(draft, { model, session });
    setModel(next.model);
    setSession(next.session);
    setFollow(next.follow);
  }
  const restartOnDraft = (from: PlaySession | null) => {
    if (follow?.kind !== "diverged") return;
    setModel(follow.draft);
    setSession(from ?? startSession(follow.draft));
    setFollow(null);
  };
  const stored = useVersionScenarios(versionId, model.key, editable, (list) => {
    const scenario = list.find((s) => s.name === openScenario);
    if (scenario) setSession(sessionFromScenario(model, scenario));
  });
  const scenarios = stored.scenarios;
  const results = useMemo(() => runScenarios(model, scenarios), [model, scenarios]);
  const [target, setTarget] = useState<ActionTarget | null>(null);
  const [saving, setSaving] = useState(false);
  const [signalling, setSignalling] = useState(false);
  const codes = useMemo(() => signalCodes(model), [model]);
  const live = "entries" in session ? session : null;
  const entry = live ? currentEntry(live) : null;
  const [showCoverage, setShowCoverage] = useState(false);
  const coverage = useMemo(() => coverageView(model, results), [model, results]);
  // the play instance shown and acted on (1 = the one started here; then one per schedule tick)
  const [selected, setSelected] = useState(1);
  const shown = entry && playInstance(entry.frame, selected) ? selected : 1;
  const rows = useMemo(() => (entry ? playInstanceRows(model, entry.frame) : []), [model, entry]);
  const instance = useMemo(
    () => (live ? instanceOverlay(model, overlayInput(model, live, shown)) : {}),
    [model, live, shown],
  );
  const overlay = showCoverage ? coverage.overlay : instance;
  const take = useCallback(
    (step: ScenarioStep) => setSession((s) => ("entries" in s ? takeStep(model, s, step) : s)),
    [model],
  );
  /** A step on the shown instance (named only when it is not the first). */
  const takeOnShown = (step: ScenarioStep) =>
    take(shown > 1 ? ({ ...step, instance: shown } as ScenarioStep) : step);
  const openAction = useCallback(
    (kind: ActionTarget["kind"], nodeId: string) => {
      const node = model.nodes.find((n) => n.id === nodeId);
      const form = kind === "perform" && node?.kind === "action" && node.form ? node.form : null;
      setTarget({ kind, nodeId, name: node?.name ?? nodeId, form: form as Record<string, unknown> | null });
    },
    [model],
  );
  const onPerform = useCallback((nodeId: string) => openAction("perform", nodeId), [openAction]);
  const moveClockBy = (ms: number) => take({ clock: durationOf(ms) });
  const nextStop = entry ? nextPlayTime(model, entry.frame) : undefined;
  const stopWords = entry ? nextStopWords(model, entry.frame) : undefined;
  const tickWords = entry ? nextTickWords(model, entry.frame) : undefined;
  const toNextTimer = () => {
    if (!entry || !nextStop) return;
    moveClockBy(Math.max(0, Date.parse(nextStop.at) - Date.parse(entry.frame.now)));
  };
  const state = entry ? playInstance(entry.frame, shown) : undefined;
  const unlocked = state ? unlockedActions(model, state) : [];
  const failure = live?.failure;
  const stateName = (id: string) => model.states.find((s) => s.id === id)?.name ?? id;
  if (editing)
    return (
      <PlayStrip
        where={
          live && state
            ? `${stateName(state.current.stateId)} · ${state.status} · step ${live.cursor} of ${live.entries.length - 1}`
            : "the draft cannot start"
        }
        follow={follow}
        onResume={onResume}
        onClose={onClose}
      />
    );
  return (
    <div className="play" aria-label="Play mode">
      <div className="control-bar play-bar" role="toolbar" aria-label="Play">
        <strong>Play</strong>
        <span className="play-clock" aria-label="Virtual time">
          {entry ? entry.frame.now.replace("T", " ").replace(/:00\.000Z$/, " UTC") : PLAY_START}
        </span>
        <button
          type="button"
          className="btn"
          disabled={!live || live.cursor === 0}
          onClick={() => live && setSession(moveCursor(live, -1))}
        >
          Step back
        </button>
        <button
          type="button"
          className="btn"
          disabled={!live || live.cursor === live.entries.length - 1}
          onClick={() => live && setSession(moveCursor(live, 1))}
        >
          Step forward
        </button>
        <span className="play-sep" />
        <button type="button" className="btn" disabled={!live} onClick={() => moveClockBy(HOUR)}>
          +1 h
        </button>
        <button type="button" className="btn" disabled={!live} onClick={() => moveClockBy(24 * HOUR)}>
          +1 d
        </button>
        <button
          type="button"
          className="btn"
          disabled={!nextStop}
          title={stopWords?.title}
          onClick={toNextTimer}
        >
          To next timer
        </button>
        {tickWords ? (
          <span className="play-next" aria-label="Next schedule tick" title={tickWords.title}>
            {tickWords.text}
          </span>
        ) : null}
        <button
          type="button"
          className="btn"
          disabled={!live || codes.length === 0}
          title={codes.length === 0 ? "No action of this model has a signal code" : undefined}
          onClick={() => setSignalling(true)}
        >
          Send signal
        </button>
        <span className="play-sep" />
        <button type="button" className="btn" onClick={() => setSession(startSession(model))}>
          Restart
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={!live || live.cursor === 0 || !editable}
          title={
            editable
              ? "Save this play with the draft as a scenario"
              : "Scenarios are saved with a draft you may edit"
          }
          onClick={() => setSaving(true)}
        >
          Save as scenario
        </button>
        <div className="toolbar-spacer" />
        {onEdit && (
          <button
            type="button"
            className="btn"
            title="Edit the draft beside this play; the play follows your edits"
            onClick={onEdit}
          >
            Edit draft
          </button>
        )}
        <button type="button" className="btn" onClick={onClose}>
          Stop playing
        </button>
      </div>
      {follow?.kind === "continues" && (
        <p role="status" className="banner banner-info play-problem">
          Play continues on the edited draft.
        </p>
      )}
      {follow?.kind === "paused" && (
        <p role="alert" className="banner banner-warn play-problem">
          The edited draft {follow.problem ? `cannot start: ${follow.problem}` : "has errors"}; play is paused
          on the draft as it was until they are fixed.
        </p>
      )}
      {follow?.kind === "diverged" && (
        <div role="alert" aria-label="Play no longer fits" className="banner banner-warn play-problem">
          The play no longer fits the edited draft: {follow.reason}.{" "}
          <button type="button" className="btn btn-small" onClick={() => restartOnDraft(follow.replayed)}>
            Restart from the same inputs
          </button>{" "}
          <button type="button" className="btn btn-small" onClick={() => restartOnDraft(null)}>
            Restart empty
          </button>
        </div>
      )}
      {"problem" in session && session.problem !== undefined && (
        <p role="alert" className="banner banner-danger play-problem">
          {session.problem}
        </p>
      )}
      {stored.status.kind === "error" && (
        <div role="alert" aria-label="Scenarios not stored" className="banner banner-danger">
          {stored.status.message}
        </div>
      )}
      {entry?.frame.notes?.map((note) => (
        <p key={note} role="status" className="banner banner-warn play-problem">
          {note}
        </p>
      ))}
      {live && failure && (
        <div role="alert" aria-label="Scenario failure" className="banner banner-danger play-failure">
          {failureWords(model, live, failure)}
        </div>
      )}
      <div className="play-body">
        <div className="play-canvas">
          {live && (
            <OperateCanvas
              model={model}
              overlay={overlay}
              onPerform={onPerform}
              focus={showCoverage ? model.states.map((s) => s.id) : state ? [state.current.stateId] : []}
            />
          )}
        </div>
        <aside className="play-side" aria-label="Play instance">
          {rows.length > 1 && <InstanceSwitcher rows={rows} selected={shown} onSelect={setSelected} />}
          {state && (
            <section aria-label="Instance">
              <h3>{stateName(state.current.stateId)}</h3>
              <p aria-label="Instance status">
                {state.status}
                {state.outcome ? ` (${state.outcome})` : ""}
              </p>
              <details>
                <summary>Variables</summary>
                <pre className="play-json">{JSON.stringify(state.variables, null, 2)}</pre>
              </details>
            </section>
          )}
          <PlayList
            label="Unlocked actions"
            title="Unlocked"
            empty={unlocked.length === 0 && "Nothing is unlocked."}
          >
            {unlocked.map((a) => (
              <li key={a.nodeId}>
                <span className="play-name">{a.name}</span>
                {a.mode === "manual" ? (
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => openAction("perform", a.nodeId)}
                  >
                    Perform
                  </button>
                ) : a.occurrence?.status === "running" ? (
                  outcomeButtons.map(({ kind, label }) => (
                    <button
                      key={kind}
                      type="button"
                      className="btn btn-small"
                      aria-label={`${label} ${a.name}`}
                      onClick={() => openAction(kind, a.nodeId)}
                    >
                      {label}
                    </button>
                  ))
                ) : (
                  <span className="muted">
                    {a.occurrence?.dueAt
                      ? `due ${a.occurrence.dueAt.slice(0, 16).replace("T", " ")}`
                      : "waiting"}
                  </span>
                )}
              </li>
            ))}
          </PlayList>
          {live && (
            <section aria-label="Steps">
              <h3>Steps</h3>
              {/* numbered as the entries: 0 is the start, so "step 2" means the second step taken */}
              <ol className="play-steps" start={0}>
                {live.entries.map((e, i) => (
                  <li key={i} aria-current={i === live.cursor ? "step" : undefined}>
                    {e.step ? describeStep(model, e.step) : "start"}
                  </li>
                ))}
              </ol>
            </section>
          )}
          <PlayList
            label="Scenarios"
            empty={scenarios.length === 0 && "None saved yet."}
            after={
              scenarios.length > 0 && (
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() =>
                    downloadFile(
                      `${model.key}.scenarios.json`,
                      JSON.stringify(scenarioFile(model.key, scenarios), null, 2),
                    )
                  }
                >
                  Download scenarios
                </button>
              )
            }
          >
            {results.map((r, i) => (
              <li key={r.name} className={r.ok ? "play-green" : "play-red"} aria-label={`Scenario ${r.name}`}>
                <span aria-label={r.ok ? "passes" : "fails"}>{r.ok ? "✓" : "✗"}</span>
                <span className="play-name">{r.name}</span>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => {
                    const scenario = scenarios[i];
                    if (scenario) setSession(sessionFromScenario(model, scenario));
                  }}
                >
                  Open
                </button>
              </li>
            ))}
          </PlayList>
          <CoveragePanel summary={coverage.summary} shown={showCoverage} onToggle={setShowCoverage} />
        </aside>
      </div>
      <ActionDialog
        target={target}
        onClose={() => setTarget(null)}
        onSubmit={(t, value) => {
          setTarget(null);
          takeOnShown(
            t.kind === "perform"
              ? { perform: t.nodeId, input: value }
              : t.kind === "complete"
                ? { complete: t.nodeId, output: value }
                : { fail: t.nodeId, error: value, final: true },
          );
        }}
      />
      <SignalDialog
        open={signalling}
        codes={codes}
        onClose={() => setSignalling(false)}
        onSend={(code, payload) => {
          setSignalling(false);
          takeOnShown({ signal: code, payload });
        }}
      />
      <SaveDialog
        open={saving}
        onClose={() => setSaving(false)}
        onSave={(name) => {
          setSaving(false);
          if (live) void stored.save(toScenario(model, live, name));
        }}
      />
    </div>
  );
}

/** Play while the draft is edited: where the play stands, whether it fits the draft, Back to play. */
function PlayStrip({
  where,
  follow,
  onResume,
  onClose,
}: {
  where: string;
  follow: FollowNotice | null;
  onResume?: (() => void) | undefined;
  onClose: () => void;
}) {
  const words = followWords(follow);
  return (
    <div className="play-strip" role="region" aria-label="Play while editing">
      <strong>Playing</strong>
      <span className="play-strip-where">{where}</span>
      <span
        role="status"
        aria-label="Play and the draft"
        className={words.warn ? "play-strip-warn" : "muted"}
      >
        {words.text}
      </span>
      <div className="toolbar-spacer" />
      <button type="button" className="btn btn-primary" onClick={onResume}>
        Back to play
      </button>
      <button type="button" className="btn" onClick={onClose}>
        Stop playing
      </button>
    </div>
  );
}

/** "Fails at step 4 (move the clock 14 days): expected …": the failing step and the difference in words. */
function failureWords(
  model: ProcessModel,
  session: PlaySession,
  failure: NonNullable<PlaySession["failure"]>,
): string {
  const step = session.entries[failure.entry]?.step ?? undefined;
  const where = step ? `step ${failure.entry} (${describeStep(model, step)})` : "the start";
  return `Fails at ${where}: ${describeDifference(model, failure.difference, step)}`;
}

/** The input (perform), output (complete) or error (fail) of an action: its form, or JSON typed in. */
function ActionDialog({
  target,
  onClose,
  onSubmit,
}: {
  target: ActionTarget | null;
  onClose: () => void;
  onSubmit: (target: ActionTarget, value: Json) => void;
}) {
  const [text, setText] = useState("{}");
  const [error, setError] = useState<string | null>(null);
  const verb = target ? { perform: "Perform", complete: "Complete", fail: "Fail" }[target.kind] : "";
  const submitText = () => {
    if (!target) return;
    try {
      onSubmit(target, JSON.parse(text) as Json);
      setText("{}");
      setError(null);
    } catch (e) {
      setError(`Not JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <Dialog
      open={target !== null}
      onOpenChange={(open) => !open && onClose()}
      title={target ? `${verb} ${target.name}` : "Play"}
      description="In play: nothing is sent to the server."
    >
      {target &&
        (target.form ? (
          // the operate perform form's markup and styles (styles/operate.css): titles as labels, read-only fields flat
          <div className="perform-form">
            <Suspense fallback={<p className="muted">Loading the form…</p>}>
              <JsonSchemaForm
                schema={target.form}
                disabled={false}
                onSubmit={(data) => onSubmit(target, data as Json)}
              >
                <DialogActions onCancel={onClose} submitLabel={verb} />
              </JsonSchemaForm>
            </Suspense>
          </div>
        ) : (
          <div className="perform-form">
            <ErrorAlert message={error} />
            <TextField
              label={
                target.kind === "perform"
                  ? "Input (JSON)"
                  : target.kind === "complete"
                    ? "Output (JSON)"
                    : "Error (JSON)"
              }
              className="play-json-input"
              rows={6}
              value={text}
              onChange={setText}
            />
            <DialogActions onCancel={onClose} submitLabel={verb} onSubmit={submitText} />
          </div>
        ))}
    </Dialog>
  );
}

function SaveDialog({
  open,
  onClose,
  onSave,
}: {
  open: boolean;
  onClose: () => void;
  onSave: (name: string) => void;
}) {
  const [name, setName] = useState("");
  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()} title="Save as scenario">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) onSave(name.trim());
        }}
      >
        <label className="field">
          <span>Scenario name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </label>
        <DialogActions onCancel={onClose} submitLabel="Save" submitDisabled={!name.trim()} />
      </form>
    </Dialog>
  );
}
