-- One name for the identity of an occurrence (docs/glossary.md): id on the occurrence row,
-- occurrence_id where another row points at one, and closed_seq (it is set for cancelled and
-- skipped occurrences too, not only completed ones). Renames keep the data and the primary key.
ALTER TABLE "occurrence" RENAME COLUMN "key" TO "id";
ALTER TABLE "occurrence" RENAME COLUMN "completed_seq" TO "closed_seq";
ALTER TABLE "job" RENAME COLUMN "occurrence_key" TO "occurrence_id";
ALTER TABLE "incident" RENAME COLUMN "occurrence_key" TO "occurrence_id";
ALTER TABLE "used_task_token" RENAME COLUMN "occurrence_key" TO "occurrence_id";
