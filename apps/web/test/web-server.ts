// Shared by the browser tests: `next start` of the production build, and signing in through the UI.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT, freePort, launchChromium, waitFor } from '@pve-nexus/testing';

const WEB_DIR = join(REPO_ROOT, 'apps/web');
const NEXT_BIN = join(REPO_ROOT, 'node_modules/next/dist/bin/next');

/** `next start` of the existing production build, as a child process with its output kept for failures. */
export class WebServer {
  readonly output: string[] = [];
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const keep = (chunk: Buffer) => this.output.push(chunk.toString());
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** Fails at once, before anything is started, when there is no production build to serve. */
  static assertBuilt(): void {
    if (!existsSync(join(WEB_DIR, '.next', 'BUILD_ID'))) {
      throw new Error('apps/web/.next is missing or incomplete: build first with `npx nx run @pve-nexus/web:build` (or `npm run build` in apps/web)');
    }
  }

  /**
   * Starts `next start` on `port` (default a free one), forwarding `/api/*` to `gatewayUrl`, and waits
   * until it answers. Choose the port first when another process must know the web origin in advance.
   * `relayUrls`: the console relays the pages' Content-Security-Policy lets them connect to.
   */
  static async start(gatewayUrl: string, port?: number, relayUrls: readonly string[] = []): Promise<WebServer> {
    WebServer.assertBuilt();
    port ??= await freePort();
    const child = spawn(process.execPath, [NEXT_BIN, 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
      cwd: WEB_DIR,
      env: { ...process.env, GATEWAY_URL: gatewayUrl, CONSOLE_RELAY_URLS: relayUrls.join(','), NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new WebServer(child, `http://127.0.0.1:${port}`);
    // waitFor treats a throwing check as "not yet", so an early exit is raced separately to fail fast.
    const exitedEarly = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) => reject(new Error(`next start exited (${code ?? signal})`))),
    );
    exitedEarly.catch(() => undefined);
    try {
      await Promise.race([waitFor('next start to answer', async () => (await fetch(`${server.url}/login`)).ok, 120_000), exitedEarly]);
    } catch (error) {
      await server.stop(); // never leave it running when it did not come up
      throw new Error(`${String(error)}\n${server.output.join('')}`);
    }
    return server;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * Replaces a one-time password through the API (as the first sign-in would), so a test that is not
 * about the password change can sign in through the form with a known password.
 */
export async function setOwnPassword(gatewayUrl: string, email: string, oneTimePassword: string, newPassword: string): Promise<void> {
  const login = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: oneTimePassword }),
  });
  if (!login.ok) throw new Error(`sign-in of ${email} failed: HTTP ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const change = await fetch(`${gatewayUrl}/api/v1/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ currentPassword: oneTimePassword, newPassword }),
  });
  if (change.status !== 204) throw new Error(`password change of ${email} failed: HTTP ${change.status} ${await change.text()}`);
}

/** Fills and submits the sign-in form at `/login` (the page must already show it). */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens `path`, signs in on the way (the console sends signed-out visitors to /login) and waits for `path` to return. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string, path = '/'): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.waitForURL(/\/login/);
  await submitLogin(page, email, password);
  await page.waitForURL((url) => url.pathname === path);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Chromium with one context and its first page. */
export interface SignedInBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/**
 * Launches Chromium and signs in as `email` through the form at `path` of `baseUrl`, in a context with
 * `viewport`. Close `browser` in `afterAll`; when the sign-in fails, it is closed here.
 */
export async function signedInBrowser(baseUrl: string, email: string, password: string, path: string, viewport: { width: number; height: number }): Promise<SignedInBrowser> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await signIn(page, baseUrl, email, password, path);
    return { browser, context, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
