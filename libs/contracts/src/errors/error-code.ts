import { z } from 'zod';

/**
 * Stable error codes that cross the bus. Services throw {@link NexusError} with one of these; only the
 * gateway turns them into HTTP (problem+json) or gRPC statuses.
 */
export const ErrorCode = z.enum([
  'VALIDATION',
  /**
   * Well-formed input with a value of the wrong kind (a token or key that is not one): HTTP 422.
   * Used where a person pastes secrets, so "wrong kind of key" reads apart from "field missing".
   */
  'UNPROCESSABLE',
  /** A request body (or an uploaded file) over its size limit: HTTP 413. */
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'QUOTA',
  'RATE_LIMITED',
  'TIMEOUT',
  'UPSTREAM_UNREACHABLE',
  'UPSTREAM_AUTH',
  'UNTRUSTED_ENDPOINT',
  'UNAVAILABLE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** One problem with one input field; `path` is the dotted location inside the input (`tailscale.port`). */
export const FieldIssue = z.object({
  path: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

/** The error half of every bus reply. `details.issues` is set for VALIDATION. */
export const ErrorEnvelope = z.object({
  code: ErrorCode,
  message: z.string(),
  issues: z.array(FieldIssue).optional(),
  /** Seconds after which a RATE_LIMITED or UNAVAILABLE request may be retried. */
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

export function assertUnreachable(value: never): never {
  throw new Error(`unreachable: ${JSON.stringify(value)}`);
}
