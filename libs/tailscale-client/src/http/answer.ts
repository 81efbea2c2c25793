import type { z } from 'zod';
import type { NexusError } from '@pve-nexus/contracts';
import type { ControlAnswer } from './control-http.js';
import { statusError, unexpectedAnswer, type Operation, type UpstreamContext } from './upstream-error.js';

/** The error of a non-2xx answer, or null for a success. */
export function failureOf(answer: ControlAnswer, context: UpstreamContext, operation: Operation): NexusError | null {
  return answer.status >= 200 && answer.status < 300 ? null : statusError(answer.status, answer.text, context, operation);
}

/**
 * A successful answer's JSON, validated: anything else (not JSON, another shape) is
 * UPSTREAM_UNREACHABLE "unexpected answer", naming the first field that did not fit.
 */
export function readAnswer<S extends z.ZodType>(answer: ControlAnswer, schema: S, context: UpstreamContext, operation: Operation): z.output<S> {
  const failure = failureOf(answer, context, operation);
  if (failure) throw failure;
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    throw unexpectedAnswer(context, operation, `not JSON (HTTP ${answer.status})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw unexpectedAnswer(context, operation, `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
