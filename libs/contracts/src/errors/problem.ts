import { z } from 'zod';
import { assertUnreachable, FieldIssue, type ErrorCode } from './error-code.js';
import type { NexusError } from './nexus.error.js';

/** RFC 9457 problem details, as the gateway answers every failed request (`application/problem+json`). */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  code: z.string(),
  requestId: z.string().optional(),
  errors: z.array(FieldIssue).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://pve-nexus.dev/problems/';

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION': return 400;
    case 'UNPROCESSABLE': return 422;
    case 'PAYLOAD_TOO_LARGE': return 413;
    case 'UNAUTHENTICATED': return 401;
    case 'FORBIDDEN': return 403;
    case 'NOT_FOUND': return 404;
    case 'CONFLICT': return 409;
    case 'QUOTA': return 422;
    case 'RATE_LIMITED': return 429;
    case 'UPSTREAM_UNREACHABLE': return 502;
    case 'UPSTREAM_AUTH': return 502;
    // The server's certificate is not accepted yet: a person must act (accept it), not retry.
    case 'UNTRUSTED_ENDPOINT': return 409;
    case 'UNAVAILABLE': return 503;
    case 'TIMEOUT': return 504;
    case 'INTERNAL': return 500;
    default: return assertUnreachable(code);
  }
}

/** gRPC status numbers (grpc/status.h) for the same codes, for the gRPC face of the gateway. */
export function grpcStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION': return 3; // INVALID_ARGUMENT
    case 'UNPROCESSABLE': return 3;
    case 'PAYLOAD_TOO_LARGE': return 8; // RESOURCE_EXHAUSTED
    case 'UNAUTHENTICATED': return 16;
    case 'FORBIDDEN': return 7; // PERMISSION_DENIED
    case 'NOT_FOUND': return 5;
    case 'CONFLICT': return 6; // ALREADY_EXISTS
    case 'QUOTA': return 8; // RESOURCE_EXHAUSTED
    case 'RATE_LIMITED': return 8;
    case 'UPSTREAM_UNREACHABLE': return 14; // UNAVAILABLE
    case 'UPSTREAM_AUTH': return 9; // FAILED_PRECONDITION
    case 'UNTRUSTED_ENDPOINT': return 9;
    case 'UNAVAILABLE': return 14;
    case 'TIMEOUT': return 4; // DEADLINE_EXCEEDED
    case 'INTERNAL': return 13;
    default: return assertUnreachable(code);
  }
}

const TITLES: Record<ErrorCode, string> = {
  VALIDATION: 'Invalid request',
  UNPROCESSABLE: 'Unprocessable content',
  PAYLOAD_TOO_LARGE: 'Request too large',
  UNAUTHENTICATED: 'Authentication required',
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  QUOTA: 'Quota exceeded',
  RATE_LIMITED: 'Too many requests',
  TIMEOUT: 'Timed out',
  UPSTREAM_UNREACHABLE: 'Upstream unreachable',
  UPSTREAM_AUTH: 'Upstream rejected our credentials',
  UNTRUSTED_ENDPOINT: 'Server certificate not accepted',
  UNAVAILABLE: 'Service unavailable',
  INTERNAL: 'Internal error',
};

export function toProblem(error: NexusError, context: { instance?: string; requestId?: string } = {}): Problem {
  return {
    type: PROBLEM_TYPE_BASE + error.code.toLowerCase().replaceAll('_', '-'),
    title: TITLES[error.code],
    status: httpStatusOf(error.code),
    detail: error.message,
    code: error.code,
    ...(context.instance ? { instance: context.instance } : {}),
    ...(context.requestId ? { requestId: context.requestId } : {}),
    ...(error.issues ? { errors: error.issues } : {}),
  };
}
