import { ProtocolViolation, UnitFilter, type Unit } from './client-filter.js';

// termproxy's client packets (pve-xtermjs), after the login line the relay sends itself:
//   0:<byte length>:<data>   terminal input
//   1:<cols>:<rows>:         resize
//   2                        ping
const COLON = 0x3a;
/** Longest header worth waiting for: "1:" + two numbers of up to 10 digits and their colons. */
const MAX_HEADER = 26;

/**
 * A view-only terminal: drops input packets, passes resizes and pings. Anything else (or a header
 * that is not digits) is a {@link ProtocolViolation}.
 */
export class TermViewOnlyFilter extends UnitFilter {
  protected measure(data: Buffer, at: number): Unit {
    switch (data[at]) {
      case 0x32: // '2'
        return { length: 1, keep: true };
      case 0x31: {
        // '1'
        const fields = header(data, at, 3);
        return fields && { length: fields.length, keep: true };
      }
      case 0x30: {
        // '0'
        const fields = header(data, at, 2);
        return fields && { length: fields.length + fields.numbers[0]!, keep: false };
      }
      default:
        throw new ProtocolViolation(`unknown terminal packet type ${JSON.stringify(String.fromCharCode(data[at]!))}`);
    }
  }
}

/**
 * Reads `<type>:<n>:` (2 colons) or `<type>:<n>:<n>:` (3 colons) at `at`: its length and numbers,
 * or undefined while incomplete. A byte that cannot belong to the header fails at once.
 */
function header(data: Buffer, at: number, colons: number): { length: number; numbers: number[] } | undefined {
  const numbers: number[] = [];
  let digits = '';
  for (let i = at + 1; i < data.length; i++) {
    if (i - at >= MAX_HEADER) throw new ProtocolViolation('terminal packet header too long');
    const byte = data[i]!;
    if (byte === COLON) {
      if (i === at + 1) continue;
      if (digits === '') throw new ProtocolViolation('terminal packet field is empty');
      numbers.push(Number(digits));
      digits = '';
      if (numbers.length === colons - 1) return { length: i - at + 1, numbers };
    } else if (byte >= 0x30 && byte <= 0x39 && i > at + 1) {
      digits += String.fromCharCode(byte);
    } else {
      throw new ProtocolViolation('terminal packet header is not "<type>:<number>:..."');
    }
  }
  return undefined;
}
