-- AlterTable
ALTER TABLE "migration_run" ADD COLUMN     "running_since" TIMESTAMPTZ(3);
