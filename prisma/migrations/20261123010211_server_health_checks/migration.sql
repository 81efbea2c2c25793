-- CreateTable
CREATE TABLE "server_checks" (
    "id" UUID NOT NULL,
    "server_id" UUID NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "latency_ms" INTEGER,
    "error_class" VARCHAR(32),

    CONSTRAINT "server_checks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "server_check_hourly" (
    "server_id" UUID NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "checks" INTEGER NOT NULL DEFAULT 0,
    "ok_count" INTEGER NOT NULL DEFAULT 0,
    "latency_sum" BIGINT NOT NULL DEFAULT 0,
    "latency_max" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "server_check_hourly_pkey" PRIMARY KEY ("server_id","hour")
);

-- CreateIndex
CREATE INDEX "server_checks_server_id_checked_at_idx" ON "server_checks"("server_id", "checked_at");

-- AddForeignKey
ALTER TABLE "server_checks" ADD CONSTRAINT "server_checks_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "proxmox_servers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "server_check_hourly" ADD CONSTRAINT "server_check_hourly_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "proxmox_servers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
