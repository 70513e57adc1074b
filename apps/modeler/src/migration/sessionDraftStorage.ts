import type { DraftStorage } from "./createWizardStore";

/** The wizard draft of one process in this tab's sessionStorage (a reload resumes it; another tab starts fresh). */
export function sessionDraftStorage(processKey: string): DraftStorage {
  const key = `flowstate:migration-draft:${processKey}`;
  return {
    load: () => sessionStorage.getItem(key),
    save: (text) => sessionStorage.setItem(key, text),
  };
}
