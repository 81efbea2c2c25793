import { z } from 'zod';

/**
 * Characters no input string may hold: C0/C1 controls (NUL included: PostgreSQL cannot store it in
 * text), DEL, bidi embeddings, overrides, isolates and marks (Trojan Source, CVE-2021-42574), the
 * line/paragraph separators, lone surrogates and byte-order marks inside text.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]|\p{Cs}/u;
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]|\p{Cs}/gu;
/** The same set minus tab and line breaks, for text where those are legitimate. */
const UNSAFE_IN_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]|\p{Cs}/gu;

/** The message of a refused string. */
export const SAFE_TEXT_MESSAGE = 'control characters and bidirectional overrides are not allowed';

/** True when `text` holds none of the refused characters. */
export function isSafeText(text: string): boolean {
  return !UNSAFE.test(text);
}

/** Text as recorded from free text: NFC, refused characters removed, line breaks kept as `\n`. */
export function cleanText(text: string, multiline = false): string {
  const normalised = text.normalize('NFC');
  if (multiline) return normalised.replaceAll('\r\n', '\n').replace(UNSAFE_IN_MULTILINE, '');
  return normalised.replace(/[\t\r\n]+/g, ' ').replace(UNSAFE_ALL, '');
}

/**
 * A name a person types (server, tenant, API key, display name): NFC, trimmed, 1..`max` characters,
 * refused when it holds a control character or a bidi override (a name is shown to other people).
 */
export const nameText = (max = 100) => z.string().max(max * 4).trim().normalize('NFC').min(1).max(max).refine(isSafeText, SAFE_TEXT_MESSAGE);

/**
 * One line of opaque text that is compared rather than shown (a filter, an id, a node name, a
 * password): 0..`max` characters, refused with a control character or a bidi override, not trimmed.
 */
export const lineText = (max: number, min = 0) => z.string().min(min).max(max).refine(isSafeText, SAFE_TEXT_MESSAGE);

/**
 * Free text recorded as given (a reason, a comment): never refused for its characters, normalised
 * instead (NFC, controls and bidi overrides removed; `multiline` keeps line breaks and tabs).
 */
export const recordedText = (max: number, multiline = false) =>
  z.string().max(max * 4).transform((text) => cleanText(text, multiline)).pipe(z.string().max(max));

const MAX_DEPTH = 16;

/**
 * A JSON-like value with every string and key cleaned as {@link cleanText} does, and the keys
 * `__proto__`, `constructor` and `prototype` dropped: recorded details (audit) never carry a NUL
 * (PostgreSQL's jsonb refuses it) nor a prototype-polluting key. Deeper than 16 levels is cut.
 */
export function cleanJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cleanText(value, true);
  if (value === null || typeof value !== 'object') return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  if (depth >= MAX_DEPTH) return null;
  if (Array.isArray(value)) return value.map((item) => cleanJson(item, depth + 1));
  const clean: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype' || item === undefined) continue;
    clean[cleanText(key)] = cleanJson(item, depth + 1);
  }
  return clean;
}
