import { z } from 'zod';
import { parseSigningKey } from '@pve-nexus/crypto';
import { parsePublicKeys } from '@pve-nexus/messaging';

const commaList = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^(nats|tls|ws|wss):\/\//, 'must be a nats:// URL')).min(1));

/** A string turned into a value by `parse`; a failure is `message`, never the value. */
function parsedWith<T>(parse: (value: string) => T, message: string) {
  return z.string().transform((value, ctx) => {
    try {
      return parse(value);
    } catch {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
  });
}

/** Environment every service reads. Defaults suit a developer machine and never hold secrets. */
export const BaseEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** pino level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Comma-separated NATS server URLs. */
  NATS_URL: commaList.default(['nats://127.0.0.1:4222']),
  /** The service's NATS user (default: the service name) and password: the bus refuses anonymous clients. */
  NATS_USER: z.string().min(1).max(64).optional(),
  NATS_PASSWORD: z.string().min(16, 'must be at least 16 characters'),
  /** The service's Ed25519 private key (base64 PKCS#8 DER; `npm run keys:generate -- --bus`): signs the identity of its requests. */
  NEXUS_BUS_SIGNING_KEY: parsedWith(parseSigningKey, 'must be the base64 PKCS#8 DER of an Ed25519 private key'),
  /** Every service's public key, `service=base64 SPKI DER` comma-separated: only identities they signed are trusted. */
  NEXUS_BUS_PUBLIC_KEYS: parsedWith(parsePublicKeys, 'must be service=<base64 SPKI DER of an Ed25519 public key>, comma-separated'),
  /** How long a bus request waits for its reply before failing with TIMEOUT. */
  NATS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).default(5_000),
  /** How long one dependency check (a `SELECT 1`, a PING) may take before it counts as down. */
  HEALTH_PROBE_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1_000),
  /** On SIGTERM, how long in-flight bus requests get to finish after the service stops taking new ones. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** Address the HTTP listener binds. */
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  /** Port of the Prometheus `/metrics` listener, always on 127.0.0.1; default per service (DEFAULT_METRICS_PORT). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
});
export type BaseEnv = z.infer<typeof BaseEnv>;

export const RedisEnv = z.object({
  /** Redis URL (`redis://host:port/db`); a password, if any, belongs in the URL and is never logged. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379/0'),
  /** Prefix of every key this deployment writes, so several deployments (or test runs) can share a Redis. */
  REDIS_KEY_PREFIX: z.string().max(64).default('nexus:'),
});

export const DatabaseEnv = z.object({
  /** PostgreSQL URL for Prisma's pg adapter. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
});
