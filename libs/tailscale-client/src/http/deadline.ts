/**
 * The time budget of one public call: every request, retry, backoff and token fetch of the call
 * shares it, so a call never outlives `timeoutMs` however the control server behaves.
 */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly endsAt: number;

  constructor(readonly timeoutMs: number) {
    this.signal = AbortSignal.timeout(timeoutMs);
    this.endsAt = Date.now() + timeoutMs;
  }

  get expired(): boolean {
    return this.signal.aborted;
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }
}
