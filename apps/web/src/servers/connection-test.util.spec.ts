import { describe, expect, it } from '@jest/globals';
import { ConnectionFailure, type NodePin, type TestedNode } from '@pve-nexus/contracts';
import { comparePins, describeFailure, fingerprintsToAccept, healthOf, likelyEntryNode } from './connection-test.util';

const pin = (node: string, fingerprint: string): NodePin => ({ node, fingerprint, acceptedAt: '2026-03-12T10:00:00.000Z' });
const tested = (node: string, fingerprint: string | null, state: TestedNode['pin'] = 'new'): TestedNode => ({ node, online: true, fingerprint, pin: state });

describe('describeFailure', () => {
  it('has a title and advice for every reason', () => {
    for (const reason of ConnectionFailure.options) {
      const text = describeFailure(reason, { host: 'pve1.example.com', port: 8006, via: 'public' });
      expect(text.title.length).toBeGreaterThan(3);
      expect(text.advice.length).toBeGreaterThan(40);
    }
  });

  it('names the token format when the token is refused, and the tailnet when it went through it', () => {
    expect(describeFailure('unauthorized', { host: 'h', port: 8006, via: 'public' }).advice).toContain('USER@REALM!TOKENID=SECRET');
    expect(describeFailure('dns', { host: 'pve.tail.ts.net', port: 8006, via: 'tailnet' }).advice).toContain('MagicDNS');
  });
});

describe('pins', () => {
  it('compares tested nodes with the stored pins', () => {
    const nodes = [tested('pve1', 'AA'), tested('pve2', 'BB'), tested('pve3', 'CC')];
    expect(comparePins(nodes, [pin('pve1', 'AA'), pin('pve2', 'XX')], 'pinned').map((node) => node.pin)).toEqual(['match', 'changed', 'new']);
    expect(comparePins(nodes, [], 'ca').map((node) => node.pin)).toEqual(['not-pinned', 'not-pinned', 'not-pinned']);
  });

  it('offers only new or changed certificates that were reported', () => {
    const nodes = [tested('pve1', 'AA', 'match'), tested('pve2', 'BB', 'changed'), tested('pve3', 'CC', 'new'), tested('pve4', null, 'new')];
    expect(fingerprintsToAccept(nodes)).toEqual([
      { node: 'pve2', fingerprint: 'BB' },
      { node: 'pve3', fingerprint: 'CC' },
    ]);
  });

  it('guesses the entry node from the host name, else takes the only or first pinned node', () => {
    expect(likelyEntryNode('pve2.example.com', [pin('pve1', 'A'), pin('pve2', 'B')])).toBe('pve2');
    expect(likelyEntryNode('127.0.0.5', [pin('pve1', 'A'), pin('pve2', 'B')])).toBe('pve1');
    expect(likelyEntryNode('x', [pin('solo', 'A')])).toBe('solo');
    expect(likelyEntryNode('x', [])).toBeUndefined();
  });
});

describe('healthOf', () => {
  it('says "not checked yet" until a status exists', () => {
    expect(healthOf(null)).toEqual({ tone: 'neutral', label: 'Not checked yet' });
    expect(healthOf('online')).toEqual({ tone: 'ok', label: 'Online' });
    expect(healthOf('unreachable')).toEqual({ tone: 'bad', label: 'Offline' });
    expect(healthOf('degraded_quorum')).toEqual({ tone: 'warn', label: 'Degraded quorum' });
  });
});
