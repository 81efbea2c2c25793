-- AlterTable
ALTER TABLE "egress_policy" ADD COLUMN     "allowed_ranges" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "denied_ranges" TEXT[] DEFAULT ARRAY[]::TEXT[];


