import { describe, expect, it } from '@jest/globals';
import { NexusError } from '@pve-nexus/contracts';
import { assertPasswordPolicy, passwordProblem } from './password.policy.js';

describe('password policy', () => {
  const email = 'ada.lovelace@example.com';

  it('accepts a long phrase of unrelated words', () => {
    expect(passwordProblem('copper kettle marches sideways', email)).toBeNull();
  });

  it.each([
    ['short', 'Tr0ub4dor&3', 'at least 12 characters'],
    ['a repeat', 'aaaaaaaaaaaa', 'too easy to guess'],
    ['a common password', 'password1234', 'too easy to guess'],
    ['a keyboard walk', 'qwertyuiop123', 'too easy to guess'],
    ['the e-mail address', 'ada.lovelace@example.com', 'e-mail'],
    ['the e-mail\'s local part', 'xyz-Ada.Lovelace-2024', 'e-mail'],
  ])('refuses %s', (_what, password, reason) => {
    expect(passwordProblem(password, email)).toContain(reason);
  });

  it('names the field the person typed the password in', () => {
    let thrown: unknown;
    try {
      assertPasswordPolicy('aaaaaaaaaaaa', email, 'newPassword');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NexusError);
    expect(thrown).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'newPassword', message: expect.stringContaining('guess') }] });
  });
});
