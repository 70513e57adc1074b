import type { ReactNode } from "react";
import type { WizardStore } from "./createWizardStore";
import type { MappingProposal } from "./MappingProposal";

/** What the variables and instances steps get: the wizard store, the process, the proposal, back and on. */
export type StepProps = {
  store: WizardStore;
  processKey: string;
  proposal: MappingProposal | null;
  onBack: () => void;
  onNext: () => void;
};

/** Back / continue for one wizard step; continue stays disabled while something blocks it, and says what. */
export function WizardFooter({
  blockers,
  onBack,
  onNext,
  nextLabel = "Continue",
  busy = false,
  children,
}: {
  blockers: string[];
  onBack?: () => void;
  onNext: () => void;
  nextLabel?: string;
  busy?: boolean;
  children?: ReactNode;
}) {
  return (
    <footer className="wizard-footer">
      {blockers.length > 0 && (
        <ul className="wizard-blockers" aria-label="What is missing">
          {blockers.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      )}
      {children}
      <div className="wizard-footer-buttons">
        {onBack && (
          <button type="button" className="btn" onClick={onBack}>
            Back
          </button>
        )}
        <button
          type="button"
          className="btn btn-primary"
          disabled={blockers.length > 0 || busy}
          onClick={onNext}
        >
          {busy ? "Working…" : nextLabel}
        </button>
      </div>
    </footer>
  );
}
