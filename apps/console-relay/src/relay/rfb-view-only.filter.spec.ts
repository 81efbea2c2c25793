import { describe, expect, it } from '@jest/globals';
import { ProtocolViolation, type ClientFilter } from './client-filter.js';
import { RfbViewOnlyFilter } from './rfb-view-only.filter.js';

const u8 = (...bytes: number[]) => Buffer.from(bytes);
const u16 = (value: number) => u8(value >> 8, value & 0xff);
const u32 = (value: number) => {
  const buf = Buffer.alloc(4);
  if (value < 0) buf.writeInt32BE(value);
  else buf.writeUInt32BE(value);
  return buf;
};

const handshake = Buffer.concat([Buffer.from('RFB 003.008\n', 'latin1'), u8(2), Buffer.alloc(16, 7), u8(1)]);
// What noVNC sends: pixel format, encodings, update requests, fences, continuous updates, QEMU audio...
const setPixelFormat = Buffer.concat([u8(0, 0, 0, 0), u8(32, 24, 0, 1), u16(255), u16(255), u16(255), u8(16, 8, 0, 0, 0, 0)]);
const setEncodings = Buffer.concat([u8(2, 0), u16(3), u32(0), u32(-223), u32(-258)]);
const updateRequest = Buffer.concat([u8(3, 1), u16(0), u16(0), u16(640), u16(400)]);
const continuousUpdates = Buffer.concat([u8(150, 1), u16(0), u16(0), u16(640), u16(400)]);
const fence = Buffer.concat([u8(248, 0, 0, 0), u32(0x80000002), u8(3), Buffer.from('abc')]);
const audioEnable = Buffer.concat([u8(255, 1), u16(0)]);
const audioFormat = Buffer.concat([u8(255, 1), u16(2), u8(3, 2), u32(44_100)]);
// ...and what acts on the guest.
const keyDown = Buffer.concat([u8(4, 1, 0, 0), u32(0x61)]);
const pointer = Buffer.concat([u8(5, 1), u16(10), u16(20)]);
const cutText = Buffer.concat([u8(6, 0, 0, 0), u32(5), Buffer.from('hello')]);
const extendedClipboard = Buffer.concat([u8(6, 0, 0, 0), u32(-6), u8(0x10, 0, 0, 1), u8(0, 0)]);
const qemuKey = Buffer.concat([u8(255, 0), u16(1), u32(0x61), u32(30)]);
const xvpReboot = u8(250, 0, 1, 3);
const desktopSize = Buffer.concat([u8(251, 0), u16(800), u16(600), u8(1, 0), Buffer.alloc(16)]);

const stream = Buffer.concat([
  handshake, setPixelFormat, setEncodings, updateRequest, keyDown, pointer, cutText, qemuKey, continuousUpdates,
  fence, extendedClipboard, audioEnable, xvpReboot, audioFormat, desktopSize, updateRequest,
]);
const kept = Buffer.concat([handshake, setPixelFormat, setEncodings, updateRequest, continuousUpdates, fence, audioEnable, audioFormat, updateRequest]);

function feed(filter: ClientFilter, chunks: Buffer[]): Buffer {
  return Buffer.concat(chunks.map((chunk) => filter.accept(chunk)));
}

describe('RfbViewOnlyFilter', () => {
  it('keeps the handshake and the requests for pixels, drops keys, pointer, clipboard, XVP and resizing', () => {
    expect(feed(new RfbViewOnlyFilter(), [stream])).toEqual(kept);
  });

  it('gives the same result whatever the frame boundaries: split at every byte, and byte by byte', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      const out = feed(new RfbViewOnlyFilter(), [stream.subarray(0, cut), stream.subarray(cut)]);
      if (!out.equals(kept)) throw new Error(`different output when split at byte ${cut}`);
    }
    expect(feed(new RfbViewOnlyFilter(), [...stream].map((byte) => u8(byte)))).toEqual(kept);
  });

  it('never passes on part of a kept message', () => {
    const filter = new RfbViewOnlyFilter();
    expect(filter.accept(handshake)).toEqual(handshake);
    expect(filter.accept(setEncodings.subarray(0, 9)).length).toBe(0);
    expect(filter.accept(setEncodings.subarray(9))).toEqual(setEncodings);
  });

  it('refuses an unknown message type, another security type and RFB 3.3', () => {
    expect(() => new RfbViewOnlyFilter().accept(Buffer.concat([handshake, u8(7)]))).toThrow(ProtocolViolation);
    expect(() => new RfbViewOnlyFilter().accept(Buffer.concat([handshake, u8(255, 9)]))).toThrow(ProtocolViolation);
    expect(() => new RfbViewOnlyFilter().accept(Buffer.concat([Buffer.from('RFB 003.008\n', 'latin1'), u8(1)]))).toThrow(/security type 1/);
    expect(() => new RfbViewOnlyFilter().accept(Buffer.from('RFB 003.003\n', 'latin1'))).toThrow(ProtocolViolation);
  });
});
