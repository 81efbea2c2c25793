// The enrollment wizard's options, checked with the contract schema the API validates with (EnrollBody),
// and a message per field that says how to fix it.
import { EnrollBody } from '@pve-nexus/contracts';
import type { z } from 'zod';

export interface EnrollFormValues {
  reusable: boolean;
  ephemeral: boolean;
  preauthorized: boolean;
  /** As typed: `tag:ci, pve` (the `tag:` prefix is added where missing). */
  tags: string;
  /** Seconds, one of {@link EXPIRY_OPTIONS}. */
  expirySeconds: string;
  expectedHostname: string;
}

/** The lifetimes offered for a key: Tailscale allows 1 hour to 90 days. */
export const EXPIRY_OPTIONS = [
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '7 days' },
  { value: '2592000', label: '30 days' },
  { value: '7776000', label: '90 days' },
] as const;

export const ENROLL_FIELDS = ['reusable', 'ephemeral', 'preauthorized', 'tags', 'expirySeconds', 'expectedHostname'] as const;
export type EnrollField = (typeof ENROLL_FIELDS)[number];
export type EnrollErrors = Partial<Record<EnrollField, string>>;
export type EnrollRequest = z.output<typeof EnrollBody>;

export const EMPTY_ENROLL_FORM: EnrollFormValues = { reusable: false, ephemeral: false, preauthorized: true, tags: '', expirySeconds: '86400', expectedHostname: '' };

/** `tag:ci, pve server` → `['tag:ci', 'tag:pve', 'tag:server']`. */
export function parseTags(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((tag) => (tag.startsWith('tag:') ? tag : `tag:${tag}`));
}

export type CheckedEnroll = { ok: true; body: EnrollRequest } | { ok: false; errors: EnrollErrors };

export function checkEnrollForm(values: EnrollFormValues): CheckedEnroll {
  const hostname = values.expectedHostname.trim();
  const parsed = EnrollBody.safeParse({
    reusable: values.reusable,
    ephemeral: values.ephemeral,
    preauthorized: values.preauthorized,
    tags: parseTags(values.tags),
    expirySeconds: Number(values.expirySeconds),
    ...(hostname ? { expectedHostname: hostname } : {}),
  });
  if (parsed.success) return { ok: true, body: parsed.data };
  const errors: EnrollErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field !== 'string' || !(ENROLL_FIELDS as readonly string[]).includes(field)) continue;
    errors[field as EnrollField] ??= enrollMessage(field as EnrollField, issue.message);
  }
  return { ok: false, errors };
}

export function enrollMessage(field: EnrollField, fallback: string): string {
  switch (field) {
    case 'tags':
      return 'Tags such as tag:server: letters, digits and dashes after tag:, at most 20';
    case 'expectedHostname':
      return 'A host name of letters, digits and dashes (no dots), as the device will call itself';
    case 'expirySeconds':
      return 'Between 1 hour and 90 days';
    default:
      return fallback;
  }
}
