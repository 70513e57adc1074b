-- CreateTable
CREATE TABLE "bulk_run" (
    "id" UUID NOT NULL,
    "process_id" UUID NOT NULL,
    "operation" JSONB NOT NULL,
    "filter" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "total" INTEGER NOT NULL DEFAULT 0,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "bulk_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bulk_item" (
    "run_id" UUID NOT NULL,
    "instance_id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "bulk_item_pkey" PRIMARY KEY ("run_id","instance_id")
);

-- CreateIndex
CREATE INDEX "bulk_run_process_id_created_at_idx" ON "bulk_run"("process_id", "created_at");

-- CreateIndex
CREATE INDEX "bulk_item_run_id_status_idx" ON "bulk_item"("run_id", "status");

-- AddForeignKey
ALTER TABLE "bulk_item" ADD CONSTRAINT "bulk_item_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "bulk_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
