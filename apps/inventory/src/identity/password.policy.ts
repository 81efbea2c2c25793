import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { NexusError } from '@pve-nexus/contracts';

/** The shortest password accepted (NIST SP 800-63B: length over composition rules). */
export const PASSWORD_MIN_LENGTH = 12;
/** zxcvbn's score (0–4) a new password needs: 3 is "safely unguessable" against an offline attack on a slow hash. */
export const PASSWORD_MIN_SCORE = 3;

const zxcvbn = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

/**
 * Refuses a password that is short, contains its owner's e-mail address (or the part before `@`),
 * or that zxcvbn finds trivial or common (its dictionaries hold the most breached passwords, keyboard
 * walks, repeats and sequences). `field` is the name of the field as the person typed it.
 */
export function assertPasswordPolicy(password: string, email: string, field: string): void {
  const message = passwordProblem(password, email);
  if (message) throw new NexusError('VALIDATION', 'Choose a stronger password', [{ path: field, message }]);
}

/** Why the password is refused, or null when it is accepted. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `at least ${PASSWORD_MIN_LENGTH} characters`;
  const lower = password.toLowerCase();
  const address = email.toLowerCase();
  const local = address.split('@')[0] ?? '';
  if (lower.includes(address) || (local.length >= 3 && lower.includes(local))) return 'must not contain your e-mail address';
  const { score } = zxcvbn.check(password, [address, local]);
  if (score < PASSWORD_MIN_SCORE) return 'too easy to guess: use a longer phrase of unrelated words';
  return null;
}
