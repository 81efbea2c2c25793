import { describe, expect, it } from '@jest/globals';
import { ProtocolViolation } from './client-filter.js';
import { TermViewOnlyFilter } from './term-view-only.filter.js';

const stream = Buffer.from('1:80:24:0:5:hello2' + '0:5:\u00e9cho' + '1:120:40:' + '0:0:' + '2', 'utf8');
const kept = Buffer.from('1:80:24:21:120:40:2', 'utf8');

describe('TermViewOnlyFilter', () => {
  it('drops terminal input (by its byte length), keeps resizes and pings, across any frame boundary', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const filter = new TermViewOnlyFilter();
      const out = Buffer.concat([filter.accept(stream.subarray(0, cut)), filter.accept(stream.subarray(cut))]);
      if (!out.equals(kept)) throw new Error(`different output when split at byte ${cut}: ${out.toString()}`);
    }
    const filter = new TermViewOnlyFilter();
    expect(Buffer.concat([...stream].map((byte) => filter.accept(Buffer.from([byte]))))).toEqual(kept);
  });

  it('refuses anything that is not a termproxy packet', () => {
    expect(() => new TermViewOnlyFilter().accept(Buffer.from('ls\n'))).toThrow(ProtocolViolation);
    expect(() => new TermViewOnlyFilter().accept(Buffer.from('0:x:'))).toThrow(ProtocolViolation);
    expect(() => new TermViewOnlyFilter().accept(Buffer.from('1;80:24:'))).toThrow(ProtocolViolation);
    expect(() => new TermViewOnlyFilter().accept(Buffer.from('1::24:'))).toThrow(ProtocolViolation);
    expect(() => new TermViewOnlyFilter().accept(Buffer.from(`0:${'9'.repeat(30)}`))).toThrow(ProtocolViolation);
  });
});
