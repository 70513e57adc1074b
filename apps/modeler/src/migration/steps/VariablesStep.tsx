import { useStore } from "zustand";
import { Table } from "../../ui/Table.tsx";
import { TextField } from "../../ui/Field.tsx";
import { trpc } from "../../api/trpc";
import { useQuery } from "../../api/useQuery";
import { errorInfo } from "../../api/errorInfo";
import { FeelErrorView } from "../../editor/panels/fields/FeelErrorView";
import { toPlan } from "../MigrationDraft";
import { stepBlockers } from "../stepBlockers";
import { variableChangeProblems } from "../variableChangeProblems";
import { WizardFooter } from "../WizardFooter";
import type { StepProps } from "../WizardFooter";

/**
 * Step 3: variable changes (FEEL over the instance's current variables, checked as you type) and
 * the migration actions of the target states that will run for each source version.
 */
export function VariablesStep({ store, processKey, proposal, onBack, onNext }: StepProps) {
  const draft = useStore(store, (s) => s.draft);
  const { addVariableChange, setVariableChange, removeVariableChange } = store.getState();
  const problems = variableChangeProblems(draft.variableChanges);
  const plan = toPlan(processKey, draft, { withVariableChanges: false, withFilter: false });
  const routes = useQuery(`routes:${JSON.stringify(plan)}`, () =>
    plan ? trpc.migration.validatePlan.query({ plan }) : Promise.resolve(null),
  );
  const stateName = (versionId: string, id: string | null) =>
    id === null
      ? "—"
      : ((versionId === proposal?.target.versionId
          ? proposal.target.states
          : proposal?.sources.find((s) => s.versionId === versionId)?.states
        )?.find((s) => s.id === id)?.name ?? id);
  return (
    <>
      <section className="wizard-section" aria-labelledby="variables-title">
        <h2 id="variables-title">Variable changes</h2>
        <p className="muted">
          Each expression is FEEL over the instance's variables as they are before the migration; its result
          replaces (or adds) the variable.
        </p>
        {draft.variableChanges.length === 0 && <p className="muted">No variable changes.</p>}
        {draft.variableChanges.map((change, index) => {
          const nameProblem = problems.find((p) => p.index === index && p.field === "name");
          const expressionProblem = problems.find((p) => p.index === index && p.field === "expression");
          return (
            <div
              className="variable-row"
              key={index}
              role="group"
              aria-label={`Variable change ${index + 1}`}
            >
              <TextField
                label="Variable name"
                className="input input-mono"
                value={change.name}
                aria-invalid={nameProblem !== undefined}
                onChange={(name) => setVariableChange(index, { name })}
              >
                {nameProblem && <span className="field-problem">{nameProblem.message}</span>}
              </TextField>
              <TextField
                labelClassName="field field-grow"
                label="FEEL expression"
                className="input input-mono"
                value={change.expression}
                aria-invalid={expressionProblem !== undefined}
                onChange={(expression) => setVariableChange(index, { expression })}
              >
                {expressionProblem && (
                  <span className="field-problem">
                    {expressionProblem.from !== undefined ? (
                      <FeelErrorView
                        text={change.expression}
                        from={expressionProblem.from}
                        to={expressionProblem.to ?? expressionProblem.from}
                        message={expressionProblem.message}
                      />
                    ) : (
                      expressionProblem.message
                    )}
                  </span>
                )}
              </TextField>
              <button
                type="button"
                className="btn btn-small btn-ghost"
                aria-label={`Remove variable change ${index + 1}`}
                onClick={() => removeVariableChange(index)}
              >
                Remove
              </button>
            </div>
          );
        })}
        <button type="button" className="btn btn-small" onClick={addVariableChange}>
          Add a variable change
        </button>
      </section>
      <section className="wizard-section" aria-labelledby="actions-title">
        <h2 id="actions-title">Migration actions that will run</h2>
        {routes.status === "loading" && <p className="muted">Loading…</p>}
        {routes.status === "error" && (
          <p role="alert" className="error">
            {errorInfo(routes.error).message}
          </p>
        )}
        {routes.status === "ready" && routes.data && (
          <Table label="Migration actions" columns={["From", "To", "Instances", "Migration actions"]}>
            {routes.data.bySourceState.map((r) => (
              <tr key={`${r.sourceVersionId}:${r.fromStateId}`}>
                <td>
                  v{r.sourceVersion} {stateName(r.sourceVersionId, r.fromStateId)}
                </td>
                <td>{stateName(proposal?.target.versionId ?? "", r.targetStateId)}</td>
                <td>{r.count}</td>
                <td>
                  {r.migrationActions.length === 0 && <span className="muted">none</span>}
                  <ul className="plain-list">
                    {r.migrationActions.map((a) => (
                      <li key={a.nodeId}>
                        {a.name}{" "}
                        {a.applies ? (
                          <span className="badge badge-ok">runs</span>
                        ) : (
                          <span className="badge">not for v{r.sourceVersion}</span>
                        )}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
      <WizardFooter blockers={stepBlockers("variables", draft)} onBack={onBack} onNext={onNext} />
    </>
  );
}
