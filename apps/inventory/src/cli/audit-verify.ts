// `npm run audit:verify`: recomputes every audit chain straight from PostgreSQL and says whether any
// entry was modified or deleted. Exit status 0: every chain is intact; 1: a problem was found (or the
// check could not run), so a cron job or a CI step can alert on it.
import 'reflect-metadata';
import { createPrismaClient } from '@pve-nexus/db';
import { DatabaseEnv, loadConfig, runMain } from '@pve-nexus/service-kit';
import type { AuditVerification } from '../audit/audit-chain.verifier.js';
import { AuditRepository } from '../audit/audit.repository.js';

const EXPLANATION = {
  'hash-mismatch': 'stored content no longer matches its hash (modified after it was written)',
  'broken-link': 'does not link to the entry before it (an entry was replaced or re-hashed)',
  'missing-entry': 'absent (deleted)',
} as const;

/** The report as lines of text: a summary, then one line per problem with its chain, seq and entry id. */
function formatVerification(report: AuditVerification): string[] {
  const summary = `audit:verify: ${report.chainsChecked} chain(s), ${report.entriesChecked} entries checked`;
  if (report.ok) return [summary, 'audit:verify: OK, every chain is intact'];
  const total = report.problems.length + report.unlistedProblems;
  return [
    summary,
    `audit:verify: FAILED, ${total} problem(s):`,
    ...report.problems.map(
      (problem) =>
        `  chain ${problem.chain}  seq ${problem.seq}  entry ${problem.entryId ?? '(missing)'}  ${problem.problem}: ${EXPLANATION[problem.problem]}`,
    ),
    ...(report.unlistedProblems > 0 ? [`  ... and ${report.unlistedProblems} more not listed`] : []),
  ];
}

runMain(async () => {
  const config = loadConfig(DatabaseEnv);
  const prisma = createPrismaClient({ url: config.DATABASE_URL, poolSize: 1 });
  try {
    const report = await new AuditRepository(prisma).verify();
    process.stdout.write(`${formatVerification(report).join('\n')}\n`);
    // exitCode rather than exit(): the report is flushed before the process ends.
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await prisma.$disconnect();
  }
});
