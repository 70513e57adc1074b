import type { RouterOutputs } from "../api/routerTypes";

/** What `migration.proposeMapping` answers (per source version: proposal, running instances, diff). */
export type MappingProposal = RouterOutputs["migration"]["proposeMapping"];

/** One version row of `version.list`. */
export type VersionRow = RouterOutputs["version"]["list"][number];
