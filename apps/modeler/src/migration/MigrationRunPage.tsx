import { dateTimeText } from "@flowstate/engine";
import { ProcessName } from "../ui/ProcessName.tsx";
import { useEffect, useState } from "react";
import { Link } from "wouter";
import { trpc } from "../api/trpc";
import { useBoth, useQuery } from "../api/useQuery";
import { errorInfo } from "../api/errorInfo";
import { isTransient } from "../api/isTransient";
import { StatusBadge } from "../ui/StatusBadge";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { PreviousNextPager, useCursorStack } from "../ui/CursorPager";
import { EmptyRow, Table } from "../ui/Table";
import { ChoiceField, plainOptions } from "../ui/Field";
import { formatEta, formatRate, isLive, isUnsettled, runControls } from "./runControls";
import type { RunControls } from "./runControls";
import { versionModel } from "../api/versionModel";
import { useVersionModel } from "./useVersionModel";
import { ProgressBar } from "../ui/ProgressBar";
import "./migration.css";

type ItemStatus = "pending" | "migrated" | "failed" | "skipped" | "cancelled" | "reverted";
const ITEM_STATUSES: ItemStatus[] = ["pending", "migrated", "failed", "skipped", "cancelled", "reverted"];
const POLL_MS = 1000;
const PAGE = 100;

/** The run's buttons, in order: the control (and procedure) it stands for, its text and class, the status line after. */
const runButtons: readonly (readonly [
  control: keyof RunControls,
  label: string,
  className: string,
  done: string,
])[] = [
  ["start", "Start", "btn btn-primary", "Started"],
  ["pause", "Pause", "btn", "Paused"],
  ["resume", "Resume", "btn btn-primary", "Resumed"],
  ["retryFailed", "Retry failed", "btn", "Failed instances queued again"],
  ["cancel", "Cancel", "btn btn-danger", "Cancelled"],
];

/**
 * `/migrations/:runId`: a run's progress (done, failed, remaining, rate, ETA), pause / resume /
 * cancel, retry of the failed subset, and per instance its outcome with the reason for each
 * failure; a migrated instance can be reverted while nothing happened to it since.
 */
export function MigrationRunPage({ params }: { params: { runId: string } }) {
  const runId = params.runId;
  const [statusFilter, setStatusFilter] = useState<ItemStatus | "">("");
  const [message, setMessage] = useState<{ kind: "status" | "alert"; text: string } | null>(null);
  const [reverting, setReverting] = useState<{ instanceId: string; label: string } | null>(null);
  // Polls are refreshes of the same keys: a read slower than the interval still lands (`QueryRunner`).
  const run = useQuery(`migration-run:${runId}`, () => trpc.migration.get.query({ runId }));
  const pages = useCursorStack();
  const cursor = pages.cursor;
  const items = useQuery(`migration-items:${runId}:${statusFilter}:${cursor ?? ""}`, () =>
    trpc.migration.items.query({
      runId,
      limit: PAGE,
      ...(statusFilter ? { status: statusFilter } : {}),
      ...(cursor ? { cursor } : {}),
    }),
  );
  // A failed poll keeps the last answer on screen: a runtime restart or a network blip is not the end of the page.
  const shownRun = run.status === "ready" ? run.data : (run.last?.data ?? null);
  const shownItems = items.status === "ready" ? items.data : (items.last?.data ?? null);
  const target = useVersionModel(shownRun?.targetVersionId ?? null);
  const sourceIds = shownRun ? Object.keys(shownRun.sourceVersions).sort().join(",") : "";
  const sourceModels = useQuery(`migration-run-sources:${sourceIds}`, () =>
    Promise.all(
      sourceIds
        .split(",")
        .filter(Boolean)
        .map(async (id) => [id, await versionModel(id)] as const),
    ),
  );
  // Poll while the run moves, and afterwards while migrated instances' migration actions are still running.
  const live =
    (shownRun !== null && isLive(shownRun.status)) ||
    (shownItems !== null &&
      shownItems.items.some((i) => i.migrationActions.some((a) => isUnsettled(a.status))));
  // ... and while a read failed for a reason that may pass, until it succeeds again.
  const lostContact =
    (run.status === "error" && isTransient(run.error)) ||
    (items.status === "error" && isTransient(items.error));
  const refresh = useBoth(run.refresh, items.refresh);
  useEffect(() => {
    if (!live && !lostContact) return undefined;
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [live, lostContact, refresh]);

  const act = async (label: string, call: () => Promise<unknown>) => {
    setMessage(null);
    try {
      await call();
      setMessage({ kind: "status", text: label });
    } catch (error) {
      setMessage({ kind: "alert", text: errorInfo(error).message });
    }
    refresh();
  };

  if (shownRun === null && run.status === "error")
    return (
      <div className="page">
        <p role="alert" className="error">
          Could not load the migration run: {run.error.message}
          {lostContact ? " — retrying…" : ""}
        </p>
        <button type="button" className="btn" onClick={refresh}>
          Retry
        </button>
      </div>
    );
  if (shownRun === null) return <p className="page muted">Loading…</p>;
  const r = shownRun;
  const controls = runControls(r.status, r.progress.failed);
  const base = `/processes/${encodeURIComponent(r.processKey)}`;
  const targetModel = target.status === "ready" ? target.data : null;
  const stateName = (id: string | null) =>
    id === null ? "—" : (targetModel?.states.find((s) => s.id === id)?.name ?? id);
  const nodeName = (id: string) => targetModel?.nodes.find((n) => n.id === id)?.name ?? id;
  // Where an instance is now: on the target, or back on (or still on) a source version.
  const versionNumber = (versionId: string) =>
    versionId === r.targetVersionId ? r.targetVersion : (r.sourceVersions[versionId] ?? "?");
  const versionStateName = (versionId: string, id: string | null) => {
    if (versionId === r.targetVersionId) return stateName(id);
    const model =
      sourceModels.status === "ready" ? sourceModels.data.find(([v]) => v === versionId)?.[1] : undefined;
    return id === null ? "—" : (model?.states.find((s) => s.id === id)?.name ?? id);
  };
  const sources = Object.values(r.sourceVersions)
    .sort((a, b) => a - b)
    .map((n) => `v${n}`)
    .join(", ");
  return (
    <section className="page page-wide" aria-labelledby="run-title">
      <p className="breadcrumbs">
        <Link href="/processes">Processes</Link> /{" "}
        <Link href={base}>
          <ProcessName processKey={r.processKey} />
        </Link>{" "}
        / <Link href={`${base}/migrations`}>Migrations</Link> / run
      </p>
      <div className="page-header">
        <h1 id="run-title">
          Migration {sources} → v{r.targetVersion}
        </h1>
        <StatusBadge status={r.status} />
      </div>
      <div className="run-controls" role="toolbar" aria-label="Run controls">
        {runButtons.map(
          ([control, label, className, done]) =>
            controls[control] && (
              <button
                key={control}
                type="button"
                className={className}
                onClick={() => void act(done, () => trpc.migration[control].mutate({ runId }))}
              >
                {control === "retryFailed" ? `${label} (${r.progress.failed})` : label}
              </button>
            ),
        )}
      </div>
      {message && (
        <p role={message.kind} className={message.kind === "alert" ? "error" : "muted"}>
          {message.text}
        </p>
      )}
      {lostContact && (
        <p
          role="alert"
          className="error"
          title={
            run.status === "error"
              ? run.error.message
              : items.status === "error"
                ? items.error.message
                : undefined
          }
        >
          Lost contact with the runtime — retrying…
        </p>
      )}
      {run.status === "error" && !isTransient(run.error) && (
        <p role="alert" className="error">
          Could not load the migration run: {run.error.message}
        </p>
      )}
      <ProgressBar label="Migration progress" percent={r.progress.percent} />
      <dl className="stat-grid" aria-label="Progress">
        <div>
          <dt>Progress</dt>
          <dd data-testid="progress-percent">{r.progress.percent}%</dd>
        </div>
        <div>
          <dt>Done</dt>
          <dd data-testid="progress-done">
            {r.progress.done} / {r.progress.total}
          </dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd data-testid="progress-failed" className={r.progress.failed > 0 ? "error" : undefined}>
            {r.progress.failed}
          </dd>
        </div>
        <div>
          <dt>Remaining</dt>
          <dd>{r.progress.remaining}</dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd>{formatRate(r.progress.ratePerSecond)}</dd>
        </div>
        <div>
          <dt>ETA</dt>
          <dd>{formatEta(r.progress.etaSeconds)}</dd>
        </div>
      </dl>
      <p className="muted small">
        Created {dateTimeText(r.createdAt)}
        {r.createdBy ? ` by ${r.createdBy}` : ""}
        {r.startedAt ? ` · started ${dateTimeText(r.startedAt)}` : ""}
        {r.finishedAt ? ` · finished ${dateTimeText(r.finishedAt)}` : ""}
        {r.pace
          ? ` · pace: ${r.pace.chunkSize !== undefined ? `${r.pace.chunkSize} per chunk` : "default chunks"}${r.pace.chunkDelayMs ? `, ${r.pace.chunkDelayMs} ms between chunks` : ""}`
          : ""}
      </p>

      <div className="wizard-section-head">
        <h2>Instances</h2>
        <ChoiceField
          labelClassName="field field-inline"
          label="Show"
          value={statusFilter}
          onChange={(v) => {
            setStatusFilter(v as ItemStatus | "");
            pages.reset();
          }}
          options={[{ value: "", label: "all outcomes" }, ...plainOptions(ITEM_STATUSES)]}
        />
      </div>
      {items.status === "error" && !isTransient(items.error) && (
        <p role="alert" className="error">
          Could not load the instances: {items.error.message}
        </p>
      )}
      {shownItems && (
        <Table
          label="Instance outcomes"
          columns={["Instance", "Outcome", "To state", "Now in", "Migration actions", "Reason"]}
          actions="Revert"
        >
          {shownItems.items.length === 0 && (
            <EmptyRow columns={7}>
              {statusFilter
                ? `No instance has the outcome “${statusFilter}”. Show all outcomes to see the others.`
                : "No instance is part of this run: its filter matched none. Plan a new migration from the process's Migrations page."}
            </EmptyRow>
          )}
          {shownItems.items.map((item) => {
            const label = item.businessKey ?? item.instanceId.slice(0, 8);
            return (
              <tr key={item.instanceId} data-testid={`outcome-${label}`}>
                <th scope="row">
                  <Link href={`/instances/${item.instanceId}`}>{label}</Link>
                </th>
                <td>
                  <span className={`badge item-${item.status}`}>{item.status}</span>
                </td>
                <td>{stateName(item.toStateId)}</td>
                <td>
                  {item.instance
                    ? `${versionStateName(item.instance.versionId, item.instance.currentStateId)} · v${versionNumber(item.instance.versionId)}`
                    : "—"}
                </td>
                <td>
                  {item.migrationActions.length === 0 && <span className="muted">none</span>}
                  {item.migrationActions.map((a) => (
                    <div key={a.nodeId}>
                      {nodeName(a.nodeId)}{" "}
                      <span
                        className={`badge ${a.status === "completed" ? "badge-ok" : a.status === "failed" ? "badge-danger" : ""}`}
                      >
                        {a.status}
                      </span>
                    </div>
                  ))}
                </td>
                <td className="small">{item.reason ?? ""}</td>
                <td>
                  {item.status === "migrated" && (
                    <div className="cell-actions">
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-label={`Revert ${label}`}
                        onClick={() => setReverting({ instanceId: item.instanceId, label })}
                      >
                        Revert
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      {shownItems && (!pages.atFirst || shownItems.nextCursor) && (
        <PreviousNextPager pages={pages} nextCursor={shownItems.nextCursor} label="Instance pages" />
      )}
      <ConfirmDialog
        open={reverting !== null}
        onCancel={() => setReverting(null)}
        onConfirm={() => {
          const current = reverting;
          setReverting(null);
          if (current)
            void act(`${current.label} reverted`, () =>
              trpc.migration.revert.mutate({ runId, instanceId: current.instanceId }),
            );
        }}
        title={`Revert ${reverting?.label ?? ""}?`}
        description="The instance goes back to its source version and state. This is refused if anything happened to it since the migration."
        cancelLabel="Keep migrated"
        confirmLabel="Revert"
        danger={false}
      />
    </section>
  );
}
