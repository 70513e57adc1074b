import { useCallback, useMemo } from "react";
import { OptionList } from "../../ui/Field.tsx";
import { Table } from "../../ui/Table.tsx";
import { useStore } from "zustand";
import type { ProcessModel } from "@flowstate/model";
import type { WizardStore } from "../createWizardStore";
import type { MappingProposal } from "../MappingProposal";
import { focusStates, mappingMarks, mappingRows } from "../mappingRows";
import { stepBlockers } from "../stepBlockers";
import { useVersionModel } from "../useVersionModel";
import { MappingPair } from "../MappingPair";
import { WizardFooter } from "../WizardFooter";

type Source = MappingProposal["sources"][number];

const howLabel = { ref: "same element (ref)", name: "same name", choice: "chosen" } as const;

/**
 * Step 2: where the instances of every source state go. Proposed by `ref`; a source state with
 * running instances and no counterpart is flagged and must be chosen — in its dropdown, by drawing
 * an arrow from it on the source diagram to its target on the target diagram (`MappingPair`), or
 * by clicking it and then its target.
 */
export function MappingStep({
  store,
  proposal,
  onBack,
  onNext,
}: {
  store: WizardStore;
  proposal: MappingProposal | null;
  onBack: () => void;
  onNext: () => void;
}) {
  const draft = useStore(store, (s) => s.draft);
  const target = useVersionModel(proposal?.target.versionId ?? null);
  const blockers = stepBlockers("mapping", draft, proposal ? { proposals: proposal.sources } : {});
  return (
    <>
      {!proposal && <p className="muted">Loading the proposed mapping…</p>}
      {target.status === "error" && (
        <p role="alert" className="error">
          Could not load the target version: {target.error.message}
        </p>
      )}
      {proposal &&
        proposal.sources.map((source) => (
          <SourceMapping
            key={source.versionId}
            store={store}
            source={source}
            targetNumber={proposal.target.number}
            targetStates={proposal.target.states}
            targetModel={target.status === "ready" ? target.data : null}
          />
        ))}
      <WizardFooter blockers={blockers} onBack={onBack} onNext={onNext} />
    </>
  );
}

function SourceMapping({
  store,
  source,
  targetNumber,
  targetStates,
  targetModel,
}: {
  store: WizardStore;
  source: Source;
  targetNumber: number;
  targetStates: { id: string; name: string }[];
  targetModel: ProcessModel | null;
}) {
  const choices = useStore(store, (s) => s.draft.choices[source.versionId]);
  const pending = useStore(store, (s) =>
    s.pendingSource?.versionId === source.versionId ? s.pendingSource.stateId : null,
  );
  const choose = useStore(store, (s) => s.choose);
  const sourceModel = useVersionModel(source.versionId);
  const rows = useMemo(() => mappingRows(source, choices), [source, choices]);
  const marks = useMemo(
    () =>
      mappingMarks(
        source,
        targetStates.map((s) => s.id),
        choices,
      ),
    [source, targetStates, choices],
  );
  // Zoom once per source version (not on every choice): where its running instances are and may go.
  const focus = useMemo(
    () =>
      focusStates(
        mappingRows(source),
        mappingMarks(
          source,
          targetStates.map((s) => s.id),
        ).target,
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [source],
  );
  const pickSource = useCallback(
    (stateId: string) => store.getState().pickSource(source.versionId, stateId),
    [store, source.versionId],
  );
  const pickTarget = useCallback((stateId: string) => store.getState().pickTarget(stateId), [store]);
  const chooseFor = useCallback(
    (stateId: string, targetStateId: string | null) =>
      store.getState().choose(source.versionId, stateId, targetStateId),
    [store, source.versionId],
  );
  const targetName = (id: string | null) => targetStates.find((s) => s.id === id)?.name ?? "—";
  const pendingName = source.states.find((s) => s.id === pending)?.name;
  return (
    <section className="wizard-section" aria-label={`Mapping of v${source.number}`}>
      <h2>
        v{source.number} → v{targetNumber}
      </h2>
      <p className="muted" role="status" aria-live="polite">
        {pendingName
          ? `Now click the target state for "${pendingName}" on the v${targetNumber} diagram.`
          : `Drag from a state on the v${source.number} diagram to a state on the v${targetNumber} diagram (or click one, then the other) to map it — or choose in the table. Select an arrow and press Delete to remove a choice.`}
      </p>
      <MappingPair
        sourceModel={sourceModel.status === "ready" ? sourceModel.data : null}
        targetModel={targetModel}
        sourceNumber={source.number}
        targetNumber={targetNumber}
        marks={marks}
        focus={focus}
        rows={rows}
        onPickSource={pickSource}
        onPickTarget={pickTarget}
        onChoose={chooseFor}
      />
      <div className="legend-row">
        <span className="legend-chip mark-removed">needs a target</span>
        <span className="legend-chip mark-changed">chosen mapping</span>
        <span className="legend-chip mark-added">new in v{targetNumber}</span>
        <span className="legend-chip legend-arrow arrow-forced">arrow: had to be chosen</span>
        <span className="legend-chip legend-arrow arrow-proposal">arrow: proposed</span>
      </div>
      <Table
        label={`State mapping of v${source.number}`}
        columns={[
          `State in v${source.number}`,
          "Running instances",
          `State in v${targetNumber}`,
          "Matched by",
        ]}
      >
        {rows.map((row) => (
          <tr key={row.stateId} className={row.missing ? "row-missing" : undefined}>
            <th scope="row">
              {row.name}
              {row.mustChoose && (
                <span className={`badge ${row.missing ? "badge-danger" : "badge-ok"} badge-inline`}>
                  {row.missing ? "choose a target" : "chosen"}
                </span>
              )}
            </th>
            <td>{row.running}</td>
            <td>
              <select
                className="input"
                aria-label={`Target state for ${row.name}`}
                aria-invalid={row.missing}
                value={choices?.[row.stateId] ?? ""}
                onChange={(e) =>
                  choose(source.versionId, row.stateId, e.target.value === "" ? null : e.target.value)
                }
              >
                <option value="">
                  {source.mapping[row.stateId]
                    ? `${targetName(source.mapping[row.stateId]!)} (proposed)`
                    : "— no target —"}
                </option>
                <OptionList options={targetStates.map((t) => ({ value: t.id, label: t.name }))} />
              </select>
            </td>
            <td className="muted">
              {row.how ? howLabel[row.how] : row.running > 0 ? "—" : "no running instance"}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
