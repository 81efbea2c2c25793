-- Sign-in backoff moved to the gateway (Redis, per address and account): no account lockout is stored.
ALTER TABLE "users" DROP COLUMN "failed_login_count",
DROP COLUMN "locked_until";
