-- Instance snapshots and history data as json instead of jsonb (see the Instance and HistoryEvent
-- models' comments): both are written whole by the step statement and read whole, never queried
-- inside, so Postgres now only checks their syntax on write (jsonb parsed the step payload at about
-- four times the cost) and sends the text back as stored on read. Each conversion rewrites its
-- table once.
ALTER TABLE "history_event" ALTER COLUMN "data" DROP DEFAULT;
ALTER TABLE "history_event" ALTER COLUMN "data" SET DATA TYPE JSON USING "data"::json;
ALTER TABLE "history_event" ALTER COLUMN "data" SET DEFAULT '{}';

ALTER TABLE "instance" ALTER COLUMN "state" SET DATA TYPE JSON USING "state"::json;
