import { lazy, Suspense, useEffect, useState } from "react";
import type { FormEvent, ReactNode } from "react";
import { Link, useLocation } from "wouter";
import type { ProcessModel } from "@flowstate/model";
import { Dialog } from "../ui/Dialog.tsx";
import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";
import { errorInfo } from "../api/errorInfo.ts";
import { businessKeyProblem, parseVariables, startForm } from "./startForm.ts";
import { VariablesField } from "./VariablesField.tsx";
import "../styles/operate.css";

const JsonSchemaForm = lazy(() =>
  import("../operate/JsonSchemaForm.tsx").then((m) => ({ default: m.JsonSchemaForm })),
);

/** How long the business key rests before the duplicate check asks the runtime. */
const KEY_CHECK_DELAY_MS = 250;

/** The runtime's answer for one key of one process (`failed`: the check itself could not be made). */
interface KeyAnswer {
  processKey: string;
  key: string;
  answer: "free" | "inUse" | "failed";
  instanceId: string | null;
}

/**
 * Starts an instance (`instance.start`): the process (chosen here when the page fixes none), its
 * published version (or the one the page shows), an optional business key checked against running
 * instances as it is typed (`instance.businessKeyInUse`) and again by the runtime, and variables
 * from the start action's form (`startForm`) or a JSON editor. Success opens the new instance.
 */
export function StartInstanceDialog({
  open,
  onOpenChange,
  processKey,
  version,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  processKey?: string;
  version?: number;
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Start instance"
      description="A new instance of the published version, with an optional business key and its start variables."
    >
      {open && (
        <StartInstanceBody processKey={processKey} version={version} onClose={() => onOpenChange(false)} />
      )}
    </Dialog>
  );
}

function StartInstanceBody(props: {
  processKey?: string | undefined;
  version?: number | undefined;
  onClose: () => void;
}) {
  const [, navigate] = useLocation();
  const [chosenKey, setChosenKey] = useState("");
  const processKey = props.processKey ?? chosenKey;
  const processes = useQuery(`start:processes:${props.processKey ?? ""}`, async () =>
    props.processKey
      ? []
      : (await trpc.process.list.query({})).filter((p) => p.versions.some((v) => v.status === "published")),
  );
  const target = useQuery(`start:target:${processKey}:${props.version ?? ""}`, async () => {
    if (!processKey) return null;
    const versions = await trpc.version.list.query({ processKey });
    const published = versions.find((v) => v.status === "published");
    const wanted = props.version ?? published?.number;
    if (wanted === undefined)
      return { kind: "problem", problem: `${processKey} has no published version yet.` } as const;
    const chosen = versions.find((v) => v.number === wanted);
    if (!chosen || chosen.status !== "published")
      return {
        kind: "problem",
        problem: `v${wanted} is ${chosen?.status ?? "missing"}: only the published version${published ? ` (v${published.number})` : ""} starts instances.`,
      } as const;
    const full = await trpc.version.get.query({ processKey, number: wanted });
    return { kind: "ready", number: wanted, form: startForm(full.model as ProcessModel) } as const;
  });
  const [businessKey, setBusinessKey] = useState("");
  const [keyAnswer, setKeyAnswer] = useState<KeyAnswer | null>(null);
  const [json, setJson] = useState("{}");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const key = businessKey.trim();
  const keyProblem = businessKeyProblem(businessKey);
  const checkKey = async (wanted: string): Promise<KeyAnswer> => {
    const answer = await trpc.instance.businessKeyInUse.query({ processKey, businessKey: wanted });
    return {
      processKey,
      key: wanted,
      answer: answer.inUse ? "inUse" : "free",
      instanceId: answer.instanceId,
    };
  };
  // The duplicate check while typing: once the key rests, for the key as it is now. Answers for
  // another key or process are ignored below, so nothing is reset here.
  const checkable = processKey !== "" && key !== "" && keyProblem === null;
  useEffect(() => {
    if (!checkable) return;
    let current = true;
    const timer = setTimeout(() => {
      checkKey(key).then(
        (result) => current && setKeyAnswer(result),
        () => current && setKeyAnswer({ processKey, key, answer: "failed", instanceId: null }),
      );
    }, KEY_CHECK_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // checkKey reads processKey, which is in the list.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [processKey, key, checkable]);
  const answered =
    checkable && keyAnswer?.processKey === processKey && keyAnswer.key === key ? keyAnswer : null;
  const keyStatus = !checkable ? "idle" : answered ? answered.answer : "checking";

  const ready = target.status === "ready" && target.data?.kind === "ready" ? target.data : null;
  const keyInUse = keyStatus === "inUse";

  const start = async (variables: Record<string, unknown>) => {
    if (!ready || keyProblem) return;
    setBusy(true);
    setError(null);
    try {
      // Checked again right before sending: the runtime refuses a running duplicate regardless (CONFLICT).
      if (key) {
        const check = await checkKey(key);
        setKeyAnswer(check);
        if (check.answer === "inUse") return;
      }
      const started = await trpc.instance.start.mutate({
        processKey,
        version: ready.number,
        ...(key ? { businessKey: key } : {}),
        variables: variables as never,
      });
      props.onClose();
      navigate(`/instances/${started.instanceId}`);
    } catch (e) {
      const info = errorInfo(e);
      if (info.code === "CONFLICT" && key)
        setKeyAnswer({ processKey, key, answer: "inUse", instanceId: null });
      else setError(info.message);
    } finally {
      setBusy(false);
    }
  };
  const submitJson = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseVariables(json);
    if (parsed.ok) void start(parsed.variables);
  };
  const jsonResult = parseVariables(json);
  const blocked = busy || !ready || keyProblem !== null || keyInUse;

  const actions = (submit: ReactNode) => (
    <>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={props.onClose}>
          Cancel
        </button>
        {submit}
      </div>
    </>
  );
  const submitButton = (
    <button
      type="submit"
      className="btn btn-primary"
      disabled={blocked || (!ready?.form.schema && !jsonResult.ok)}
    >
      {busy ? "Starting…" : "Start"}
    </button>
  );

  return (
    <div className="start-form">
      {props.processKey === undefined && (
        <div className="field">
          <label htmlFor="start-process">Process</label>
          <select
            id="start-process"
            className="input"
            value={chosenKey}
            onChange={(e) => setChosenKey(e.target.value)}
          >
            <option value="">Choose a process…</option>
            {(processes.status === "ready" ? processes.data : []).map((p) => (
              <option key={p.key} value={p.key}>
                {p.name}
              </option>
            ))}
          </select>
          {processes.status === "error" && (
            <p role="alert" className="error">
              Could not load the processes: {processes.error.message}
            </p>
          )}
        </div>
      )}
      {processKey && target.status === "loading" && <p className="muted">Loading the published version…</p>}
      {target.status === "error" && (
        <p role="alert" className="error">
          Could not load {processKey}: {target.error.message}
        </p>
      )}
      {target.status === "ready" && target.data?.kind === "problem" && (
        <p role="alert" className="error">
          {target.data.problem}
        </p>
      )}
      {ready && (
        <>
          <p className="small start-summary">
            <span>
              Version <strong>v{ready.number}</strong>
            </span>
            {ready.form.startActions.length > 0 && (
              <span className="muted">Starts with: {ready.form.startActions.join(", ")}</span>
            )}
          </p>
          <div className="field">
            <label htmlFor="start-business-key">Business key (optional)</label>
            <input
              id="start-business-key"
              className={`input${keyProblem || keyInUse ? " is-invalid" : ""}`}
              value={businessKey}
              placeholder="e.g. CLM-2026-0042; empty: the instance id"
              aria-invalid={keyProblem !== null || keyInUse}
              aria-describedby="start-business-key-note"
              onChange={(e) => setBusinessKey(e.target.value)}
              autoFocus
            />
            <div id="start-business-key-note" aria-live="polite">
              {keyProblem && (
                <p role="alert" className="field-problem">
                  {keyProblem}
                </p>
              )}
              {keyInUse && (
                <p role="alert" className="field-problem">
                  <span>
                    A running instance of {processKey} already has business key “{key}”.
                    {answered?.instanceId && (
                      <>
                        {" "}
                        <Link href={`/instances/${answered.instanceId}`} onClick={props.onClose}>
                          Open it
                        </Link>
                      </>
                    )}
                  </span>
                </p>
              )}
              {keyStatus === "checking" && <p className="field-hint">Checking…</p>}
              {keyStatus === "free" && <p className="field-hint">No running instance has this key.</p>}
            </div>
          </div>
          {ready.form.schema ? (
            <div className="perform-form">
              <p className="field-hint">Variables from the form of “{ready.form.formOf}”.</p>
              <Suspense fallback={<p className="muted">Loading the form…</p>}>
                <JsonSchemaForm
                  schema={ready.form.schema}
                  disabled={busy}
                  onSubmit={(data) => void start((data ?? {}) as Record<string, unknown>)}
                >
                  {actions(submitButton)}
                </JsonSchemaForm>
              </Suspense>
            </div>
          ) : (
            <form onSubmit={submitJson} aria-label="Variables">
              <VariablesField
                id="start-variables"
                rows={8}
                value={json}
                onChange={setJson}
                parsed={jsonResult}
              />
              {actions(submitButton)}
            </form>
          )}
        </>
      )}
      {!ready && actions(null)}
    </div>
  );
}
