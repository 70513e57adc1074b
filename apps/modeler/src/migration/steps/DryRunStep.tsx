import { useState } from "react";
import { Table } from "../../ui/Table.tsx";
import { Link } from "wouter";
import { useStore } from "zustand";
import type { ProcessModel } from "@flowstate/model";
import { trpc } from "../../api/trpc";
import { useQuery } from "../../api/useQuery";
import { errorInfo } from "../../api/errorInfo";
import type { WizardStore } from "../createWizardStore";
import { toPlan } from "../MigrationDraft";
import type { MigrationPlan } from "../MigrationDraft";
import { noMoreRows, withMoreError, withMorePage } from "../MoreRows";
import type { MoreRows } from "../MoreRows";
import { stepBlockers } from "../stepBlockers";
import { versionModel } from "../../api/versionModel";
import { WizardFooter } from "../WizardFooter";
import type { RouterOutputs } from "../../api/routerTypes";

type DryRun = RouterOutputs["migration"]["dryRun"];
type DryRunItem = DryRun["items"][number];

const PAGE = 50;

/**
 * Step 5: per instance what the migration would do — target state, migration actions, what
 * becomes unlocked or locked, problems — then the run is created and started.
 */
export function DryRunStep({
  store,
  processKey,
  onBack,
  onStarted,
}: {
  store: WizardStore;
  processKey: string;
  onBack: () => void;
  onStarted: (runId: string) => void;
}) {
  const draft = useStore(store, (s) => s.draft);
  const createdRunId = useStore(store, (s) => s.createdRunId);
  const plan = toPlan(processKey, draft);
  const planKey = JSON.stringify(plan);
  const [starting, setStarting] = useState<{ busy: boolean; error: string | null }>({
    busy: false,
    error: null,
  });
  const models = useQuery(`dry-run-models:${planKey}`, () =>
    plan
      ? Promise.all([plan.targetVersionId, ...plan.sourceVersionIds].map(versionModel))
      : Promise.resolve([] as ProcessModel[]),
  );
  const first = useQuery(`dry-run:${planKey}`, () =>
    plan
      ? trpc.migration.dryRun.query({ plan, limit: PAGE }).then((page) => ({ planKey, page }))
      : Promise.resolve(null),
  );
  /** Further pages ("Show more"), for the plan they were loaded for. */
  const [more, setMore] = useState<MoreRows<DryRunItem>>(noMoreRows);
  const firstPage = first.status === "ready" && first.data?.planKey === planKey ? first.data.page : null;
  const extra = more.planKey === planKey ? more : null;
  const pages = {
    loading:
      first.status === "loading" ||
      (first.status === "ready" && first.data !== null && first.data.planKey !== planKey),
    error: first.status === "error" ? errorInfo(first.error).message : (extra?.error ?? null),
    totals: firstPage?.totals ?? null,
    items: [...(firstPage?.items ?? []), ...(extra?.items ?? [])],
    nextCursor: extra && extra.items.length > 0 ? extra.nextCursor : (firstPage?.nextCursor ?? null),
  };
  const loadMore = (current: MigrationPlan, cursor: string) => {
    trpc.migration.dryRun.query({ plan: current, limit: PAGE, cursor }).then(
      (page) => setMore((m) => withMorePage(m, planKey, page)),
      (error: unknown) => setMore((m) => withMoreError(m, planKey, errorInfo(error).message)),
    );
  };

  const targetModel = models.status === "ready" ? models.data[0] : undefined;
  const sourceModels = models.status === "ready" ? models.data.slice(1) : [];
  const stateName = (model: ProcessModel | undefined, id: string | null) =>
    id === null ? "—" : (model?.states.find((s) => s.id === id)?.name ?? id);
  const nodeName = (model: ProcessModel | undefined, id: string) =>
    model?.nodes.find((n) => n.id === id)?.name ?? id;
  const sourceModel = (versionId: string) => sourceModels[plan?.sourceVersionIds.indexOf(versionId) ?? -1];

  /** Creates the run (once per draft: a retry after a failed start starts the run created before), then starts it. */
  const start = async () => {
    if (!plan) return;
    setStarting({ busy: true, error: null });
    let runId = store.getState().createdRunId;
    if (runId === null) {
      try {
        runId = (await trpc.migration.create.mutate({ plan, createdBy: "migration wizard" })).runId;
      } catch (error) {
        setStarting({ busy: false, error: errorInfo(error).message });
        return;
      }
      store.getState().runCreated(runId, draft);
    }
    try {
      await trpc.migration.start.mutate({ runId });
    } catch (error) {
      setStarting({ busy: false, error: `The run was created but not started: ${errorInfo(error).message}` });
      return;
    }
    onStarted(runId);
  };

  const shown = !pages.loading && pages.error === null && pages.totals !== null;
  const failing = pages.items.filter((i) => !i.ok).length;
  return (
    <>
      <section className="wizard-section" aria-labelledby="dry-run-title">
        <h2 id="dry-run-title">Dry run</h2>
        {pages.loading && <p className="muted">Planning every selected instance…</p>}
        {pages.error && (
          <p role="alert" className="error">
            {pages.error}
          </p>
        )}
        {pages.totals && (
          <p aria-label="Dry run summary">
            <strong>{pages.totals.instances}</strong> instance{pages.totals.instances === 1 ? "" : "s"} will
            be migrated
            {failing > 0 && <span className="error"> · {failing} of those shown would fail</span>}
          </p>
        )}
        {pages.items.length > 0 && (
          <Table
            label="Dry run per instance"
            className="dry-run-table"
            columns={["Instance", "From", "To", "Migration actions", "Unlocked / locked", "Problems"]}
          >
            {pages.items.map((item) => (
              <tr key={item.instanceId} className={item.ok ? undefined : "row-missing"}>
                <th scope="row">{item.businessKey ?? <code>{item.instanceId.slice(0, 8)}</code>}</th>
                <td>
                  v{item.sourceVersion} {stateName(sourceModel(item.sourceVersionId), item.fromStateId)}
                </td>
                <td>{stateName(targetModel, item.targetStateId)}</td>
                <td>
                  {item.migrationActions.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    item.migrationActions.map((id) => nodeName(targetModel, id)).join(", ")
                  )}
                </td>
                <td className="small">
                  {item.becomesUnlocked.length > 0 && (
                    <div className="gain">
                      + {item.becomesUnlocked.map((id) => nodeName(targetModel, id)).join(", ")}
                    </div>
                  )}
                  {item.noLongerUnlocked.length > 0 && (
                    <div className="loss">
                      −{" "}
                      {item.noLongerUnlocked
                        .map((id) => nodeName(sourceModel(item.sourceVersionId), id))
                        .join(", ")}
                    </div>
                  )}
                  {item.becomesUnlocked.length === 0 && item.noLongerUnlocked.length === 0 && (
                    <span className="muted">no change</span>
                  )}
                </td>
                <td className="small">
                  {item.problems.length === 0 && <span className="muted">none</span>}
                  {item.problems.map((p) => (
                    <div key={p.code} className={p.severity === "error" ? "error" : "warn"}>
                      {p.message}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </Table>
        )}
        {pages.nextCursor && plan && (
          <button type="button" className="btn btn-small" onClick={() => loadMore(plan, pages.nextCursor!)}>
            Show more instances
          </button>
        )}
      </section>
      <WizardFooter
        blockers={stepBlockers("dryRun", draft, { dryRunShown: shown })}
        onBack={onBack}
        onNext={() => void start()}
        nextLabel="Start migration"
        busy={starting.busy}
      >
        {starting.error && (
          <p role="alert" className="error">
            {starting.error}
            {createdRunId && (
              <>
                {" "}
                Start migration tries again with the same run, or{" "}
                <Link href={`/migrations/${createdRunId}`}>open the created run</Link>.
              </>
            )}
          </p>
        )}
        {!starting.busy && !starting.error && createdRunId && (
          <p className="muted">
            A run was already created from this plan but not started: Start migration starts it (no second run
            is created), or <Link href={`/migrations/${createdRunId}`}>open the created run</Link>.
          </p>
        )}
      </WizardFooter>
    </>
  );
}
