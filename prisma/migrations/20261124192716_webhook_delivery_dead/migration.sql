-- CreateIndex
CREATE INDEX "webhook_delivery_webhook_id_created_at_id_idx" ON "webhook_delivery"("webhook_id", "created_at" DESC, "id" DESC);

-- A delivery given up after its last attempt is now `dead`, and `failed` means an attempt failed
-- and the next one is scheduled (those were `pending` with attempts > 0).
UPDATE "webhook_delivery" SET "status" = 'dead' WHERE "status" = 'failed';
UPDATE "webhook_delivery" SET "status" = 'failed' WHERE "status" = 'pending' AND "attempts" > 0;
