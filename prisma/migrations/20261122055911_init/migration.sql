-- CreateEnum
CREATE TYPE "version_status" AS ENUM ('draft', 'published', 'deprecated', 'inactive');

-- CreateTable
CREATE TABLE "process" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "process_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "version" (
    "id" UUID NOT NULL,
    "process_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "status" "version_status" NOT NULL DEFAULT 'draft',
    "model" JSONB NOT NULL,
    "content_hash" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "version_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "process_key_key" ON "process"("key");

-- CreateIndex
CREATE INDEX "version_process_id_status_idx" ON "version"("process_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "version_process_id_number_key" ON "version"("process_id", "number");

-- AddForeignKey
ALTER TABLE "version" ADD CONSTRAINT "version_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
