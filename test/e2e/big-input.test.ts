import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileProvider } from '../../src/server/file-provider.js';
import { type StudioServer, startStudioServer } from '../../src/server/server.js';
import { CHROMIUM, launchChromium, openStudio, RUN_E2E } from './browser.js';
import { type GeneratedTree, manyNamespacesTree } from './clusters.js';
import { longestTask, watchLongTasks } from './timing.js';

if (!RUN_E2E) console.warn(`big-input studio tests skipped: no Chromium at ${CHROMIUM}`);

describe.skipIf(!RUN_E2E)('the studio on input the CLI handles', { timeout: 180_000 }, () => {
  let browser: Browser;
  let server: StudioServer;
  let tree: GeneratedTree;

  beforeAll(async () => {
    tree = manyNamespacesTree(3000);
    server = await startStudioServer({
      provider: createFileProvider([tree.root], { cwd: tree.dir }),
      port: 0,
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    tree?.cleanup();
  });

  it('draws the namespace overview of 3,000 namespaces and 180,000 connections, with no error', async () => {
    const studio = await openStudio(browser, server.url, { timeout: 150_000, prepare: watchLongTasks });
    const { page, errors } = studio;
    expect(await page.getAttribute('#app', 'data-error')).toBeNull();
    expect(errors).toEqual([]);
    // the overview: every namespace folded, its edges left out with a notice saying so
    expect(await page.getAttribute('svg.graph', 'data-scope')).toBe('all');
    expect(await page.locator('.node.namespace').count()).toBe(3000);
    expect(await page.locator('.node:not(.namespace):not(.external)').count()).toBe(0);
    expect(Number(await page.getAttribute('svg.graph', 'data-omitted-edges'))).toBeGreaterThan(0);
    expect(await page.textContent('.graph-notice')).toContain('click a namespace');
    expect(await page.textContent('footer')).toContain('180000 allowed connections');
    // drilling into one namespace draws its own connections
    await page.locator('.node.namespace[data-id="namespace:ns-7"]').dispatchEvent('click');
    await page.waitForSelector('svg.graph[data-scope="namespace"]');
    await page.waitForSelector('#app[data-busy="false"]');
    await page.waitForSelector('.node[data-id="ns-7/app"]');
    expect(await page.locator('.edge').count()).toBeGreaterThan(50);
    const longest = await longestTask(page);
    console.log(`3,000 namespaces: longest main-thread task ${longest.toFixed(0)} ms`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
