import { describe, expect, it } from '@jest/globals';
import { isDependencyOutage } from './dependency-outage.util.js';

describe('isDependencyOutage', () => {
  it('recognises a database or cache that is down or restarting, also as a cause', () => {
    expect(isDependencyOutage(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDependencyOutage(Object.assign(new Error('Invalid invocation'), { code: 'P1001' }))).toBe(true);
    expect(isDependencyOutage(new Error('query failed', { cause: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }) }))).toBe(true);
    expect(isDependencyOutage(new Error('FATAL: the database system is starting up'))).toBe(true);
    expect(isDependencyOutage(Object.assign(new Error('x'), { name: 'PrismaClientInitializationError' }))).toBe(true);
  });

  it('leaves bugs as bugs', () => {
    expect(isDependencyOutage(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDependencyOutage(Object.assign(new Error('Unique constraint failed'), { code: 'P2002' }))).toBe(false);
    expect(isDependencyOutage(undefined)).toBe(false);
  });
});
