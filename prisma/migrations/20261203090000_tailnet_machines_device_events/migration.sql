-- CreateEnum
CREATE TYPE "tailnet_control" AS ENUM ('tailscale', 'headscale');

-- CreateEnum
CREATE TYPE "machine_type" AS ENUM ('server', 'workstation');

-- CreateTable
CREATE TABLE "tailnet_settings" (
    "tenant_id" UUID NOT NULL,
    "control" "tailnet_control" NOT NULL,
    "method" VARCHAR(16) NOT NULL,
    "tailnet" VARCHAR(200),
    "url" VARCHAR(2048),
    "magic_dns_suffix" VARCHAR(253),
    "user" VARCHAR(100),
    "client_id" VARCHAR(200),
    "secret_hint" VARCHAR(80) NOT NULL,
    "credential_id" UUID NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" VARCHAR(128) NOT NULL,

    CONSTRAINT "tailnet_settings_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "machines" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "display_name" VARCHAR(100) NOT NULL,
    "hostname" VARCHAR(253) NOT NULL,
    "tailscale_device_id" VARCHAR(100),
    "machine_type" "machine_type" NOT NULL,
    "tdp_watts" INTEGER,
    "category" VARCHAR(50),
    "created_by" VARCHAR(128),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "machines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device_events" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "device_id" VARCHAR(100) NOT NULL,
    "device_name" VARCHAR(253) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "device_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enrollments" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "auth_key_id" VARCHAR(100) NOT NULL,
    "expected_hostname" VARCHAR(253),
    "tags" TEXT[],
    "created_by" VARCHAR(128),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "enrolled_device_id" VARCHAR(100),
    "enrolled_name" VARCHAR(253),
    "enrolled_at" TIMESTAMPTZ(3),

    CONSTRAINT "enrollments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tailnet_settings_credential_id_key" ON "tailnet_settings"("credential_id");

-- CreateIndex
CREATE UNIQUE INDEX "machines_tenant_id_tailscale_device_id_key" ON "machines"("tenant_id", "tailscale_device_id");

-- CreateIndex
CREATE UNIQUE INDEX "machines_tenant_id_hostname_key" ON "machines"("tenant_id", "hostname");

-- CreateIndex
CREATE INDEX "device_events_tenant_id_device_id_at_idx" ON "device_events"("tenant_id", "device_id", "at");

-- CreateIndex
CREATE INDEX "device_events_tenant_id_at_idx" ON "device_events"("tenant_id", "at");

-- CreateIndex
CREATE INDEX "enrollments_tenant_id_created_at_idx" ON "enrollments"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "enrollments_tenant_id_auth_key_id_key" ON "enrollments"("tenant_id", "auth_key_id");

-- AddForeignKey
ALTER TABLE "tailnet_settings" ADD CONSTRAINT "tailnet_settings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tailnet_settings" ADD CONSTRAINT "tailnet_settings_credential_id_fkey" FOREIGN KEY ("credential_id") REFERENCES "credentials"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "machines" ADD CONSTRAINT "machines_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_events" ADD CONSTRAINT "device_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;


