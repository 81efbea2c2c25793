import { describe, expect, it } from '@jest/globals';
import { checkEnrollForm, EMPTY_ENROLL_FORM, parseTags } from './enroll-form.util';

describe('the enrollment options', () => {
  it('read tags with or without their tag: prefix', () => {
    expect(parseTags(' tag:ci, pve  server ')).toEqual(['tag:ci', 'tag:pve', 'tag:server']);
  });

  it('become the body the API takes', () => {
    expect(checkEnrollForm({ ...EMPTY_ENROLL_FORM, ephemeral: true, tags: 'ci', expectedHostname: ' Runner-7 ' })).toEqual({
      ok: true,
      body: { reusable: false, ephemeral: true, preauthorized: true, tags: ['tag:ci'], expirySeconds: 86_400, description: '', expectedHostname: 'runner-7' },
    });
  });

  it('say what is wrong with a tag or a host name', () => {
    expect(checkEnrollForm({ ...EMPTY_ENROLL_FORM, tags: 'tag:bad_tag', expectedHostname: 'pve.example.com' })).toEqual({
      ok: false,
      errors: { tags: expect.stringMatching(/^Tags such as tag:server/), expectedHostname: expect.stringMatching(/^A host name of letters/) },
    });
  });
});
