/**
 * Whether this build can work with a database's schema, from the names of the schema migrations
 * it has on disk and those the database has applied. Pure.
 *
 * Schema changes are expand-then-contract (docs/scaling.md): a release only ADDS what it needs
 * (columns, tables, indexes the previous release ignores), so the previous release keeps running
 * beside it on the migrated database (blue-green); removals come a release later, in migrations
 * named `<stamp>_contract_<what>`. So:
 * - a migration this build does not know (a newer release applied it) is fine unless it is a
 *   contract migration, which removes what this build may use: refused;
 * - a migration this build knows but the database lacks is applied at start-up, or, when the
 *   runtime does not apply migrations (`FLOWSTATE_AUTO_SCHEMA_MIGRATION=false`), refused.
 */
export type SchemaCompatibility =
  { ok: true; newer: string[]; pending: string[] } | { ok: false; message: string };

export const isContractMigration = (name: string) => /^\d+_contract_/.test(name);

export function schemaCompatibility(
  known: readonly string[],
  applied: readonly string[],
  appliesPending: boolean,
): SchemaCompatibility {
  const knownSet = new Set(known);
  const appliedSet = new Set(applied);
  const newer = applied.filter((name) => !knownSet.has(name));
  const pending = known.filter((name) => !appliedSet.has(name));
  const newest = known.at(-1) ?? "none";
  const contract = newer.find(isContractMigration);
  if (contract)
    return {
      ok: false,
      message: `the database schema has migration ${contract}, which removes what this build uses (it knows migrations up to ${newest}): run the release that applied it, or a newer one`,
    };
  if (pending.length > 0 && !appliesPending)
    return {
      ok: false,
      message: `the database schema lacks ${pending.length} migration(s) this build needs, the first ${pending[0]} (FLOWSTATE_AUTO_SCHEMA_MIGRATION=false): apply them with "pnpm db:migrate" first`,
    };
  return { ok: true, newer, pending };
}

/** The database's schema does not fit this build (`schemaCompatibility`): the runtime says so in one line and exits. */
export class SchemaIncompatibleError extends Error {
  override name = "SchemaIncompatibleError";
}
