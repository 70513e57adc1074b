import type { SourceProposal } from "./mappingRows";

/** Test data: v1 of a process; `open` and `renamed` keep their refs in the target, `removed` has none there. */
export const proposalFixture: SourceProposal = {
  versionId: "v1",
  number: 1,
  states: [
    { id: "open", ref: "r.open", name: "Open" },
    { id: "removed", ref: "r.removed", name: "Removed" },
    { id: "renamed", ref: "r.renamed", name: "Old name" },
    { id: "idle", ref: "r.idle", name: "Idle" },
  ],
  mapping: { open: "open", renamed: "renamed" },
  matchedBy: { open: "ref", renamed: "ref" },
  runningByState: { open: 2, removed: 3, renamed: 1 },
};

/** The target's states for `proposalFixture`: `fresh` is new. */
export const targetStateIds = ["open", "renamed", "fresh"];
