import type { trpc } from "../api/trpc";

/** What `migration.proposeMapping` answers (per source version: proposal, running instances, diff). */
export type MappingProposal = Awaited<ReturnType<typeof trpc.migration.proposeMapping.query>>;

/** One version row of `version.list`. */
export type VersionRow = Awaited<ReturnType<typeof trpc.version.list.query>>[number];
