-- AlterTable
ALTER TABLE "proxmox_servers" ADD COLUMN     "last_tailnet_path" VARCHAR(8),
ADD COLUMN     "last_tailnet_relay" VARCHAR(64);

-- AlterTable
ALTER TABLE "server_checks" ADD COLUMN     "tailnet_path" VARCHAR(8),
ADD COLUMN     "tailnet_relay" VARCHAR(64);
