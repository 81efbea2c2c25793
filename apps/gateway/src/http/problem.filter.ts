import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { NexusError, PROBLEM_CONTENT_TYPE, toProblem, type ErrorCode } from '@pve-nexus/contracts';
import { requestIdOf } from './request-id.middleware.js';

/** Nest and body-parser HTTP errors, mapped onto our codes so every failure has one shape. */
function codeOfHttpStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 400 && status < 500) return 'VALIDATION';
  return 'INTERNAL';
}

/** The body as the person sent it: an uploaded CSV is "the file", anything else the request body. */
function bodyNameOf(req: Request): string {
  return req.is('text/csv') ? 'file' : '(body)';
}

/** 413, naming what was too large as the person knows it (never an internal field). */
export function tooLarge(bodyName: string): NexusError {
  return new NexusError('PAYLOAD_TOO_LARGE', bodyName === 'file' ? 'The file is too large' : 'Request body too large', [
    { path: bodyName, message: 'exceeds the size limit' },
  ]);
}

/**
 * Answers every failed request with RFC 9457 problem+json. Messages of unexpected errors are never
 * sent to the client (they may hold internals); the request id ties the answer to the log line.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const requestId = requestIdOf(req);
    const error = this.toNexusError(exception, requestId, bodyNameOf(req));
    const problem = toProblem(error, { instance: req.originalUrl.split('?')[0], requestId });
    if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toNexusError(exception: unknown, requestId: string, bodyName: string): NexusError {
    if (exception instanceof NexusError) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 413) return tooLarge(bodyName);
      // Our own code throws NexusError; a bare 400 here comes from Nest's body parsing.
      if (status === 400) return new NexusError('VALIDATION', 'Malformed request body', [{ path: '(body)', message: 'is not valid JSON' }]);
      const code = codeOfHttpStatus(status);
      if (code !== 'INTERNAL') return new NexusError(code, exception.message);
    }
    // body-parser's errors are plain errors with a status (malformed JSON, too large, wrong charset).
    const status = (exception as { status?: unknown; type?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      if (status === 413) return tooLarge(bodyName);
      return new NexusError('VALIDATION', 'Malformed request body', [{ path: '(body)', message: 'is not valid JSON' }]);
    }
    this.logger.error({ err: exception, requestId }, 'unhandled error');
    return new NexusError('INTERNAL', 'Internal error');
  }
}
