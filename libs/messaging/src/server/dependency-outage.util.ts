/**
 * Error codes that mean a dependency (PostgreSQL, Redis) is unreachable or restarting rather than a
 * bug: socket errors, Prisma's "can't reach / connection closed" codes, PostgreSQL's shutdown and
 * start-up SQLSTATEs.
 */
const OUTAGE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'P1001', 'P1002', 'P1017', '57P01', '57P02', '57P03']);
const OUTAGE_MESSAGE = /can't reach database server|connection terminated|server closed the connection|the database system is (starting up|shutting down|in recovery mode)|connection is closed|terminating connection due to administrator command/i;

/**
 * Whether `error` (or any error in its `cause` chain) says a dependency is down: the caller gets
 * 503 UNAVAILABLE (try again) instead of 500 INTERNAL while PostgreSQL or Redis restarts.
 */
export function isDependencyOutage(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 8; current = (current as { cause?: unknown }).cause, depth++) {
    const { code, name, message } = current as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
    if (name === 'PrismaClientInitializationError') return true;
    if (typeof message === 'string' && OUTAGE_MESSAGE.test(message)) return true;
  }
  return false;
}
