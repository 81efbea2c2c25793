// The part of noVNC 1.7's RFB API (docs/API.md of @novnc/novnc) this console uses. The package ships
// no types, and DefinitelyTyped's describe 1.6's `lib/rfb` path, which 1.7's `exports` no longer has.
declare module '@novnc/novnc' {
  /** What the VNC server may ask for; Proxmox's vncproxy asks for a password only. */
  export interface RfbCredentials {
    username?: string;
    password?: string;
    target?: string;
  }

  export interface RfbOptions {
    credentials?: RfbCredentials;
  }

  export interface RfbEvents {
    connect: CustomEvent<Record<string, never>>;
    disconnect: CustomEvent<{ clean: boolean }>;
    credentialsrequired: CustomEvent<{ types: Array<keyof RfbCredentials> }>;
    securityfailure: CustomEvent<{ status: number; reason?: string }>;
    clipboard: CustomEvent<{ text: string }>;
  }

  /** One connection to a VNC server over a WebSocket (or a WebSocket given to it). */
  export default class RFB extends EventTarget {
    constructor(target: HTMLElement, urlOrChannel: string | WebSocket, options?: RfbOptions);
    /** Ignore local keyboard and mouse; default false. */
    viewOnly: boolean;
    /** Scale the remote screen to the target element; default false. */
    scaleViewport: boolean;
    addEventListener<K extends keyof RfbEvents>(type: K, listener: (event: RfbEvents[K]) => void): void;
    disconnect(): void;
    /** Left Control, left Alt, Delete (nothing when view-only or not connected). */
    sendCtrlAltDel(): void;
    /** A key press and release, or only `down` when given; `code` is a `KeyboardEvent.code`. */
    sendKey(keysym: number, code: string | null, down?: boolean): void;
    /** Sends text to the server's clipboard (ISO 8859-1 unless the server speaks extended clipboard). */
    clipboardPasteFrom(text: string): void;
    focus(options?: FocusOptions): void;
  }
}
