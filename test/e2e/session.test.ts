import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudio as openThroughFile } from '../../src/cli/commands/serve-open.js';
import { createFileProvider } from '../../src/server/file-provider.js';
import type { SnapshotProvider } from '../../src/server/provider.js';
import { type StudioServer, startStudioServer } from '../../src/server/server.js';
import { tutorialCopy } from '../server/support.js';
import { expectNoErrors, launchChromium, openStudio, RUN_E2E } from './browser.js';

describe.skipIf(!RUN_E2E)('the studio’s launch token in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let server: StudioServer;
  let work: ReturnType<typeof tutorialCopy>;
  let snapshots = 0;
  /** Another site's page on another port of the same host: a stranger's server. */
  let other: Server;
  let otherUrl: string;

  beforeAll(async () => {
    work = tutorialCopy();
    const files = createFileProvider(['tutorial'], { cwd: work.dir });
    const counting: SnapshotProvider = {
      snapshot: () => {
        snapshots++;
        return files.snapshot();
      },
      save: (f) => files.save!(f),
    };
    server = await startStudioServer({ provider: counting, port: 0 });
    other = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>elsewhere</title>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => other?.close(resolve));
    work?.cleanup();
  });

  it('trades the token of the printed URL for an HttpOnly, SameSite=Strict cookie and drops it from the address', async () => {
    const studio = await openStudio(browser, server.url);
    expect(studio.page.url()).toBe(server.origin);
    const cookies = await studio.page.context().cookies();
    expect(cookies).toEqual([
      expect.objectContaining({
        name: `kubereach-session-${server.port}`,
        value: server.token,
        httpOnly: true,
        sameSite: 'Strict',
      }),
    ]);
    // script on the page cannot read it
    expect(await studio.page.evaluate(() => document.cookie)).toBe('');
    expectNoErrors(studio);
    await studio.page.context().close();
  });

  it('--open: the page only the user can read sends the browser to the studio, which gets its session', async () => {
    let opened = '';
    const { cleanup } = openThroughFile(server.url, 'linux', (url) => {
      opened = url;
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(opened);
      await page.waitForSelector('#app[data-ready="true"]', { timeout: 30_000 });
      expect(page.url()).toBe(server.origin);
    } finally {
      await context.close();
      cleanup();
    }
  });

  it('without the token the page loads but gets no manifests', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.origin);
    await page.waitForSelector('p.loading:has-text("Could not load")');
    expect(await page.textContent('#app')).toContain('the server answered 401 for the snapshot');
    expect(await page.textContent('#app')).not.toContain('demo');
    await context.close();
  });

  it('a page on another port of the host makes the studio do no work, even with the session cookie', async () => {
    const context = await browser.newContext();
    const studio = await context.newPage();
    await studio.goto(server.url);
    await studio.waitForSelector('#app[data-ready="true"]', { timeout: 20_000 });
    const before = snapshots;
    const page = await context.newPage();
    await page.goto(otherUrl);
    const target = `${server.origin}api/snapshot`;
    await page.evaluate(async (url) => {
      await Promise.all(
        Array.from({ length: 16 }, () =>
          fetch(url, { mode: 'no-cors', credentials: 'include' }).catch(() => undefined),
        ),
      );
    }, target);
    expect(snapshots).toBe(before);
    await context.close();
  });
});
