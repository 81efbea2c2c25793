/**
 * Proxmox task ids (UPID), as PVE::Tools::upid_encode / upid_decode write and read them
 * (pve-common src/PVE/Tools.pm):
 *   sprintf("UPID:%s:%08X:%08X:%08X:%s:%s:%s:", node, pid, pstart, starttime, type, id, user)
 * pid, pstart and starttime are upper-case hex; pstart may grow to 9 digits after ~497 days of uptime.
 */
export interface Upid {
  node: string;
  /** Worker process id. */
  pid: number;
  /** Worker start time in clock ticks since boot (/proc/<pid>/stat field 22). */
  pstart: number;
  /** Epoch seconds. */
  starttime: number;
  /** qmstart, vzstop, vncproxy, vncshell... */
  type: string;
  /** The guest id, or '' for node tasks. */
  id: string;
  /** `user@realm` or, for API tokens, `user@realm!tokenid`. */
  user: string;
}

const hex8 = (value: number) => value.toString(16).toUpperCase().padStart(8, '0');

/** Encodes a task id exactly like upid_encode. */
export function encodeUpid(upid: Upid): string {
  return `UPID:${upid.node}:${hex8(upid.pid)}:${hex8(upid.pstart)}:${hex8(upid.starttime)}:${upid.type}:${upid.id}:${upid.user}:`;
}

// The regular expression of upid_decode, unchanged.
const UPID_RE =
  /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s]+):([^:\s]*):([^:\s]+):$/;

/** Decodes a task id like upid_decode; undefined where PVE would answer "unable to parse worker upid". */
export function decodeUpid(value: string): Upid | undefined {
  const match = UPID_RE.exec(value);
  if (!match) return undefined;
  return {
    node: match[1] as string,
    pid: parseInt(match[3] as string, 16),
    pstart: parseInt(match[4] as string, 16),
    starttime: parseInt(match[5] as string, 16),
    type: match[6] as string,
    id: match[7] as string,
    user: match[8] as string,
  };
}
