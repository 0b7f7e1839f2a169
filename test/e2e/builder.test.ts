import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileProvider } from '../../src/server/file-provider.js';
import { type StudioServer, startStudioServer } from '../../src/server/server.js';
import { tutorialCopy } from '../server/support.js';
import {
  CHROMIUM,
  expectNoErrors,
  launchChromium,
  nextAnalysis,
  openStudio,
  RUN_E2E,
  revision,
  type StudioPage,
  screenshot,
} from './browser.js';

if (!RUN_E2E) console.warn(`builder end-to-end tests skipped: no Chromium at ${CHROMIUM}`);

describe.skipIf(!RUN_E2E)('"Make this allowed / denied" in Chromium', { timeout: 90_000 }, () => {
  let browser: Browser;
  let server: StudioServer;
  let work: ReturnType<typeof tutorialCopy>;
  let studio: StudioPage;

  beforeAll(async () => {
    work = tutorialCopy();
    server = await startStudioServer({
      provider: createFileProvider(['tutorial'], { cwd: work.dir }),
      port: 0,
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    work?.cleanup();
  });
  beforeEach(async () => {
    studio = await openStudio(browser, server.url);
  }, 60_000);
  afterEach(async () => {
    expectNoErrors(studio);
    await studio.page.close();
  });

  async function explain(src: string, dst: string, port: string, verdict: string) {
    const { page } = studio;
    // the explain panel is closed until used
    if (!(await page.isVisible('section.explain'))) await page.click('button[data-action="open-explain"]');
    await page.fill('input[aria-label="from"]', src);
    await page.fill('input[aria-label="to"]', dst);
    await page.fill('input[aria-label="port"]', port);
    await page.click('form.picker button[type="submit"]');
    await page.waitForSelector(`.explain-head[data-verdict="${verdict}"]`);
  }

  it('proposes opening 8080 for http-echo only, shows what kube-demo +8080 also opens, applies it undoably', async () => {
    const { page } = studio;
    await explain('dev1/demo1', 'dev2/http-echo', '8080', 'denied');
    await page.click('.fix-ask[data-want="allowed"]');
    await page.waitForSelector('.fix-proposal');
    const first = page.locator('.fix-proposal').first();
    expect(await first.getAttribute('data-strategy')).toBe('add-policy');
    expect(await first.getAttribute('data-side-effects')).toBe('0');
    const addPort = page.locator('.fix-proposal[data-strategy="add-port"]');
    expect(await addPort.locator('.fix-effect').allTextContents()).toEqual([
      'dev1/demo1 → dev2/demo2: +TCP 8080',
    ]);
    await screenshot(page, 'builder-fix-proposals');
    const before = await revision(page);
    await first.locator('.fix-apply').click();
    await nextAnalysis(page, before);
    await explain('dev1/demo1', 'dev2/http-echo', '8080', 'allowed');
    // demo2 stays closed on 8080: the applied proposal had no side effect
    await explain('dev1/demo1', 'dev2/demo2', '8080', 'denied');
    // an edit like any other: undo in the editor takes it back
    const applied = await revision(page);
    await page.click('.cm-content');
    await page.keyboard.press('Control+z');
    await nextAnalysis(page, applied);
    await explain('dev1/demo1', 'dev2/http-echo', '8080', 'denied');
  });

  it('"Make this denied" proposes narrowing edits, each with its side effects', async () => {
    const { page } = studio;
    await explain('dev1/demo1', 'dev2/demo2', '80', 'allowed');
    await page.click('.fix-ask[data-want="denied"]');
    await page.waitForSelector('.fix-proposal');
    const strategies = await page
      .locator('.fix-proposal')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-strategy')));
    expect(strategies).toContain('narrow-peer');
  });

  it('says why nothing can be done when policies do not decide', async () => {
    const { page } = studio;
    await explain('dev1/demo1', 'dev2/svc/http-echo', '80', 'no-such-port');
    await page.click('.fix-ask[data-want="allowed"]');
    await page.waitForSelector('.fix-blocker');
    expect(await page.textContent('.fix-blocker')).toContain('not decided by policies');
  });

  it('the builder: a workload, a peer of the cluster, a port of its Service; the YAML and the graph change together', async () => {
    const { page } = studio;
    await page.click('button[data-action="builder"]');
    await page.waitForSelector('.builder:not([hidden])');
    let before = await revision(page);
    await page.selectOption('select[aria-label="builder subject"]', 'dev2/http-echo');
    await nextAnalysis(page, before);
    await page.selectOption('select[aria-label="peer area"]', 'cluster');
    await page.selectOption('select[aria-label="peer"]', 'dev1/demo1');
    before = await revision(page);
    await page.click('.builder-add-peer');
    await nextAnalysis(page, before);
    // the port comes from the Service in front of http-echo
    before = await revision(page);
    await page.check('.builder-port input[data-port="8080/TCP"]');
    await nextAnalysis(page, before);
    const preview = await page.textContent('.builder-preview');
    expect(preview).toContain('name: allow-http-echo-ingress');
    expect(preview).toContain('kubernetes.io/metadata.name: dev1');
    expect(await page.textContent('.cm-content')).toContain('allow-http-echo-ingress');
    await page.waitForSelector('.edge[data-src="dev1/demo1"][data-dst="dev2/http-echo"]');
    await screenshot(page, 'builder-panel');
    await explain('dev1/demo1', 'dev2/http-echo', '8080', 'allowed');
    await explain('dev1/demo1', 'dev2/demo2', '8080', 'denied');
    before = await revision(page);
    await page.click('.builder-discard');
    await nextAnalysis(page, before);
    expect(await page.textContent('.cm-content')).not.toContain('allow-http-echo-ingress');
    await explain('dev1/demo1', 'dev2/http-echo', '8080', 'denied');
  });
});
