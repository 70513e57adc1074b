-- DropIndex
-- No query reads occurrences by (version, node, status): the operate views and the migration
-- outcome read them by instance (the primary key). The index only cost every step an index
-- entry for the occurrence it starts and another each time one changes status.
DROP INDEX "occurrence_version_id_node_id_status_idx";

-- With the primary key as the only index and room left on each page, the status change of an
-- occurrence (running, then completed) is a HOT update: no index write at all. Prisma does not
-- manage storage parameters, so this lives only here.
ALTER TABLE "occurrence" SET (fillfactor = 80);
