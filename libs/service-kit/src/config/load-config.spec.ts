import { describe, expect, it } from '@jest/globals';
import { generateSigningKeyPair } from '@pve-nexus/crypto';
import { BaseEnv, DatabaseEnv } from './base-env.js';
import { ConfigError, loadConfig } from './load-config.js';

const Env = BaseEnv.extend(DatabaseEnv.shape);
const pair = generateSigningKeyPair();
const BUS = { NATS_PASSWORD: 'p'.repeat(16), NEXUS_BUS_SIGNING_KEY: pair.privateKey, NEXUS_BUS_PUBLIC_KEYS: `gateway=${pair.publicKey}` };

describe('loadConfig', () => {
  it('applies defaults that suit a developer machine', () => {
    const config = loadConfig(Env, { DATABASE_URL: 'postgresql://u@localhost/db', ...BUS });
    expect(config.NATS_URL).toEqual(['nats://127.0.0.1:4222']);
    expect(config.NATS_REQUEST_TIMEOUT_MS).toBe(5000);
  });

  it('reports every bad variable at once, never echoing values', () => {
    let caught: unknown;
    try {
      loadConfig(Env, { DATABASE_URL: 'mysql://root:topsecret@db/x', NATS_URL: 'http://nats', NATS_REQUEST_TIMEOUT_MS: 'soon' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/NATS_URL/);
    expect(problems).toMatch(/NATS_REQUEST_TIMEOUT_MS/);
    expect((caught as Error).message).not.toMatch(/topsecret/);
  });

  it('requires what has no safe default', () => {
    expect(() => loadConfig(Env, {})).toThrow(/DATABASE_URL/);
    expect(() => loadConfig(Env, {})).toThrow(/NATS_PASSWORD/);
    expect(() => loadConfig(Env, {})).toThrow(/NEXUS_BUS_SIGNING_KEY/);
  });

  it('refuses a bus key that is not an Ed25519 key, without echoing it', () => {
    expect(() => loadConfig(Env, { DATABASE_URL: 'postgresql://u@localhost/db', ...BUS, NEXUS_BUS_SIGNING_KEY: 'bm90LWEta2V5' })).toThrow(/NEXUS_BUS_SIGNING_KEY(?![\s\S]*bm90LWEta2V5)/);
  });
});
