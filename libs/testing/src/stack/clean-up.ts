/**
 * Runs every clean-up step even when one fails (so a failure never leaves the other processes
 * running), then reports all failures at once.
 */
export async function cleanUp(steps: Array<[what: string, step: () => unknown]>): Promise<void> {
  const failures: string[] = [];
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(`${what}: ${String(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`clean-up failed:\n${failures.join('\n')}`);
}
