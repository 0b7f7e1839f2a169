import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';

/** The html report in a real browser: it loads offline, its script runs, the parts are there. */
describe.skipIf(!existsSync(CHROMIUM))('matrix -o html in a browser', () => {
  it('renders the grid and the graph, and highlights a node on hover, without errors', async () => {
    const { stdout } = await run(['matrix', 'examples/online-shop', '-o', 'html']);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      await page.setContent(stdout, { waitUntil: 'load' });
      expect(await page.locator('table.grid tbody tr').count()).toBe(18);
      expect(await page.locator('svg.graph .node').count()).toBe(18);
      expect(await page.locator('svg.graph .edge').count()).toBeGreaterThan(40);
      await page.locator('svg.graph .node', { hasText: 'payments-api' }).hover();
      expect(await page.locator('svg.graph').getAttribute('class')).toContain('focus');
      // in: prometheus, checkout; out: postgres, coredns, fraud-check and two outside nodes
      expect(await page.locator('svg.graph .edge.hl').count()).toBe(7);
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
