// Shared Jest settings: every project runs TypeScript as native ESM (Nest 12 is ESM-only),
// transpiled by SWC with decorator metadata so Nest's dependency injection works as in production.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(fileURLToPath(import.meta.url));
const swc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
delete swc.$schema;

/**
 * @param {string} projectDir absolute path of the project
 * @param {'unit'|'int'|'e2e'} kind unit: *.spec.ts; int: *.int-spec.ts (real Postgres/Redis/NATS); e2e: *.e2e-spec.ts
 * @param {{ database?: boolean }} [options] database: migrate a template database once for the run (default: true for int and e2e)
 */
export function jestConfig(projectDir, kind = 'unit', options = {}) {
  const database = options.database ?? kind !== 'unit';
  const testMatch = {
    unit: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    int: ['<rootDir>/src/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
    e2e: ['<rootDir>/test/**/*.e2e-spec.ts'],
  }[kind];
  return {
    rootDir: projectDir,
    displayName: `${projectDir.split('/').slice(-1)[0]}:${kind}`,
    testEnvironment: 'node',
    testMatch,
    extensionsToTreatAsEsm: ['.ts', '.tsx'],
    transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { ...swc, swcrc: false }] },
    moduleNameMapper: {
      '^@pve-nexus/([^/]+)$': `${root}/libs/$1/src/index.ts`,
      '^@pve-nexus/([^/]+)/(.+)$': `${root}/libs/$1/src/$2.ts`,
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    globalSetup: database ? `${root}/libs/testing/jest/global-setup.mjs` : undefined,
    globalTeardown: database ? `${root}/libs/testing/jest/global-teardown.mjs` : undefined,
    injectGlobals: false,
  };
}

/**
 * A project's whole Jest configuration: one Jest project per kind of test. Integration and e2e
 * tests start real processes, so files run one at a time (`--runInBand` in the test script).
 * @param {string} projectDir
 * @param {Array<'unit'|'int'|'e2e'>} kinds
 * @param {{ database?: boolean }} [options]
 */
export function jestProjects(projectDir, kinds, options = {}) {
  return {
    // Integration and end-to-end tests wait for conditions, each with its own limit; this is only the
    // backstop, generous because CI runs on a machine shared with whatever else is running.
    testTimeout: kinds.every((kind) => kind === 'unit') ? 5_000 : 180_000,
    reporters: ['default', `${root}/tools/jest/summary-reporter.js`],
    projects: kinds.map((kind) => jestConfig(projectDir, kind, options)),
  };
}
