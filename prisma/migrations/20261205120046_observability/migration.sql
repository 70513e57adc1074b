-- AlterTable
ALTER TABLE "api_key" ADD COLUMN     "metrics" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "webhook_delivery" ADD COLUMN     "trace_parent" TEXT;
