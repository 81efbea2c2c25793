-- CreateTable
CREATE TABLE "server_node_pins" (
    "server_id" UUID NOT NULL,
    "node" VARCHAR(64) NOT NULL,
    "fingerprint" VARCHAR(95) NOT NULL,
    "accepted_by_id" VARCHAR(128) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "server_node_pins_pkey" PRIMARY KEY ("server_id","node")
);

-- CreateIndex
CREATE INDEX "proxmox_servers_tenant_id_idx" ON "proxmox_servers"("tenant_id");

-- AddForeignKey
ALTER TABLE "server_node_pins" ADD CONSTRAINT "server_node_pins_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "proxmox_servers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
