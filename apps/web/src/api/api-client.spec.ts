import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { z } from 'zod';
import { sendRequest } from './api-client';

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

function answer(response: Response) {
  const fetchMock = jest.fn<typeof fetch>().mockResolvedValue(response);
  globalThis.fetch = fetchMock;
  return fetchMock;
}

describe('sendRequest', () => {
  it('sends a raw body with its own content type and reads a text answer (CSV import and export)', async () => {
    const fetchMock = answer(new Response('name,host\r\nweb,127.0.0.1\r\n', { status: 200, headers: { 'content-type': 'text/csv' } }));
    const text = await sendRequest({ method: 'POST', path: '/x', rawBody: { contentType: 'text/csv', text: 'a,b\n' }, response: z.string(), responseFormat: 'text' }, 'token');
    expect(text).toBe('name,host\r\nweb,127.0.0.1\r\n');
    const init = fetchMock.mock.calls[0]![1]!;
    expect(init.body).toBe('a,b\n');
    expect(init.headers).toMatchObject({ 'content-type': 'text/csv', authorization: 'Bearer token', accept: 'text/*, application/problem+json' });
  });

  it('still reads a problem+json failure of a text request', async () => {
    answer(Response.json({ type: 'https://pve-nexus.dev/problems/validation', title: 'Bad', status: 400, code: 'VALIDATION', detail: 'Invalid server', errors: [{ path: 'line 3.port', message: 'too big' }] }, { status: 400 }));
    await expect(sendRequest({ method: 'GET', path: '/x', response: z.string(), responseFormat: 'text' })).rejects.toMatchObject({ code: 'VALIDATION', fieldErrors: [{ path: 'line 3.port', message: 'too big' }] });
  });
});
