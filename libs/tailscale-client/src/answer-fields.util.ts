import { AuthKeyView, TailnetDevice } from '@pve-nexus/contracts';
import { unexpectedAnswer, type Operation, type UpstreamContext } from './http/upstream-error.js';

/** Go's zero time, which both control servers print for "never" (`0001-01-01T00:00:00Z`). */
const ZERO_TIME = /^0001-01-01T00:00:00/;

/** A control server's timestamp, with "none" in any of its spellings (absent, null, empty, zero) as null. */
export function timestampOrNull(value: string | null | undefined): string | null {
  if (!value || ZERO_TIME.test(value)) return null;
  return value;
}

/** The first IPv4 and the first IPv6 address of a device's address list. */
export function splitAddresses(addresses: readonly string[]): TailnetDevice['addresses'] {
  return {
    v4: addresses.find((address) => address.includes('.') && !address.includes(':')) ?? null,
    v6: addresses.find((address) => address.includes(':')) ?? null,
  };
}

/**
 * Mapped devices held to the contract: a control server answer that maps to something the contract
 * refuses (a timestamp that is not one, a 300-character name) is an unexpected answer, not a crash
 * somewhere downstream.
 */
export function contractDevices(candidates: readonly unknown[], context: UpstreamContext, operation: Operation): TailnetDevice[] {
  return candidates.map((candidate, index) => {
    const parsed = TailnetDevice.safeParse(candidate);
    if (!parsed.success) throw unexpectedAnswer(context, operation, `device ${index}: ${describe(parsed.error)}`);
    return parsed.data;
  });
}

/** Mapped auth keys held to the contract (see {@link contractDevices}). */
export function contractKeyViews(candidates: readonly unknown[], context: UpstreamContext, operation: Operation): AuthKeyView[] {
  return candidates.map((candidate, index) => {
    const parsed = AuthKeyView.safeParse(candidate);
    if (!parsed.success) throw unexpectedAnswer(context, operation, `key ${index}: ${describe(parsed.error)}`);
    return parsed.data;
  });
}

function describe(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0];
  return `${issue?.path.map(String).join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`;
}
