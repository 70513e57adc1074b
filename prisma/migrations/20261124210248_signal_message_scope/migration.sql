-- AlterTable
ALTER TABLE "signal_message" DROP CONSTRAINT "signal_message_pkey",
ADD COLUMN     "scope" TEXT NOT NULL DEFAULT '*',
ADD CONSTRAINT "signal_message_pkey" PRIMARY KEY ("code", "message_id", "scope");
