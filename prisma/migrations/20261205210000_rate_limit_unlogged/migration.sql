-- Rate-limit counters are UNLOGGED: their upserts write no WAL, so a commit does not wait for a WAL
-- flush and the hot row of a busy client (one per IP and limit) is locked for microseconds instead of
-- a disk flush per request. After a crash PostgreSQL empties the table: counting restarts, which a
-- one-minute window tolerates (docs/security.md "Rate limits").
ALTER TABLE "rate_limit" SET UNLOGGED;
