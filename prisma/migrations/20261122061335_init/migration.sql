-- CreateEnum
CREATE TYPE "version_status" AS ENUM ('draft', 'published', 'deprecated', 'inactive');

-- CreateEnum
CREATE TYPE "instance_status" AS ENUM ('running', 'completed', 'failed', 'cancelled', 'locked');

-- CreateEnum
CREATE TYPE "occurrence_status" AS ENUM ('scheduled', 'running', 'completed', 'failed', 'cancelled', 'skipped');

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

-- CreateTable
CREATE TABLE "instance" (
    "id" UUID NOT NULL,
    "process_id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "status" "instance_status" NOT NULL DEFAULT 'running',
    "business_key" TEXT,
    "active_business_key" TEXT,
    "variables" JSONB NOT NULL DEFAULT '{}',
    "state" JSONB NOT NULL,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "current_state_id" TEXT,
    "locked_by" UUID,
    "outcome" TEXT,
    "has_incident" BOOLEAN NOT NULL DEFAULT false,
    "acknowledged_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "state_instance" (
    "instance_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "version_id" UUID NOT NULL,
    "state_id" TEXT NOT NULL,
    "entered_seq" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "exited_seq" INTEGER,
    "exit_reason" TEXT,
    "entered_at" TIMESTAMPTZ(3) NOT NULL,
    "exited_at" TIMESTAMPTZ(3),

    CONSTRAINT "state_instance_pkey" PRIMARY KEY ("instance_id","key")
);

-- CreateTable
CREATE TABLE "occurrence" (
    "instance_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "state_instance_key" TEXT NOT NULL,
    "version_id" UUID NOT NULL,
    "node_id" TEXT NOT NULL,
    "status" "occurrence_status" NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "reason" TEXT NOT NULL,
    "input" JSONB,
    "output" JSONB,
    "error" JSONB,
    "actor" TEXT,
    "completed_seq" INTEGER,
    "due_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "occurrence_pkey" PRIMARY KEY ("instance_id","key")
);

-- CreateTable
CREATE TABLE "firing" (
    "instance_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "state_instance_key" TEXT NOT NULL,
    "line_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "fired_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "firing_pkey" PRIMARY KEY ("instance_id","key")
);

-- CreateTable
CREATE TABLE "history_event" (
    "id" BIGSERIAL NOT NULL,
    "instance_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "actor" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "history_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "instance_id" UUID NOT NULL,
    "occurrence_key" TEXT,
    "handler" TEXT,
    "run_at" TIMESTAMPTZ(3) NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "idempotency_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "locked_by" TEXT,
    "locked_until" TIMESTAMPTZ(3),
    "deliveries" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident" (
    "id" UUID NOT NULL,
    "instance_id" UUID NOT NULL,
    "engine_id" TEXT NOT NULL,
    "occurrence_key" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "error" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "resolution" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "identifier" (
    "instance_id" UUID NOT NULL,
    "process_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "identifier_pkey" PRIMARY KEY ("instance_id","name")
);

-- CreateTable
CREATE TABLE "used_task_token" (
    "token_id" TEXT NOT NULL,
    "instance_id" UUID NOT NULL,
    "occurrence_key" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "outcome" JSONB NOT NULL,
    "used_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "used_task_token_pkey" PRIMARY KEY ("token_id")
);

-- CreateTable
CREATE TABLE "signal_message" (
    "code" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "outcome" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "signal_message_pkey" PRIMARY KEY ("code","message_id")
);

-- CreateTable
CREATE TABLE "migration_run" (
    "id" UUID NOT NULL,
    "process_id" UUID NOT NULL,
    "target_version_id" UUID NOT NULL,
    "plan" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "migration_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "migration_item" (
    "run_id" UUID NOT NULL,
    "instance_id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "from_version_id" UUID NOT NULL,
    "from_state_id" TEXT,
    "to_state_id" TEXT,
    "seq_before" INTEGER,
    "seq_after" INTEGER,
    "error" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "migration_item_pkey" PRIMARY KEY ("run_id","instance_id")
);

-- CreateTable
CREATE TABLE "setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "process_key_key" ON "process"("key");

-- CreateIndex
CREATE INDEX "version_process_id_status_idx" ON "version"("process_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "version_process_id_number_key" ON "version"("process_id", "number");

-- CreateIndex
CREATE INDEX "instance_version_id_status_current_state_id_idx" ON "instance"("version_id", "status", "current_state_id");

-- CreateIndex
CREATE INDEX "instance_process_id_status_started_at_idx" ON "instance"("process_id", "status", "started_at");

-- CreateIndex
CREATE INDEX "instance_status_has_incident_idx" ON "instance"("status", "has_incident");

-- CreateIndex
CREATE INDEX "instance_business_key_idx" ON "instance"("business_key");

-- CreateIndex
CREATE UNIQUE INDEX "instance_process_id_active_business_key_key" ON "instance"("process_id", "active_business_key");

-- CreateIndex
CREATE INDEX "occurrence_version_id_node_id_status_idx" ON "occurrence"("version_id", "node_id", "status");

-- CreateIndex
CREATE INDEX "history_event_instance_id_id_idx" ON "history_event"("instance_id", "id");

-- CreateIndex
CREATE INDEX "history_event_type_at_idx" ON "history_event"("type", "at");

-- CreateIndex
CREATE UNIQUE INDEX "job_idempotency_key_key" ON "job"("idempotency_key");

-- CreateIndex
CREATE INDEX "job_handler_run_at_idx" ON "job"("handler", "run_at");

-- CreateIndex
CREATE INDEX "job_instance_id_idx" ON "job"("instance_id");

-- CreateIndex
CREATE INDEX "incident_status_created_at_idx" ON "incident"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "incident_instance_id_engine_id_key" ON "incident"("instance_id", "engine_id");

-- CreateIndex
CREATE INDEX "identifier_process_id_name_value_idx" ON "identifier"("process_id", "name", "value");

-- CreateIndex
CREATE INDEX "migration_run_process_id_created_at_idx" ON "migration_run"("process_id", "created_at");

-- CreateIndex
CREATE INDEX "migration_item_run_id_status_idx" ON "migration_item"("run_id", "status");

-- AddForeignKey
ALTER TABLE "version" ADD CONSTRAINT "version_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance" ADD CONSTRAINT "instance_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance" ADD CONSTRAINT "instance_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "state_instance" ADD CONSTRAINT "state_instance_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "occurrence" ADD CONSTRAINT "occurrence_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "firing" ADD CONSTRAINT "firing_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "history_event" ADD CONSTRAINT "history_event_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident" ADD CONSTRAINT "incident_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "identifier" ADD CONSTRAINT "identifier_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "migration_item" ADD CONSTRAINT "migration_item_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "migration_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
