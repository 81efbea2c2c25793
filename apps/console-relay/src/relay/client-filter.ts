/**
 * Reads what a client sends, across arbitrary WebSocket frame boundaries, and returns the bytes the
 * session may pass on upstream (possibly none). Throws {@link ProtocolViolation} when the stream is
 * not the protocol it claims to be: a view-only console must understand every message to drop the
 * ones that act on the guest, so anything it cannot parse ends the session.
 */
export interface ClientFilter {
  accept(chunk: Buffer): Buffer;
}

/** The client's stream broke its protocol (the session closes with PROTOCOL_ERROR). */
export class ProtocolViolation extends Error {}

/**
 * One unit of a client's stream, as a filter measures it at the start of its unread bytes:
 * `undefined` while too few bytes arrived to tell its length.
 */
export type Unit = { length: number; keep: boolean } | undefined;

/**
 * The stream-cutting both filters share: units that are kept are passed on whole (held back until
 * complete), units that are dropped are skipped as their bytes arrive, so a long dropped message
 * (a big paste) is never buffered.
 */
export abstract class UnitFilter implements ClientFilter {
  private pending: Buffer = Buffer.alloc(0);
  private skipping = 0;

  /** Measures the unit starting at `offset` (only header bytes are needed for a dropped one). */
  protected abstract measure(data: Buffer, offset: number): Unit;

  /** Called once a kept unit is complete, before the next one is measured (a handshake's next step). */
  protected advance(): void {}

  accept(chunk: Buffer): Buffer {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    const kept: Buffer[] = [];
    let offset = 0;
    while (offset < data.length) {
      if (this.skipping > 0) {
        const skipped = Math.min(this.skipping, data.length - offset);
        this.skipping -= skipped;
        offset += skipped;
        continue;
      }
      const unit = this.measure(data, offset);
      if (!unit || (unit.keep && offset + unit.length > data.length)) {
        this.pending = Buffer.from(data.subarray(offset));
        break;
      }
      if (unit.keep) {
        kept.push(data.subarray(offset, offset + unit.length));
        offset += unit.length;
        this.advance();
      } else {
        this.skipping = unit.length;
      }
    }
    return kept.length === 1 ? kept[0]! : Buffer.concat(kept);
  }
}
