import { ProtocolViolation, UnitFilter, type Unit } from './client-filter.js';

// The client's half of RFB 3.7/3.8 (RFC 6143), as noVNC speaks it to QEMU through Proxmox:
//   ProtocolVersion (12) -> security type (1; only 2, VNC Authentication: Proxmox offers no other,
//   and any other could hide the stream, as VeNCrypt's TLS would) -> its response (16) ->
//   ClientInit (1) -> client messages (7.5 and the registered extensions noVNC sends).
// RFB 3.3 has the server choose the security type, so a 3.3 client's stream cannot be followed
// with certainty: refused.

type Phase = 'version' | 'security' | 'auth' | 'init' | 'messages';
const NEXT: Record<Exclude<Phase, 'messages'>, Phase> = { version: 'security', security: 'auth', auth: 'init', init: 'messages' };
const VNC_AUTHENTICATION = 2;

const keep = (length: number): Unit => ({ length, keep: true });
const drop = (length: number): Unit => ({ length, keep: false });

/**
 * A view-only VNC console: passes the handshake and every message that only asks for pixels
 * (pixel format, encodings, update requests, continuous updates, fences, QEMU audio), drops
 * everything that acts on the guest: key and pointer events, clipboard, QEMU extended key events,
 * XVP power operations and desktop resizing. An unknown message type is a {@link ProtocolViolation}.
 */
export class RfbViewOnlyFilter extends UnitFilter {
  private phase: Phase = 'version';

  protected override advance(): void {
    if (this.phase !== 'messages') this.phase = NEXT[this.phase];
  }

  protected measure(data: Buffer, at: number): Unit {
    const have = data.length - at;
    switch (this.phase) {
      case 'version':
        if (have < 12) return undefined;
        if (!/^RFB 003\.00[78]\n$/.test(data.toString('latin1', at, at + 12))) throw new ProtocolViolation('only RFB 3.7 and 3.8 clients are supported');
        return keep(12);
      case 'security':
        if (data[at] !== VNC_AUTHENTICATION) throw new ProtocolViolation(`security type ${data[at]} is not allowed on a view-only console`);
        return keep(1);
      case 'auth':
        return keep(16);
      case 'init':
        return keep(1);
      case 'messages':
        return message(data, at, have);
    }
  }
}

/** One client message (RFC 6143 7.5 and the extensions of its 7.7/7.8 registries). */
function message(data: Buffer, at: number, have: number): Unit {
  const type = data[at]!;
  switch (type) {
    case 0: // SetPixelFormat: type, 3 padding, PIXEL_FORMAT(16)
      return keep(20);
    case 2: // SetEncodings: type, padding, u16 count, s32 x count
      return have < 4 ? undefined : keep(4 + 4 * data.readUInt16BE(at + 2));
    case 3: // FramebufferUpdateRequest: type, incremental, x, y, w, h
      return keep(10);
    case 4: // KeyEvent: type, down, 2 padding, u32 keysym
      return drop(8);
    case 5: // PointerEvent: type, buttons, x, y
      return drop(6);
    case 6: // ClientCutText: type, 3 padding, s32 length (negative: Extended Clipboard), text
      return have < 8 ? undefined : drop(8 + Math.abs(data.readInt32BE(at + 4)));
    case 150: // EnableContinuousUpdates: type, enable, x, y, w, h
      return keep(10);
    case 248: // ClientFence: type, 3 padding, u32 flags, u8 length, payload
      return have < 9 ? undefined : keep(9 + data[at + 8]!);
    case 250: // XVP: type, padding, version, operation (shutdown, reboot, reset)
      return drop(4);
    case 251: // SetDesktopSize: type, padding, u16 w, u16 h, u8 screens, padding, 16 x screens
      return have < 8 ? undefined : drop(8 + 16 * data[at + 6]!);
    case 255:
      return qemuMessage(data, at, have);
    default:
      throw new ProtocolViolation(`unknown RFB client message type ${type}`);
  }
}

/** QEMU client messages (type 255): sub-type 0 extended key event, 1 audio. */
function qemuMessage(data: Buffer, at: number, have: number): Unit {
  if (have < 2) return undefined;
  switch (data[at + 1]) {
    case 0: // Extended Key Event: type, sub-type, u16 down, u32 keysym, u32 keycode
      return drop(12);
    case 1: {
      // Audio: type, sub-type, u16 operation (0 enable, 1 disable, 2 set format + u8 format, u8 channels, u32 frequency)
      if (have < 4) return undefined;
      const operation = data.readUInt16BE(at + 2);
      if (operation > 2) throw new ProtocolViolation(`unknown QEMU audio operation ${operation}`);
      return keep(operation === 2 ? 10 : 4);
    }
    default:
      throw new ProtocolViolation(`unknown QEMU client message sub-type ${data[at + 1]}`);
  }
}
