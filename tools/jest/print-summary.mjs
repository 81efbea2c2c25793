// Prints the closing line of `npm test`: the totals over every project's Jest run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.reports';
let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const file of readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  passed += report.passed;
  failed += report.failed;
  skipped += report.skipped;
  rows.push(`  ${report.project.padEnd(28)} ${report.passed} passed, ${report.failed} failed`);
}
console.log(`\n${rows.join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
