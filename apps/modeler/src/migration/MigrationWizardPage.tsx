import { ProcessName } from "../ui/ProcessName.tsx";
import { useEffect, useState } from "react";
import { QueryView } from "../ui/QueryView.tsx";
import { Link, useLocation, useSearch } from "wouter";
import { useStore } from "zustand";
import { trpc } from "../api/trpc";
import { useQuery } from "../api/useQuery";
import { createWizardStore } from "./createWizardStore";
import { sessionDraftStorage } from "./sessionDraftStorage";
import { reachableStep } from "./stepBlockers";
import { suggestedVersions } from "./suggestedVersions";
import { nextStep, previousStep, STEP_TITLES, stepFromSearch, stepIndex, WIZARD_STEPS } from "./wizardSteps";
import type { WizardStep } from "./wizardSteps";
import { VersionsStep } from "./steps/VersionsStep";
import { MappingStep } from "./steps/MappingStep";
import { VariablesStep } from "./steps/VariablesStep";
import { InstancesStep } from "./steps/InstancesStep";
import { DryRunStep } from "./steps/DryRunStep";
import "./migration.css";

/**
 * `/processes/:key/migrations/new?step=…`: the migration wizard. The step is in the URL and the
 * draft in sessionStorage, so a reload keeps both; the plan it builds is the one scripts send.
 */
export function MigrationWizardPage({ params }: { params: { key: string } }) {
  const key = decodeURIComponent(params.key);
  const base = `/processes/${encodeURIComponent(key)}`;
  const search = useSearch();
  const [, navigate] = useLocation();
  const [store] = useState(() => createWizardStore(sessionDraftStorage(key)));
  const draft = useStore(store, (s) => s.draft);
  const step = reachableStep(stepFromSearch(search), draft);
  const go = (to: WizardStep | null) => to && navigate(`${base}/migrations/new?step=${to}`);
  const versions = useQuery(`versions:${key}`, () => trpc.version.list.query({ processKey: key }));
  const versionRows = versions.status === "ready" ? versions.data : null;
  useEffect(() => {
    if (versionRows) store.getState().suggest(suggestedVersions(versionRows));
  }, [store, versionRows]);

  const chosen =
    draft.targetVersionId !== null &&
    draft.sourceVersionIds.length > 0 &&
    !draft.sourceVersionIds.includes(draft.targetVersionId);
  const proposalKey = chosen ? `${draft.sourceVersionIds.join(",")}->${draft.targetVersionId}` : "";
  const proposalQuery = useQuery(`proposal:${key}:${proposalKey}`, () =>
    chosen
      ? trpc.migration.proposeMapping
          .query({
            processKey: key,
            sourceVersionIds: draft.sourceVersionIds,
            targetVersionId: draft.targetVersionId!,
          })
          .then((data) => ({ proposalKey, data }))
      : Promise.resolve(null),
  );
  // Only the answer for the versions chosen now (an older answer may still be on screen while the new one loads).
  const proposal =
    proposalQuery.status === "ready" && proposalQuery.data?.proposalKey === proposalKey
      ? proposalQuery.data.data
      : null;

  const back = () => go(previousStep(step));
  const next = () => go(nextStep(step));
  return (
    <section className="page page-wide" aria-labelledby="wizard-title">
      <p className="breadcrumbs">
        <Link href="/processes">Processes</Link> /{" "}
        <Link href={base}>
          <ProcessName processKey={key} />
        </Link>{" "}
        / <Link href={`${base}/migrations`}>Migrations</Link> / new
      </p>
      <div className="page-header">
        <h1 id="wizard-title">Migrate running instances</h1>
      </div>
      <nav aria-label="Wizard steps">
        <ol className="wizard-steps">
          {WIZARD_STEPS.map((s, i) => (
            <li
              key={s}
              className={s === step ? "is-current" : i < stepIndex(step) ? "is-done" : undefined}
              aria-current={s === step ? "step" : undefined}
            >
              <span className="wizard-step-number">{i + 1}</span> {STEP_TITLES[s]}
            </li>
          ))}
        </ol>
      </nav>
      <h2 className="sr-only">{STEP_TITLES[step]}</h2>
      {proposalQuery.status === "error" && (
        <p role="alert" className="error">
          Could not propose a mapping: {proposalQuery.error.message}
        </p>
      )}
      <QueryView query={versions} what="the versions" />
      {versions.status === "ready" && step === "versions" && (
        <VersionsStep store={store} versions={versions.data} proposal={proposal} onNext={next} />
      )}
      {versions.status === "ready" && step === "mapping" && (
        <MappingStep store={store} proposal={proposal} onBack={back} onNext={next} />
      )}
      {versions.status === "ready" && step === "variables" && (
        <VariablesStep store={store} processKey={key} proposal={proposal} onBack={back} onNext={next} />
      )}
      {versions.status === "ready" && step === "instances" && (
        <InstancesStep store={store} processKey={key} proposal={proposal} onBack={back} onNext={next} />
      )}
      {versions.status === "ready" && step === "dryRun" && (
        <DryRunStep
          store={store}
          processKey={key}
          onBack={back}
          onStarted={(runId) => {
            store.getState().reset();
            navigate(`/migrations/${runId}`);
          }}
        />
      )}
    </section>
  );
}
