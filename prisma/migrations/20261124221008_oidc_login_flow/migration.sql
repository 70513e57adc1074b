-- CreateTable
CREATE TABLE "oidc_login_flow" (
    "id" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "code_verifier" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "oidc_login_flow_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "oidc_login_flow_expires_at_idx" ON "oidc_login_flow"("expires_at");
