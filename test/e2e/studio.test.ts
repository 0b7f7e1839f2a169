import { readFileSync, writeFileSync } from 'node:fs';
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
  screenshot,
} from './browser.js';

if (!RUN_E2E)
  console.warn(`studio end-to-end tests skipped: no Chromium at ${CHROMIUM} (they always run in CI)`);

describe.skipIf(!RUN_E2E)('the studio in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let server: StudioServer;
  let work: ReturnType<typeof tutorialCopy>;
  let studio: StudioPage;
  const kubeDemoPath = () => join(work.dir, 'tutorial', 'policy-kube-demo.yaml');
  let kubeDemo: string;

  beforeAll(async () => {
    work = tutorialCopy();
    kubeDemo = readFileSync(kubeDemoPath(), 'utf8');
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
    writeFileSync(kubeDemoPath(), kubeDemo);
    studio = await openStudio(browser, server.url);
  }, 30_000);
  afterEach(async () => {
    expectNoErrors(studio);
    await studio.page.close();
  });

  it('shows namespaces as groups, pods as nodes and allowed connections labelled with ports', async () => {
    const { page } = studio;
    for (const ns of ['default', 'dev1', 'dev2'])
      await page.waitForSelector(`.group[data-namespace="${ns}"]`);
    await page.waitForSelector('.node[data-id="dev1/demo1"]');
    await page.waitForSelector('.node.external[data-id="0.0.0.0/0"]');
    expect(await page.getAttribute('.node[data-id="dev2/demo2"]', 'class')).toContain('ingress-all');
    expect(await page.getAttribute('.node[data-id="dev1/demo1"]', 'class')).toContain('ingress-none');
    expect(await page.locator(edgeSelector('dev1/demo1', 'dev2/demo2')).count()).toBe(1);
    expect(await page.locator(edgeSelector('default/default', 'dev2/demo2')).count()).toBe(0);
    expect(await page.locator('.edge-label', { hasText: 'TCP 80' }).count()).toBe(2);
    await page.hover('.node[data-id="dev1/demo1"]');
    await expect.poll(() => page.textContent('.tooltip'), POLL).toContain('run=demo1');
    expect(await page.textContent('footer')).toContain('4 pods');
    await screenshot(page, 'studio-graph');
  });

  it('explains a clicked edge, each step linked to the YAML line that decided it', async () => {
    const { page } = studio;
    await page.locator(edgeSelector('dev1/demo1', 'dev2/demo2')).dispatchEvent('click');
    await page.waitForSelector('.explain-head[data-verdict="allowed"]');
    const body = await page.textContent('.explain-body');
    expect(body).toContain('dev1/demo1 → dev2/demo2 : 80/TCP');
    expect(body).toContain('spec.ingress[0] allows it');
    expect(body).toContain('dev2/deny-all selects dev2/demo2 and has no ingress rules');
    await screenshot(page, 'studio-explain');
    // the peer that matched: from[0] of kube-demo, line 12
    await page.click('.explain-body button.link[data-file="tutorial/policy-kube-demo.yaml"][data-line="12"]');
    await page.waitForSelector(
      '.editor-host[data-revealed-file="tutorial/policy-kube-demo.yaml"][data-revealed-line="12"]',
    );
    expect(await page.textContent('.current-file .name')).toContain('policy-kube-demo.yaml');
    expect(await page.textContent('.cm-activeLine')).toContain('- namespaceSelector:');
  });

  it('explains a denial picked by hand: from → to : port', async () => {
    const { page } = studio;
    // the panel is closed until used, leaving the graph the room
    expect(await page.isVisible('section.explain')).toBe(false);
    await page.click('button[data-action="open-explain"]');
    await page.fill('input[aria-label="from"]', 'default/default');
    await page.fill('input[aria-label="to"]', 'dev2/demo2');
    await page.fill('input[aria-label="port"]', '80');
    await page.click('form.picker button[type="submit"]');
    await page.waitForSelector('.explain-head[data-verdict="denied"]');
    const body = await page.textContent('.explain-body');
    expect(body).toContain('does not match namespace default');
    expect(body).toContain('kubernetes.io/metadata.name is default, not dev1');
  });

  it('re-evaluates on every edit: the edge disappears and comes back on undo', async () => {
    const { page } = studio;
    await page.click('.file-tree .tree-file[data-file="tutorial/policy-kube-demo.yaml"]');
    const before = await revision(page);
    const drawnAtFirst = await drawnGraph(page);
    // a node the edit does not change: the patched graph keeps its element
    await page.evaluate(() => {
      const el = document.querySelector('svg.graph .node[data-id="dev1/demo1"]') as unknown as {
        kept?: boolean;
      };
      el.kept = true;
    });
    await page.locator('.cm-line', { hasText: 'kubernetes.io/metadata.name: dev1' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('3');
    await nextAnalysis(page, before);
    await page.waitForSelector(edgeSelector('dev1/demo1', 'dev2/demo2', 'removed'));
    expect(await page.locator(edgeSelector('dev1/demo1', 'dev2/demo2')).count()).toBe(0);
    expect(await page.getAttribute('svg.graph', 'data-patched')).toBe('true');
    expect(
      await page.evaluate(
        () =>
          (document.querySelector('svg.graph .node[data-id="dev1/demo1"]') as unknown as { kept?: boolean })
            .kept,
      ),
    ).toBe(true);
    expect(await page.textContent('.view-tabs')).toContain('What changed (2)');
    expect(await page.textContent('button[data-action="save"]')).toBe('Save (1)');
    await screenshot(page, 'studio-edited');
    await page.click('.view-tabs .tab[data-tab="changes"]');
    const changes = await page.textContent('.changes-body');
    expect(changes).toContain('2 removed');
    expect(changes).toContain('dev2/kube-demo no longer allows it (ingress)');
    await page.click('.view-tabs .tab[data-tab="graph"]');
    const edited = await revision(page);
    await page.click('.cm-content');
    await page.keyboard.press('Control+z');
    await nextAnalysis(page, edited);
    await page.waitForSelector(edgeSelector('dev1/demo1', 'dev2/demo2'));
    expect(await page.textContent('.view-tabs')).not.toContain('What changed (');
    // patched twice, the canvas holds what the first full drawing held
    expect(await page.getAttribute('svg.graph', 'data-patched')).toBe('true');
    expect(await drawnGraph(page)).toEqual(drawnAtFirst);
  });

  it('places diagnostics at their lines as the text is edited', async () => {
    const { page } = studio;
    await page.click('.file-tree .tree-file[data-file="tutorial/policy-kube-demo.yaml"]');
    const before = await revision(page);
    await page.locator('.cm-line', { hasText: 'port: 80' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type('000');
    await nextAnalysis(page, before);
    await page.waitForSelector('.diagnostic[data-rule="invalid-policy"]');
    await page.waitForSelector(
      '.editor-host[data-diagnostics="1"], .editor-host[data-diagnostics="2"], .editor-host[data-diagnostics="3"]',
    );
    await page.waitForSelector('.cm-lintRange-error');
    expect(await page.locator('.cm-lint-marker-error').count()).toBeGreaterThan(0);
  });

  it('switches a policy off and on, what-if style', async () => {
    const { page } = studio;
    let r = await revision(page);
    await page.uncheck('input[aria-label="policy dev2/kube-demo enabled"]');
    await nextAnalysis(page, r);
    await page.waitForSelector(edgeSelector('dev1/demo1', 'dev2/demo2', 'removed'));
    expect(await page.textContent('footer')).toContain('(1 off)');
    r = await revision(page);
    await page.uncheck('input[aria-label="policy dev2/deny-all enabled"]');
    await nextAnalysis(page, r);
    await page.waitForSelector(edgeSelector('default/default', 'dev2/demo2', 'added'));
    await screenshot(page, 'studio-toggled');
    r = await revision(page);
    await page.check('input[aria-label="policy dev2/kube-demo enabled"]');
    await page.check('input[aria-label="policy dev2/deny-all enabled"]');
    await nextAnalysis(page, r);
    await page.waitForSelector(edgeSelector('dev1/demo1', 'dev2/demo2'));
    expect(await page.locator('.edge[data-change]').count()).toBe(0);
  });

  it('saves to the served file only after confirmation', async () => {
    const { page } = studio;
    await page.click('.file-tree .tree-file[data-file="tutorial/policy-kube-demo.yaml"]');
    const r = await revision(page);
    await page.locator('.cm-line', { hasText: 'port: 80' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type('80');
    await nextAnalysis(page, r);
    await page.click('button[data-action="save"]');
    await page.waitForSelector('dialog[data-dialog="confirm"]');
    expect(await page.textContent('dialog[data-dialog="confirm"]')).toContain(
      'tutorial/policy-kube-demo.yaml',
    );
    await screenshot(page, 'studio-save');
    await page.click('dialog[data-dialog="confirm"] button[data-action="cancel"]');
    expect(readFileSync(kubeDemoPath(), 'utf8')).toBe(kubeDemo);
    await page.keyboard.press('Control+s');
    await page.click('dialog[data-dialog="confirm"] button[data-action="confirm"]');
    await page.waitForSelector('.toast', { hasText: 'Saved' } as never);
    await expect.poll(() => readFileSync(kubeDemoPath(), 'utf8'), POLL).toContain('port: 8080');
    expect(await page.textContent('button[data-action="save"]')).toBe('Save');
  });

  it('adds a policy from a template', async () => {
    const { page } = studio;
    await page.click('.file-tree .tree-file[data-file="tutorial/namespaces.yaml"]');
    await page.click('button[data-action="add-policy"]');
    await page.waitForSelector('dialog[data-dialog="template"]');
    await page.selectOption('select[data-field="template"]', 'deny-all-ingress');
    // into the file that holds the namespace's other policies…
    await page.fill('input[data-field="namespace"]', 'dev2');
    expect(await page.getAttribute('select[data-field="file"]', 'data-target')).toBe(
      'tutorial/policy-deny-all.yaml',
    );
    expect(await page.textContent('.target-note')).toContain('holds the other policies of dev2');
    // …or, for a namespace without policies, a new file named after the policy
    await page.fill('input[data-field="namespace"]', 'dev1');
    expect(await page.textContent('pre.preview')).toContain('namespace: dev1');
    expect(await page.getAttribute('select[data-field="file"]', 'data-target')).toBe(
      'tutorial/deny-all-ingress.yaml',
    );
    expect(await page.textContent('.target-note')).toContain('new file');
    await screenshot(page, 'studio-template');
    const r = await revision(page);
    await page.click('dialog[data-dialog="template"] button[data-action="confirm"]');
    await nextAnalysis(page, r);
    expect(await page.textContent('.current-file .name')).toBe('tutorial/deny-all-ingress.yaml');
    expect(await page.textContent('.file-tree')).toContain('deny-all-ingress.yaml');
    await page.waitForSelector('.node.ingress-all[data-id="dev1/demo1"]');
    await page.waitForSelector(edgeSelector('dev2/demo2', 'dev1/demo1', 'removed'));
    expect(await page.textContent('.policy-list')).toContain('dev1/deny-all-ingress');
  });

  it('shows the matrix as a heatmap filtered by port and protocol, cells explained on click', async () => {
    const { page } = studio;
    await page.click('.view-tabs .tab[data-tab="matrix"]');
    const cell = '.heat-layer .cell[data-src="dev1/demo1"][data-dst="dev2/demo2"]';
    await page.waitForSelector(`${cell}[data-state="partial"]`);
    expect(
      await page.getAttribute(
        '.heat-layer .cell[data-src="default/default"][data-dst="dev2/demo2"]',
        'data-state',
      ),
    ).toBe('denied');
    const r = await revision(page);
    await page.selectOption('select[aria-label="protocol"] >> nth=0', 'TCP');
    await nextAnalysis(page, r);
    const r2 = await revision(page);
    await page.fill('input.ports', '80');
    await page.press('input.ports', 'Enter');
    await nextAnalysis(page, r2);
    await page.waitForSelector(`${cell}[data-state="allowed"]`);
    await screenshot(page, 'studio-matrix');
    await page.click(cell);
    await page.waitForSelector('.explain-head[data-verdict="allowed"]');
    expect(await page.textContent('.explain-body')).toContain('80/TCP');
  });

  it('finds pods by search and folds namespaces', async () => {
    const { page } = studio;
    await page.fill('input.search', 'run=demo1');
    await page.waitForSelector('.node.hit[data-id="dev1/demo1"]');
    expect(await page.getAttribute('.node[data-id="dev2/demo2"]', 'class')).toContain('dim');
    await page.fill('input.search', '');
    const r = await revision(page);
    await page.click('.group-head[data-namespace="dev2"]');
    await nextAnalysis(page, r);
    await page.waitForSelector('.node.namespace[data-id="namespace:dev2"]');
    await page.waitForSelector(edgeSelector('dev1/demo1', 'namespace:dev2'));
    const r2 = await revision(page);
    await page.click('.node.namespace[data-id="namespace:dev2"]');
    await nextAnalysis(page, r2);
    await page.waitForSelector('.node[data-id="dev2/demo2"]');
    // only connections on TCP 8080: kube-demo opens 80 only, so nothing reaches dev2
    const r3 = await revision(page);
    await page.fill('input[aria-label="graph ports"]', '8080');
    await page.press('input[aria-label="graph ports"]', 'Enter');
    await nextAnalysis(page, r3);
    expect(await page.locator(edgeSelector('dev1/demo1', 'dev2/demo2')).count()).toBe(0);
    expect(await page.locator(edgeSelector('default/default', 'dev1/demo1')).count()).toBe(1);
    expect(await page.locator('.edge-label', { hasText: 'TCP 8080' }).count()).toBeGreaterThan(0);
  });

  it('replays the tutorial step by step, up to the Service probed without a port', async () => {
    const { page } = studio;
    await page.click('button[data-action="tutorial"]');
    await page.waitForSelector('h3[data-step="pods"]');
    const go = async (step: string) => {
      const r = await revision(page);
      await page.click('button[data-action="tutorial-next"]');
      await page.waitForSelector(`h3[data-step="${step}"]`);
      await nextAnalysis(page, r);
    };
    await go('probe-open');
    await page.waitForSelector('pre.terminal[data-probe="allowed"]');
    expect(await page.textContent('pre.terminal')).toContain('Welcome to nginx!');
    await go('deny-all');
    // what the step changed: every connection into dev2 is gone
    await page.waitForSelector(edgeSelector('dev1/demo1', 'dev2/demo2', 'removed'));
    await screenshot(page, 'studio-tutorial-deny-all');
    await go('probe-denied');
    await page.waitForSelector('pre.terminal[data-probe="denied"]');
    expect(await page.textContent('pre.terminal')).toContain(
      'curl: (28) Failed to connect to 10.0.1.185 port 80',
    );
    await go('kube-demo');
    await go('probe-allowed');
    await page.waitForSelector('pre.terminal[data-probe="allowed"]');
    await go('probe-default');
    await page.waitForSelector('pre.terminal[data-probe="denied"]');
    await go('http-echo');
    await go('probe-service-no-port');
    await page.waitForSelector('pre.terminal[data-probe="no-such-port"]');
    const terminal = await page.textContent('pre.terminal');
    expect(terminal).toContain('$ kubectl exec demo1 -n dev1 -- curl --connect-timeout 5 10.98.167.221');
    expect(terminal).toContain('Failed to connect to 10.98.167.221 port 80');
    expect(await page.textContent('.tutorial .lesson')).toContain('No such port.');
    await page.waitForSelector('.explain-head[data-verdict="no-such-port"]');
    expect(await page.textContent('.explain-body')).toContain(
      'Service dev2/http-echo has no TCP port 80: it exposes only 8080/TCP',
    );
    await screenshot(page, 'studio-tutorial-no-such-port');
    const r = await revision(page);
    await page.click('button[data-action="exit-tutorial"]');
    await nextAnalysis(page, r);
    expect(await page.locator('.tutorial').count()).toBe(0);
    expect(await page.textContent('.file-tree')).toContain('policy-kube-demo.yaml');
    expect(await page.locator('.edge[data-change]').count()).toBe(0);
  });

  it('exports a self-contained report, the graph as SVG and PNG, and the workspace', async () => {
    const { page } = studio;
    const exported = async (action: string) => {
      await page.click('details.export > summary');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click(`button[data-export="${action}"]`),
      ]);
      const path = await download.path();
      return { name: download.suggestedFilename(), bytes: readFileSync(path) };
    };
    const report = await exported('html');
    const html = report.bytes.toString('utf8');
    expect(report.name).toMatch(/^kubereach-report-.*\.html$/);
    expect(html).toContain('<svg');
    expect(html).toContain('dev2/kube-demo');
    expect(html).not.toMatch(/<script/i);
    const svg = await exported('svg');
    expect(svg.bytes.toString('utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.bytes.toString('utf8')).toContain('demo1');
    const png = await exported('png');
    expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const ws = await exported('workspace');
    const doc = JSON.parse(ws.bytes.toString('utf8'));
    expect(doc.kind).toBe('StudioWorkspace');
    expect(doc.files.map((f: { name: string }) => f.name)).toContain('tutorial/policy-kube-demo.yaml');
    // opening the shared workspace loads its files, read-only
    const file = join(work.dir, 'shared.json');
    writeFileSync(file, JSON.stringify({ ...doc, disabledPolicies: ['dev2/kube-demo'] }));
    const r = await revision(page);
    await page.setInputFiles('input[data-input="open"]', file);
    await nextAnalysis(page, r);
    await page.waitForSelector('input[aria-label="policy dev2/kube-demo enabled"]:not(:checked)');
  });
});

describe.skipIf(!RUN_E2E)('the studio with hostile names', { timeout: 60_000 }, () => {
  const HOSTILE = '<img src=x onerror=alert(1)>';
  let browser: Browser;
  let server: StudioServer;
  let work: ReturnType<typeof tutorialCopy>;

  beforeAll(async () => {
    work = tutorialCopy();
    writeFileSync(
      join(work.dir, 'tutorial', `${HOSTILE}.yaml`),
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: "${HOSTILE}"\n  namespace: dev1\n  labels:\n    app: "<b>x</b>"\nspec:\n  containers: [{name: c, image: nginx}]\n`,
    );
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

  it('renders a pod named <img src=x onerror=alert(1)> as text, never as markup', async () => {
    const studio = await openStudio(browser, server.url);
    const { page } = studio;
    await page.waitForSelector('.diagnostic[data-rule="invalid-manifest"]');
    expect(await page.textContent('.diagnostic[data-rule="invalid-manifest"]')).toContain(HOSTILE);
    expect(await page.textContent('.file-tree')).toContain(`${HOSTILE}.yaml`);
    await page.click(`.file-tree .tree-file[data-file="tutorial/${HOSTILE}.yaml"]`);
    expect(await page.textContent('.cm-content')).toContain(HOSTILE);
    await screenshot(page, 'studio-hostile');
    // nothing was parsed as HTML: no image element, no alert
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('b').count()).toBe(0);
    await page.waitForTimeout(200);
    expectNoErrors(studio);
    await page.close();
  });
});

/** What the graph canvas shows: every edge, edge label and node, as sorted text. */
function drawnGraph(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('svg.graph .edges .edge'))
      out.push(
        `edge ${el.getAttribute('class')} ${el.getAttribute('data-src')} ${el.getAttribute('data-dst')} ${el.querySelector('.edge-line')?.getAttribute('d')}`,
      );
    for (const el of document.querySelectorAll('svg.graph .edge-labels text'))
      out.push(
        `label ${el.getAttribute('class')} ${el.getAttribute('x')},${el.getAttribute('y')} ${el.textContent}`,
      );
    for (const el of document.querySelectorAll('svg.graph .nodes .node'))
      out.push(
        `node ${el.getAttribute('class')} ${el.getAttribute('data-id')} ${el.getAttribute('transform')} ${el.textContent}`,
      );
    return out.sort();
  });
}
