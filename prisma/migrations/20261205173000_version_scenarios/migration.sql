-- AlterTable
ALTER TABLE "version" ADD COLUMN     "scenarios" JSONB NOT NULL DEFAULT '[]';
