/**
 * Every policy dialect in the studio, in Chromium: CiliumNetworkPolicies listed, switched off,
 * edited and explained; Cilium templates; "Add policy" into a new file the server creates; the
 * tutorial replayed with CNPs.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileProvider } from '../../src/server/file-provider.js';
import { type StudioServer, startStudioServer } from '../../src/server/server.js';
import { tutorialCopy } from '../server/support.js';
import {
  CHROMIUM,
  edgeSelector,
  expectNoErrors,
  launchChromium,
  nextAnalysis,
  openStudio,
  POLL,
  RUN_E2E,
  revision,
  type StudioPage,
} from './browser.js';

const ARTIFACTS = process.env.STUDIO_SCREENSHOTS ?? join(process.cwd(), 'test-artifacts', 'studio');

async function keep(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** The machine is shared: give the first analysis time. */
const OPEN = { timeout: 60_000 };

if (!RUN_E2E)
  console.warn(`studio dialect tests skipped: no Chromium at ${CHROMIUM} (they always run in CI)`);

describe.skipIf(!RUN_E2E)('the studio with Cilium policies', { timeout: 120_000 }, () => {
  let browser: Browser;
  let server: StudioServer;
  let dir: string;
  let studio: StudioPage;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubereach-dialects-'));
    cpSync(new URL('../../examples/tutorial-cilium', import.meta.url), join(dir, 'cilium'), {
      recursive: true,
    });
    rmSync(join(dir, 'cilium', 'mixed'), { recursive: true });
    server = await startStudioServer({ provider: createFileProvider(['cilium'], { cwd: dir }), port: 0 });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    studio = await openStudio(browser, server.url, OPEN);
  }, 90_000);
  afterEach(async () => {
    expectNoErrors(studio);
    await studio.page.close();
  });

  it('lists CNPs with kind and tier, switches one off, explains with its rules', async () => {
    const { page } = studio;
    const kubeDemo = 'li.policy[data-policy="cnp/dev2/kube-demo"]';
    await page.waitForSelector(kubeDemo);
    expect(await page.textContent(`${kubeDemo} .meta`)).toContain('CiliumNetworkPolicy · namespace tier');
    expect(await page.textContent('li.policy[data-policy="cnp/dev2/deny-all"] .meta')).toContain('Ingress');
    await page.waitForSelector(edgeSelector('dev1/demo1', 'dev2/demo2'));
    expect(await page.locator(edgeSelector('default/default', 'dev2/demo2')).count()).toBe(0);
    await page.locator(edgeSelector('dev1/demo1', 'dev2/demo2')).dispatchEvent('click');
    await page.waitForSelector('.explain-head[data-verdict="allowed"]');
    expect(await page.textContent('.explain-body')).toContain('cnp/dev2/kube-demo');
    const r = await revision(page);
    await page.uncheck('input[aria-label="policy cnp/dev2/kube-demo enabled"]');
    await nextAnalysis(page, r);
    await page.waitForSelector(edgeSelector('dev1/demo1', 'dev2/demo2', 'removed'));
    expect(await page.textContent('footer')).toContain('1 policy (1 off)');
  });

  it('puts a CNP mistake at its line in the editor and re-evaluates the edit', async () => {
    const { page } = studio;
    await page.click('.file-tree .tree-file[data-file="cilium/policy-kube-demo.yaml"]');
    const r = await revision(page);
    await page.locator('.cm-line', { hasText: 'port: "80"' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace'); // the closing quote
    await page.keyboard.type('80"');
    await nextAnalysis(page, r);
    await page.waitForSelector(edgeSelector('dev1/demo1', 'dev2/demo2', 'changed'));
    const r2 = await revision(page);
    await page.locator('.cm-line', { hasText: 'protocol: TCP' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type('X');
    await nextAnalysis(page, r2);
    await page.waitForSelector('.diagnostic[data-rule="invalid-policy"]');
    await page.waitForSelector('.cm-lintRange-error');
    expect(await page.locator('.cm-lint-marker-error').count()).toBeGreaterThan(0);
    expect(await page.textContent('.diagnostic[data-rule="invalid-policy"]')).toContain('TCPX');
  });

  it('adds a Cilium template into a new file, which Save creates beside the others', async () => {
    const { page } = studio;
    await page.click('button[data-action="add-policy"]');
    await page.waitForSelector('dialog[data-dialog="template"]');
    await page.selectOption('select[data-field="template"]', 'cnp-allow-world');
    await page.fill('input[data-field="namespace"]', 'dev2');
    const target = await page.getAttribute('select[data-field="file"]', 'data-target');
    expect(['cilium/policy-deny-all.yaml', 'cilium/policy-kube-demo.yaml']).toContain(target);
    expect(await page.textContent('.target-note')).toContain('holds the other policies of dev2');
    await page.fill('input[data-field="namespace"]', 'dev1');
    expect(await page.textContent('pre.preview')).toContain('toEntities:');
    expect(await page.getAttribute('select[data-field="file"]', 'data-target')).toBe(
      'cilium/allow-world-443.yaml',
    );
    const r = await revision(page);
    await page.click('dialog[data-dialog="template"] button[data-action="confirm"]');
    await nextAnalysis(page, r);
    await page.waitForSelector('.file-tree .tree-file[data-file="cilium/allow-world-443.yaml"]');
    await page.waitForSelector('li.policy[data-policy="cnp/dev1/allow-world-443"]');
    expect(existsSync(join(dir, 'cilium', 'allow-world-443.yaml'))).toBe(false);
    await page.click('button[data-action="save"]');
    await page.waitForSelector('dialog[data-dialog="confirm"]');
    expect(await page.textContent('dialog[data-dialog="confirm"]')).toContain('cilium/allow-world-443.yaml');
    await page.click('dialog[data-dialog="confirm"] button[data-action="confirm"]');
    await page.locator('.toast', { hasText: 'Saved' }).waitFor();
    await expect
      .poll(
        () =>
          existsSync(join(dir, 'cilium', 'allow-world-443.yaml')) &&
          readFileSync(join(dir, 'cilium', 'allow-world-443.yaml'), 'utf8'),
        POLL,
      )
      .toContain('name: allow-world-443');
    await expect.poll(() => page.textContent('button[data-action="save"]'), POLL).toBe('Save');
    // a later edit of the new file is an ordinary save
    await page.click('.file-tree .tree-file[data-file="cilium/allow-world-443.yaml"]');
    await page.locator('.cm-line', { hasText: 'port: "443"' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('4"');
    await page.keyboard.press('Control+s');
    await page.click('dialog[data-dialog="confirm"] button[data-action="confirm"]');
    await expect
      .poll(() => readFileSync(join(dir, 'cilium', 'allow-world-443.yaml'), 'utf8'), POLL)
      .toContain('port: "4434"');
    // served from now on: a reload lists it like the loaded files
    await page.reload();
    await page.waitForFunction(() => document.getElementById('app')?.dataset.ready === 'true', null, {
      timeout: 60_000,
    });
    await page.waitForSelector('.file-tree .tree-file[data-file="cilium/allow-world-443.yaml"]');
  });
});

describe.skipIf(!RUN_E2E)('the tutorial in either dialect', { timeout: 180_000 }, () => {
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
    studio = await openStudio(browser, server.url, OPEN);
  }, 90_000);
  afterAll(async () => {
    if (studio !== undefined) expectNoErrors(studio);
    await browser?.close();
    await server?.close();
    work?.cleanup();
  });

  it('replays the seed scenario with the CNPs of examples/tutorial-cilium, same verdicts, differences shown', async () => {
    const { page } = studio;
    await page.click('button[data-action="tutorial"]');
    await page.waitForSelector('h3[data-step="pods"]');
    let r = await revision(page);
    await page.click('.dialect-switch button[data-dialect="cilium"]');
    await nextAnalysis(page, r);
    expect(await page.getAttribute('.dialect-switch button[data-dialect="cilium"]', 'aria-pressed')).toBe(
      'true',
    );
    const go = async (step: string) => {
      const before = await revision(page);
      await page.click('button[data-action="tutorial-next"]');
      await page.waitForSelector(`h3[data-step="${step}"]`);
      await nextAnalysis(page, before);
    };
    await go('probe-open');
    await page.waitForSelector('pre.terminal[data-probe="allowed"]');
    await go('deny-all');
    await page.waitForSelector('.file-tree .tree-file[data-file="tutorial-cilium/policy-deny-all.yaml"]');
    expect(await page.textContent('.tutorial')).toContain('endpointSelector {}');
    expect(await page.textContent('.dialect-differs')).toContain('ingress: [{}]');
    await page.waitForSelector(edgeSelector('dev1/demo1', 'dev2/demo2', 'removed'));
    await page.waitForSelector('li.policy[data-policy="cnp/dev2/deny-all"]');
    await go('probe-denied');
    await page.waitForSelector('pre.terminal[data-probe="denied"]');
    await go('kube-demo');
    expect(await page.textContent('.dialect-differs')).toContain('k8s:io.kubernetes.pod.namespace');
    expect(await page.textContent('.dialect-differs')).toContain('ANY');
    await page.click('.file-tree .tree-file[data-file="tutorial-cilium/policy-kube-demo.yaml"]');
    await keep(page, 'tutorial-cilium-differs');
    await go('probe-allowed');
    await page.waitForSelector('pre.terminal[data-probe="allowed"]');
    await page.waitForSelector('.explain-head[data-verdict="allowed"]');
    expect(await page.textContent('.explain-body')).toContain('cnp/dev2/kube-demo');
    await page.click('.file-tree .tree-file[data-file="tutorial-cilium/policy-kube-demo.yaml"]');
    await keep(page, 'tutorial-cilium');
    await go('probe-default');
    await page.waitForSelector('pre.terminal[data-probe="denied"]');
    expect(await page.textContent('.tutorial .lesson')).toContain('k8s:io.kubernetes.pod.namespace=default');
    // the same step in NetworkPolicy's words: the same verdict, nothing changed in the graph
    r = await revision(page);
    await page.click('.dialect-switch button[data-dialect="networkpolicy"]');
    await nextAnalysis(page, r);
    await page.waitForSelector('pre.terminal[data-probe="denied"]');
    await page.waitForSelector('.file-tree .tree-file[data-file="tutorial/policy-kube-demo.yaml"]');
    expect(
      await page.locator('.file-tree .tree-file[data-file="tutorial-cilium/policy-kube-demo.yaml"]').count(),
    ).toBe(0);
    expect(await page.textContent('.tutorial .lesson')).toContain('kubernetes.io/metadata.name=default');
    expect(await page.locator('.edge[data-change]').count()).toBe(0);
    r = await revision(page);
    await page.click('button[data-action="exit-tutorial"]');
    await nextAnalysis(page, r);
    expect(await page.locator('.tutorial').count()).toBe(0);
  });
});

describe.skipIf(!RUN_E2E)('Cilium entities and L7 in the graph', { timeout: 120_000 }, () => {
  let browser: Browser;
  let server: StudioServer;
  let studio: StudioPage;

  beforeAll(async () => {
    server = await startStudioServer({
      provider: createFileProvider(['test/fixtures/cilium-entities'], { cwd: process.cwd() }),
      port: 0,
    });
    browser = await launchChromium();
    studio = await openStudio(browser, server.url, OPEN);
  }, 90_000);
  afterAll(async () => {
    if (studio !== undefined) expectNoErrors(studio);
    await browser?.close();
    await server?.close();
  });

  it('draws entities as their own nodes outside the namespaces, L7 edges marked, entity rows in the matrix', async () => {
    const { page } = studio;
    for (const e of ['host', 'remote-node', 'kube-apiserver'])
      await page.waitForSelector(`.node.entity[data-id="reserved:${e}"]`);
    // outside every namespace box
    expect(await page.locator('.group .node.entity').count()).toBe(0);
    expect(await page.locator('.node.entity[data-id="reserved:host"] path.node-box').count()).toBe(1);
    await page.waitForSelector(edgeSelector('dev1/demo1', 'reserved:host'));
    await page.waitForSelector(edgeSelector('reserved:remote-node', 'dev2/demo2'));
    const http = page.locator(`${edgeSelector('dev1/demo1', 'dev2/demo2')}.l7`);
    expect(await http.getAttribute('data-l7')).toBe('TCP 80');
    expect(await page.locator(`${edgeSelector('dev1/demo1', 'reserved:host')}.l7`).count()).toBe(0);
    expect(await page.textContent('.legend')).toContain('L7');
    expect(await page.textContent('.legend')).toContain('Cilium entity');
    // the edge's explanation says what decides each request
    await http.dispatchEvent('click');
    await page.waitForSelector('.explain-head[data-verdict="allowed"]');
    expect(await page.textContent('.explain-body')).toContain('GET /public');
    expect(await page.textContent('.explain-body')).toContain('run time');
    await keep(page, 'entity-graph');
    // an edge to an entity is explained too
    await page.locator(edgeSelector('dev1/demo1', 'reserved:kube-apiserver')).dispatchEvent('click');
    await page.waitForSelector('.explain-head[data-verdict="allowed"]');
    const r = await revision(page);
    await page.click('.view-tabs .tab[data-tab="matrix"]');
    await nextAnalysis(page, r);
    const cell = '.heat-layer .cell[data-src="dev1/demo1"][data-dst="reserved:host"]';
    await page.waitForSelector(`${cell}[data-state="partial"]`);
    expect(await page.textContent('.matrix-view')).toContain('entity host');
  });
});
