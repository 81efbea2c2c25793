import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort, launchChromium } from '@pve-nexus/testing';
import { WebServer } from './web-server.js';

// Issue 16: the web app sent no security headers. Every page now has a nonce-based
// Content-Security-Policy that it satisfies (every browser test fails on a violation, see
// launchChromium), and every response nosniff, no framing and no Referer.
describe('web security headers', () => {
  let web: WebServer;
  const relay = 'ws://127.0.0.1:6553/console';

  beforeAll(async () => {
    // Nothing listens at this gateway: headers and the sign-in page need none.
    web = await WebServer.start(`http://127.0.0.1:${await freePort()}`, undefined, [relay]);
  });
  afterAll(async () => {
    await web?.stop();
  });

  const policyOf = (res: Response) => {
    const header = res.headers.get('content-security-policy') ?? '';
    return new Map(header.split(';').map((directive) => directive.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
  };

  it('gives each page a fresh script nonce, used by its own scripts, and a strict policy', async () => {
    const [first, second] = [await fetch(`${web.url}/login`), await fetch(`${web.url}/login`)];
    const policy = policyOf(first);
    const nonce = policy.get('script-src')?.find((value) => value.startsWith("'nonce-"))?.slice(7, -1);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(policyOf(second).get('script-src')).not.toContain(`'nonce-${nonce}'`);
    expect(policy.get('script-src')).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    // The app, and the console relays (their origins), nothing else.
    expect(policy.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:6553']);
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it('sends nosniff, no framing and no Referer on pages, static files and the API forwarder alike', async () => {
    const page = await fetch(`${web.url}/login`);
    const html = await page.text();
    const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    for (const res of [page, await fetch(`${web.url}${asset}`), await fetch(`${web.url}/api/v1/health`)]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      if (!res.bodyUsed) await res.body?.cancel();
    }
  });

  it('asks for HSTS only when served over TLS (behind a proxy that says so)', async () => {
    const plain = await fetch(`${web.url}/login`);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const tls = await fetch(`${web.url}/login`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
  });

  it('is enforced by the browser, and a violation fails the browser tests', async () => {
    const browser = await launchChromium();
    const page = await browser.newPage();
    const messages: string[] = [];
    page.on('console', (message) => messages.push(message.text()));
    // The page as an attacker who slipped markup into it would have it: an inline script, no nonce.
    await page.route('**/login', async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace('</body>', '<script>window.injected = true</script></body>');
      await route.fulfill({ response, body });
    });
    await page.goto(`${web.url}/login`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    expect(messages.filter((text) => text.startsWith('Content-Security-Policy violation:'))).toEqual([expect.stringMatching(/^Content-Security-Policy violation: script-src-elem blocked inline/)]);
    await expect(browser.close()).rejects.toThrow(/Content-Security-Policy violations/);
  });
});
