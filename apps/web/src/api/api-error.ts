import { ErrorCode, Problem, type FieldIssue } from '@pve-nexus/contracts';

/**
 * What went wrong with one API call: the gateway's codes, plus two that only a client can see:
 * `NETWORK` (no answer at all) and `INVALID_RESPONSE` (an answer that matches no contract schema).
 */
export type ApiErrorCode = ErrorCode | 'NETWORK' | 'INVALID_RESPONSE';

// Where the gateway puts a failing input: `body.email`, `query.action`, `params.userId`; services
// report the bare field (`email`, `currentPassword`). Forms only know the bare field name.
const LOCATION_PREFIX = /^(body|query|params)\./;

/** A failed API call, from a problem+json answer or from the network; `detail` is fit to show as is. */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when there was no answer. */
    readonly status: number,
    readonly code: ApiErrorCode,
    /** One human sentence: problem+json `detail`. */
    readonly detail: string,
    /** Problems with single inputs (VALIDATION, some CONFLICT and NOT_FOUND answers); default none. */
    readonly fieldErrors: readonly FieldIssue[] = [],
    /** From `Retry-After` on 429 and 503 answers. */
    readonly retryAfterSeconds?: number,
    /** The gateway's request id, to quote when reporting a problem. */
    readonly requestId?: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  /** The message for one form field (`email`, `newPassword`), whatever prefix the gateway gave it. */
  fieldError(field: string): string | undefined {
    return this.fieldErrors.find((issue) => issue.path.replace(LOCATION_PREFIX, '') === field)?.message;
  }

  /** Field errors for fields that the form does not show, so that none is silently dropped. */
  otherFieldErrors(shown: readonly string[]): FieldIssue[] {
    return this.fieldErrors.filter((issue) => !shown.includes(issue.path.replace(LOCATION_PREFIX, '')));
  }

  /** Turns an answer that is not 2xx into an ApiError, from its problem+json body when it has one. */
  static fromResponse(response: Response, body: unknown): ApiError {
    const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
    const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined;
    const problem = Problem.safeParse(body);
    if (problem.success) {
      const { code, detail, errors, requestId } = problem.data;
      return new ApiError(response.status, asCode(code, response.status), detail, errors ?? [], retryAfterSeconds, requestId);
    }
    const detail = response.status >= 500 ? `The server did not answer properly (HTTP ${response.status}).` : `Unexpected answer (HTTP ${response.status}).`;
    return new ApiError(response.status, asCode(undefined, response.status), detail, [], retryAfterSeconds);
  }

  static network(): ApiError {
    return new ApiError(0, 'NETWORK', 'The console server cannot be reached. Check your connection and try again.');
  }
}

function asCode(code: string | undefined, status: number): ApiErrorCode {
  const known = ErrorCode.safeParse(code);
  if (known.success) return known.data;
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  return status >= 500 ? 'INTERNAL' : 'VALIDATION';
}

/** Any thrown value as an ApiError, so that every catch block can show `detail`. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'INVALID_RESPONSE', error instanceof Error ? error.message : 'Something went wrong.');
}
