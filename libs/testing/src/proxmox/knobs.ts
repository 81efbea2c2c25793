/** Injected request failures: the next `count` requests (or a random `fraction`) answer `status`. */
export interface RequestFailure {
  /** HTTP status, e.g. 500, 502, 503, or pveproxy's 595/596 for an unreachable node. */
  status: number;
  /** Fail this many matching requests (default: every matching request while the rule lasts). */
  count?: number;
  /** Instead of a count, fail each matching request with this probability (0..1). */
  fraction?: number;
  /** Reason phrase of the status line; defaults per status (see DEFAULT_FAILURE_MESSAGES). */
  message?: string;
  /** Only requests whose path (after /api2/json) matches. */
  path?: RegExp;
}

/**
 * Default reason phrases. 595/596 are the statuses pveproxy passes on from AnyEvent::HTTP when it
 * cannot reach the node a request is for (595: errors during connection establishment, 596:
 * during TLS negotiation / request sending); the reason is the socket error.
 */
export const DEFAULT_FAILURE_MESSAGES: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  595: 'No route to host',
  596: 'Connection timed out',
};

/** How the server hangs: 'response' reads requests and never answers; 'tls' never finishes the TLS handshake. */
export type HangMode = 'response' | 'tls';

/** The programmable faults of one server (see ProxmoxServer for the methods that set them). */
export class FaultState {
  latency = { fixedMs: 0, jitterMs: 0 };
  hang: HangMode | undefined;
  private failures: Array<RequestFailure & { remaining: number }> = [];

  addFailure(rule: RequestFailure): void {
    this.failures.push({ ...rule, remaining: rule.count ?? Infinity });
  }

  clearFailures(): void {
    this.failures = [];
  }

  /** The failure to answer for this request, if any (consumes one from counted rules). */
  takeFailure(path: string): { status: number; message: string } | undefined {
    for (const rule of this.failures) {
      if (rule.path && !rule.path.test(path)) continue;
      if (rule.fraction !== undefined && Math.random() >= rule.fraction) continue;
      if (--rule.remaining <= 0) this.failures.splice(this.failures.indexOf(rule), 1);
      return { status: rule.status, message: rule.message ?? DEFAULT_FAILURE_MESSAGES[rule.status] ?? 'Error' };
    }
    return undefined;
  }

  /** The delay to add before handling a request. */
  delayMs(): number {
    return this.latency.fixedMs + (this.latency.jitterMs > 0 ? Math.random() * this.latency.jitterMs : 0);
  }
}
