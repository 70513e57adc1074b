-- CreateTable
CREATE TABLE "schedule_tick" (
    "process_id" UUID NOT NULL,
    "schedule_id" TEXT NOT NULL,
    "tick_at" TIMESTAMPTZ(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "instance_id" UUID,
    "version_id" UUID NOT NULL,
    "ticks" INTEGER NOT NULL DEFAULT 1,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "schedule_tick_pkey" PRIMARY KEY ("process_id","schedule_id","tick_at")
);
