/** What a migration of one instance needs from the operator. */
export interface MigrationOptions {
  /** Source state id → target state id. States not mapped are matched by `ref`. */
  mapping?: Record<string, string>;
  /** Variable name → FEEL expression over the current variables; applied on migration. */
  variableChanges?: Record<string, string>;
  /** The version the instance is on (checked against `state.version`). */
  sourceVersion: number;
  /** The version `toModel` is. */
  targetVersion: number;
  /** Time of the dry run (decides which timers would already be due); default 1970-01-01. */
  now?: string;
  /**
   * Dry-run the migration to preview it (default true): refuses a plan that cannot settle
   * (`CANNOT_SETTLE`) and fills `unlocked`, `becomesUnlocked` and `noLongerUnlocked`. `false` plans
   * for executing right away: no dry run (the executor's step runs the migration anyway; one that
   * cannot settle is refused by `migrate` itself) and the three lists stay empty.
   */
  preview?: boolean;
}

/** A checked migration plan for one instance (the dry run); pass it to `migrate`. */
export interface MigrationPlan {
  ok: true;
  sourceVersion: number;
  targetVersion: number;
  fromStateId: string;
  /** The state instance the plan was made for; `migrate` refuses if the instance moved on. */
  fromStateInstanceId: string;
  targetStateId: string;
  mappedBy: "mapping" | "ref";
  variableChanges: Record<string, string>;
  /** Migration actions of the target state that apply to the source version (they will be armed). */
  migrationActions: string[];
  /** Actions unlocked right after the migration (target model ids); empty when planned without preview. */
  unlocked: string[];
  /** Unlocked after but not now (target ids; matched by ref). */
  becomesUnlocked: string[];
  /** Unlocked now but not after (source ids; matched by ref). */
  noLongerUnlocked: string[];
}

/** Why an instance cannot be migrated as asked. */
export type MigrationProblem =
  | "UNMAPPED_STATE"
  | "UNKNOWN_TARGET_STATE"
  | "INSTANCE_FINISHED"
  | "VERSION_MISMATCH"
  | "PROCESS_MISMATCH"
  | "INVALID_VARIABLE_CHANGE"
  | "CANNOT_SETTLE";

/** Result of `planMigration`. */
export type MigrationPlanResult = MigrationPlan | { ok: false; reason: MigrationProblem; message: string };
