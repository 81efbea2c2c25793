import type { z } from 'zod';
import type { ErrorCode, ErrorEnvelope, FieldIssue } from './error-code.js';

/** The one exception class of the system: a stable code, a message safe to show, optional field issues. */
export class NexusError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'NexusError';
  }

  static fromEnvelope(envelope: ErrorEnvelope): NexusError {
    return new NexusError(envelope.code, envelope.message, envelope.issues, envelope.retryAfterSeconds);
  }

  /** Turns a zod failure into VALIDATION with one issue per field, paths joined with dots. */
  static fromZod(error: z.ZodError, what = 'input'): NexusError {
    return new NexusError(
      'VALIDATION',
      `Invalid ${what}`,
      error.issues.flatMap((issue) => {
        const path = issue.path.map(String);
        // An unknown field is reported at its own path, one issue per field.
        if (issue.code === 'unrecognized_keys') {
          return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'unknown field' }));
        }
        return [{ path: path.join('.') || '(root)', message: issue.message }];
      }),
    );
  }

  toEnvelope(): ErrorEnvelope {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }
}
