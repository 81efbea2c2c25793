// The fault suite (`npm run test:faults`, docs/RELIABILITY.md): the whole stack under restarts,
// crashes, misbehaving Proxmox servers and sustained load. Kept out of `npm test` (jest.config.js),
// since one run takes several minutes.
import { jestConfig } from '../../jest.preset.js';

const root = import.meta.dirname;

export default {
  // Each test waits for conditions with its own limit; the sustained-load test sets its own timeout.
  testTimeout: 300_000,
  reporters: ['default'],
  projects: [{ ...jestConfig(root, 'e2e'), displayName: 'gateway:faults', testMatch: ['<rootDir>/test/faults/**/*.faults-spec.ts'] }],
};
