import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium; `npx playwright install` cannot download browsers here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the end-to-end tests run: always in CI (where .ci/run installs Chromium, and a
 * missing browser must fail), elsewhere only when Chromium is installed.
 */
/**
 * For `expect.poll` on what the page does after an action: the default second is too short on
 * a loaded machine, where a save or a redraw can take several.
 */
export const POLL = { timeout: 30_000, interval: 100 };
export const RUN_E2E = existsSync(CHROMIUM) || process.env.CI === 'true';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Chromium builds its omnibox popups as WebUI pages at start, in a renderer of their own
      // that keeps about one core busy for seconds — on a 2-core machine, half of what the
      // studio being measured gets. A test browser never opens them.
      '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI',
    ],
  });
}

/** A page that records script errors and dialogs (an `alert` would mean injected markup ran). */
export interface StudioPage {
  readonly page: Page;
  readonly errors: string[];
  readonly dialogs: string[];
}

export interface OpenOptions {
  /** How long the first analysis may take (20 s). */
  readonly timeout?: number;
  /** Runs before the page loads (init scripts that watch it). */
  readonly prepare?: (page: Page) => Promise<void>;
}

/**
 * Opens the studio and waits for its first drawn analysis, or for an error it shows. Waits by
 * polling one attribute (a selector wait re-checks the whole page on every frame, which costs
 * seconds on a page of thousands of nodes).
 */
export async function openStudio(
  browser: Browser,
  url: string,
  options: OpenOptions = {},
): Promise<StudioPage> {
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 }, acceptDownloads: true });
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await options.prepare?.(page);
  await page.goto(url);
  await page.waitForFunction(
    () => {
      const app = document.getElementById('app');
      return (
        app?.dataset.error !== undefined || (app?.dataset.ready === 'true' && app.dataset.busy === 'false')
      );
    },
    null,
    { timeout: options.timeout ?? 20_000, polling: 100 },
  );
  return { page, errors, dialogs };
}

/** The number of analyses the page has drawn so far. */
export async function revision(page: Page): Promise<number> {
  return Number((await page.getAttribute('#app', 'data-revision')) ?? '0');
}

/** Waits until the page has drawn an analysis newer than `after`. */
export async function nextAnalysis(page: Page, after: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const app = document.getElementById('app');
      return app !== null && Number(app.dataset.revision ?? '0') > n && app.dataset.busy === 'false';
    },
    after,
    { timeout: 20_000 },
  );
}

/** Saves a screenshot when STUDIO_SCREENSHOTS names a directory (for looking at the pages). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.STUDIO_SCREENSHOTS;
  if (dir !== undefined && dir !== '') await page.screenshot({ path: `${dir}/${name}.png` });
}

export function edgeSelector(src: string, dst: string, change?: string): string {
  return `.edge[data-src="${src}"][data-dst="${dst}"]${change === undefined ? ':not([data-change])' : `[data-change="${change}"]`}`;
}

/** Fails the test when the page logged a script error. */
export function expectNoErrors(studio: StudioPage): void {
  expect(studio.errors).toEqual([]);
  expect(studio.dialogs).toEqual([]);
}
