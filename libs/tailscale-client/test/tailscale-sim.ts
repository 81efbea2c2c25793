import { afterAll, beforeAll } from '@jest/globals';
import { Agent } from 'undici';
import type { NexusError, TailnetCredentials } from '@pve-nexus/contracts';
import { startTailscaleApi, type TailscaleApi, type TailscaleApiOptions, type TailscaleSimOAuthClient } from '@pve-nexus/testing';
import { TailnetClient, type TailnetClientOptions } from '../src/index.js';

/** Credentials of the simulator's user API access token (or another token of it). */
export const tokenCredentials = (apiToken: string, tailnet = '-'): TailnetCredentials => ({ control: 'tailscale', method: 'api_token', tailnet, apiToken });

export const oauthCredentials = (client: TailscaleSimOAuthClient, clientSecret = client.clientSecret): TailnetCredentials => ({
  control: 'tailscale',
  method: 'oauth',
  tailnet: '-',
  clientId: client.clientId,
  clientSecret,
});

/** A client of the simulator through `agent`, with quick retries so fault tests stay short. */
export function simClient(api: TailscaleApi, agent: Agent, credentials: TailnetCredentials, options: Partial<TailnetClientOptions> = {}): TailnetClient {
  return new TailnetClient({ credentials, tailscaleApiUrl: api.url, dispatcher: agent, timeoutMs: 3_000, retry: { baseDelayMs: 10, maxDelayMs: 50 }, ...options });
}

/** The error a promise rejects with (and a test failure if it resolves). */
export function failure(promise: Promise<unknown>): Promise<NexusError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as NexusError,
  );
}

/** Requests the simulator received to a path, as `METHOD path?query`. */
export const callsTo = (api: TailscaleApi, path: string) => api.requests.filter((request) => request.path === path).map((request) => `${request.method} ${request.path}${request.query}`);

/** A simulator and an undici agent for the test file: started before its tests, closed after them. */
export function withSimulator(options?: TailscaleApiOptions): { readonly api: TailscaleApi; readonly agent: Agent } {
  const state = {} as { api: TailscaleApi; agent: Agent };
  beforeAll(async () => {
    state.api = await startTailscaleApi(options);
    state.agent = new Agent();
  });
  afterAll(async () => {
    await state.agent.close();
    await state.api.close();
  });
  return state;
}
