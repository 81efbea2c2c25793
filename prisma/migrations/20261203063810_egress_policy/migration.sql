-- CreateTable
CREATE TABLE "egress_policy" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "deny_link_local" BOOLEAN NOT NULL,
    "denied_loopback_ports" INTEGER[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" VARCHAR(100) NOT NULL,

    CONSTRAINT "egress_policy_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "egress_policy_single_row" CHECK ("id" = 1)
);
