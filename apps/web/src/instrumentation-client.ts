import { z } from 'zod';

// Zod compiles object schemas with `new Function` when it may, and probes whether it may by trying:
// under this app's Content-Security-Policy (no 'unsafe-eval') that probe is a policy violation in
// every page. Its interpreter gives the same results. Next.js runs this file before the app's own
// code (instrumentation-client), so no schema is used before it.
z.config({ jitless: true });
