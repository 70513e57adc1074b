-- CreateEnum
CREATE TYPE "retention_mode" AS ENUM ('anonymise', 'delete');

-- AlterTable
ALTER TABLE "instance" ADD COLUMN     "anonymised_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "process" ADD COLUMN     "retention_days" INTEGER,
ADD COLUMN     "retention_mode" "retention_mode" NOT NULL DEFAULT 'anonymise';

-- CreateIndex
CREATE INDEX "instance_process_id_ended_at_idx" ON "instance"("process_id", "ended_at");

-- Retention days are 0 (at the next run after the end) up to 100 years, null keeps instances forever.
ALTER TABLE "process" ADD CONSTRAINT "process_retention_days_range" CHECK ("retention_days" IS NULL OR "retention_days" BETWEEN 0 AND 36500);
