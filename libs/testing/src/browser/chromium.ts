import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/** Debian's Chromium (apt `chromium`); override with `CHROMIUM_PATH`. Playwright never downloads a browser here. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a quiet, offline headless run: no sandbox (tests run as root in CI), no GPU, and none of the
 * background traffic (QUIC, component updates, sync, first-run) a machine without internet would stall on.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchChromiumOptions {
  /** Chromium binary; default `process.env.CHROMIUM_PATH` or {@link DEFAULT_CHROMIUM_PATH}. */
  executablePath?: string;
  /** Flags added after {@link CHROMIUM_ARGS}; default none. */
  extraArgs?: string[];
  /** Passed to Playwright as is (`slowMo`, `timeout`...); default none. */
  launchOptions?: Omit<LaunchOptions, 'executablePath' | 'args'>;
}

/** The system Chromium driven by playwright-core, for the browser tests of every app. Close it in `afterAll`. */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  const executablePath = options.executablePath ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: run scripts/ensure-chromium.sh (installs Debian's chromium) ` +
        'or set CHROMIUM_PATH to a Chromium binary. Never `npx playwright install`: it downloads browsers.',
    );
  }
  return chromium.launch({
    ...options.launchOptions,
    executablePath,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
  });
}
