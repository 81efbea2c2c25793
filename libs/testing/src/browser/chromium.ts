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

/**
 * The system Chromium driven by playwright-core, for the browser tests of every app. Close it in
 * `afterAll`: closing throws if any page violated its Content-Security-Policy (see {@link failOnCspViolations}).
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  return failOnCspViolations(await launchBrowser(options));
}

async function launchBrowser(options: LaunchChromiumOptions): Promise<Browser> {
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

/** What the page script below logs for each violation (Chromium's own reports never reach Playwright). */
const CSP_VIOLATION = 'Content-Security-Policy violation:';

/** Runs in every page before its own scripts (through CDP, so the page's own policy does not apply to it). */
const REPORT_CSP_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error(${JSON.stringify(CSP_VIOLATION)} + ' ' + event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') + ' (' + event.sourceFile + ':' + event.lineNumber + ')');
});`;

/**
 * Makes a browser fail on any Content-Security-Policy violation of its pages: each new context (pages
 * too: `newPage` makes one) records the page's violation events, and `close()` throws with them, so every
 * browser test also proves the app satisfies its own policy (noVNC and xterm.js included).
 */
function failOnCspViolations(browser: Browser): Browser {
  const violations: string[] = [];
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    await context.addInitScript({ content: REPORT_CSP_VIOLATIONS });
    context.on('console', (message) => {
      if (message.text().startsWith(CSP_VIOLATION)) violations.push(`${message.location().url}: ${message.text()}`);
    });
    return context;
  };
  const close = browser.close.bind(browser);
  browser.close = async (...args) => {
    await close(...args);
    if (violations.length > 0) throw new Error(`Content-Security-Policy violations:\n${violations.join('\n')}`);
  };
  return browser;
}

/**
 * Saves a screenshot for the people reading a run (`/tmp/web-*.png`). It is not an assertion: on a
 * machine busy enough that Chromium cannot paint a live canvas within 10 s, the picture is skipped
 * with a note instead of failing a test whose behaviour was already checked.
 */
export async function keepScreenshot(page: { screenshot(options: { path: string; timeout: number; fullPage?: boolean }): Promise<unknown> }, path: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ ...options, path, timeout: 10_000 }).catch((error: unknown) => {
    process.stderr.write(`screenshot ${path} skipped: ${(error as Error).message.split('\n')[0]}\n`);
  });
}
