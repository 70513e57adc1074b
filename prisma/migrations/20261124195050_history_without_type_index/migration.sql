-- DropIndex
DROP INDEX "history_event_type_at_idx";

-- Every step updates its instance row: leaving room on each page lets most of those updates be
-- HOT (no index changes: status, state and version rarely change in a step). Prisma does not
-- manage storage parameters, so this lives only here.
ALTER TABLE "instance" SET (fillfactor = 70);
