-- History: one index instead of two, and no foreign key (see the HistoryEvent model's comment).
ALTER TABLE "history_event" DROP CONSTRAINT "history_event_instance_id_fkey";

DROP INDEX "history_event_instance_id_id_idx";

ALTER TABLE "history_event" DROP CONSTRAINT "history_event_pkey",
ADD CONSTRAINT "history_event_pkey" PRIMARY KEY ("instance_id", "id");

-- Migration items: every status change of an item was a non-HOT update (the status was indexed).
-- The executor and the run page read items by run (the primary key's prefix), so the status index
-- only cost writes. With room on each page, an item's status change stays on its page (HOT).
DROP INDEX "migration_item_run_id_status_idx";
ALTER TABLE "migration_item" SET (fillfactor = 70);

-- State instances: a step that leaves a state updates its row (exited_seq, exit_reason and
-- exited_at, none of them indexed). Room on the page lets that update stay HOT (no index entry).
ALTER TABLE "state_instance" SET (fillfactor = 70);
