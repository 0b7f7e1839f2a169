import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileProvider } from '../../src/server/file-provider.js';
import { type StudioServer, startStudioServer } from '../../src/server/server.js';
import {
  CHROMIUM,
  expectNoErrors,
  launchChromium,
  nextAnalysis,
  openStudio,
  RUN_E2E,
  revision,
  type StudioPage,
} from './browser.js';
import { studioScaleTree } from './clusters.js';
import {
  describeMeasure,
  describeTasks,
  longestTask,
  longestTaskSince,
  longTasksSince,
  studioMeasures,
  watchLongTasks,
} from './timing.js';

if (!RUN_E2E) console.warn(`studio scale tests skipped: no Chromium at ${CHROMIUM}`);

/** Screenshots kept as test artifacts (looked at by people, not compared). */
const ARTIFACTS = process.env.STUDIO_SCREENSHOTS ?? join(process.cwd(), 'test-artifacts', 'studio');

async function keep(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/**
 * Records when the page first drew its graph, when each graph was drawn (`data-drawn`: before
 * lint and the policies responsible for changes) and when each analysis was wholly done
 * (`data-busy` false: lint shown too), page clock, ms.
 */
async function watchRevisions(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as {
      __readyAt?: number;
      __drawnAt: number[];
      __doneAt: number[];
      __keyAt?: number;
    };
    w.__drawnAt = [];
    w.__doneAt = [];
    addEventListener(
      'keydown',
      () => {
        w.__keyAt = performance.now();
      },
      true,
    );
    addEventListener('DOMContentLoaded', () => {
      const app = document.getElementById('app')!;
      let drawn = app.dataset.drawn;
      new MutationObserver(() => {
        if (app.dataset.drawn !== drawn) {
          drawn = app.dataset.drawn;
          w.__readyAt ??= performance.now();
          w.__drawnAt.push(performance.now());
        }
        if (app.dataset.busy === 'false') w.__doneAt.push(performance.now());
      }).observe(app, { attributes: true, attributeFilter: ['data-drawn', 'data-busy', 'data-ready'] });
    });
  });
}

/** The smallest on-screen size (px) of the graph's text: font size times the zoom it is drawn at. */
function smallestText(page: Page): Promise<{ px: number; count: number }> {
  return page.evaluate(() => {
    let px = Number.POSITIVE_INFINITY;
    let count = 0;
    for (const el of document.querySelectorAll<SVGTextElement>('svg.graph .viewport text')) {
      const ctm = el.getScreenCTM();
      if (ctm === null) continue;
      px = Math.min(px, Number.parseFloat(getComputedStyle(el).fontSize) * Math.hypot(ctm.a, ctm.b));
      count++;
    }
    return { px, count };
  });
}

describe.skipIf(!RUN_E2E)(
  'the studio on a cluster of 1,000 workloads in 100 namespaces',
  { timeout: 120_000 },
  () => {
    let browser: Browser;
    let server: StudioServer;
    let tree: ReturnType<typeof studioScaleTree>;
    let studio: StudioPage;

    beforeAll(async () => {
      tree = studioScaleTree();
      server = await startStudioServer({
        provider: createFileProvider([tree.root], { cwd: tree.dir, recursive: true }),
        port: 0,
      });
      browser = await launchChromium();
      studio = await openStudio(browser, server.url, {
        timeout: 60_000,
        prepare: async (page) => {
          await watchLongTasks(page);
          await watchRevisions(page);
        },
      });
    }, 90_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
      tree?.cleanup();
    });

    it('opens on the overview: namespaces folded, edges aggregated, labels legible', async () => {
      const { page } = studio;
      expect(tree.workloads).toBeGreaterThanOrEqual(1000);
      expect(tree.namespaces).toBe(100);
      const readyAt = await page.evaluate(() => (window as unknown as { __readyAt: number }).__readyAt);
      console.log(`1,000 workloads: first graph ${readyAt.toFixed(0)} ms after navigation`);
      for (const m of await studioMeasures(page))
        console.log(`  first load: ${describeMeasure(m)}, from ${m.start.toFixed(0)} ms`);
      // the editor opens after the first graph, a step at a time: measured once it is shown
      await page.waitForSelector('.editor-host .cm-content');
      await page.waitForTimeout(1000);
      console.log(`  longest main-thread task so far: ${(await longestTask(page)).toFixed(0)} ms`);
      // The page answers once the graph is drawn: the editor, the lists and lint come after it.
      const after = await longTasksSince(page, readyAt);
      console.log(
        `  longest main-thread task after the first graph: ${Math.max(0, ...after.map((t) => t.duration)).toFixed(0)} ms (${describeTasks(after)})`,
      );
      expect(await page.getAttribute('svg.graph', 'data-scope')).toBe('all');
      expect(await page.locator('.node.namespace').count()).toBe(100);
      expect(await page.locator('.node:not(.namespace):not(.external)').count()).toBe(0);
      // an edge between folded namespaces stands for several connections, ports united
      expect(await page.locator('.edge[data-count]:not([data-count="1"])').count()).toBeGreaterThan(0);
      const text = await smallestText(page);
      expect(text.count).toBeGreaterThan(200);
      expect(text.px).toBeGreaterThanOrEqual(11);
      // the explanation stays closed until used: the graph has the room
      expect(await page.isVisible('section.explain')).toBe(false);
      const canvas = await page.locator('.canvas').boundingBox();
      expect(canvas!.height).toBeGreaterThan(600);
      const workloads = Number(/(\d+) workloads/.exec((await page.textContent('footer')) ?? '')?.[1]);
      expect(workloads).toBeGreaterThanOrEqual(1000);
      await keep(page, 'overview');
    });

    it('drills into a namespace, focuses a workload, explains an edge and comes back by the breadcrumb', async () => {
      const { page } = studio;
      let r = await revision(page);
      await page.locator('.node.namespace[data-id="namespace:payments-prod-0"]').dispatchEvent('click');
      await nextAnalysis(page, r);
      expect(await page.getAttribute('svg.graph', 'data-scope')).toBe('namespace');
      await page.waitForSelector('.group[data-namespace="payments-prod-0"]');
      expect(await page.locator('.node[data-id^="payments-prod-0/"]').count()).toBeGreaterThan(5);
      // its neighbours stay folded: kube-system (DNS) and monitoring (scrapes)
      await page.waitForSelector('.node.namespace[data-id="namespace:kube-system"]');
      expect(await page.textContent('nav.breadcrumb')).toContain('namespace payments-prod-0');
      expect((await smallestText(page)).px).toBeGreaterThanOrEqual(11);
      await keep(page, 'drill-down');

      r = await revision(page);
      await page.locator('.node[data-id="payments-prod-0/backend-1"]').dispatchEvent('click');
      await nextAnalysis(page, r);
      expect(await page.getAttribute('svg.graph', 'data-scope')).toBe('focus');
      const ids = await page.locator('.node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
      const edges = await page
        .locator('.edge')
        .evaluateAll((els) => els.map((e) => [e.getAttribute('data-src'), e.getAttribute('data-dst')]));
      expect(edges.length).toBeGreaterThan(0);
      // in focus: only its in- and out-neighbours, every edge touches it
      for (const [src, dst] of edges) expect([src, dst]).toContain('payments-prod-0/backend-1');
      expect(ids.length).toBeLessThanOrEqual(edges.length + 1);
      const edge = page.locator('.edge[data-dst="payments-prod-0/backend-1"]').first();
      await edge.dispatchEvent('click');
      await page.waitForSelector('.explain-head[data-verdict]');
      expect(await page.isVisible('section.explain')).toBe(true);
      expect(await page.textContent('.explain-body')).toContain('payments-prod-0/backend-1');
      await keep(page, 'explanation');

      r = await revision(page);
      await page.click('nav.breadcrumb [data-crumb="all"]');
      await nextAnalysis(page, r);
      expect(await page.getAttribute('svg.graph', 'data-scope')).toBe('all');
      expect(await page.locator('.node.namespace').count()).toBe(100);
      await page.click('button[data-action="close-explain"]');
    });

    it('reveals a search match inside a folded namespace: unfolded, centred, highlighted', async () => {
      const { page } = studio;
      const r = await revision(page);
      await page.fill('input.search', 'payments-prod-0/backend-1');
      await nextAnalysis(page, r);
      const hit = page.locator('.node.hit[data-id="payments-prod-0/backend-1"]');
      await hit.waitFor();
      expect(await page.locator('.node.namespace[data-id="namespace:payments-prod-0"]').count()).toBe(0);
      const box = (await hit.boundingBox())!;
      const canvas = (await page.locator('.canvas').boundingBox())!;
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      expect(Math.abs(cx - (canvas.x + canvas.width / 2))).toBeLessThan(40);
      expect(Math.abs(cy - (canvas.y + canvas.height / 2))).toBeLessThan(40);
      await keep(page, 'search-reveal');
      await page.fill('input.search', '');
    });

    it('shows the matrix namespace by namespace, folding like the graph, drawn only where in view', async () => {
      const { page } = studio;
      let r = await revision(page);
      await page.click('.view-tabs .tab[data-tab="matrix"]');
      await nextAnalysis(page, r);
      const rows = async () => Number(await page.getAttribute('.heat-scroll', 'data-rows'));
      // folded: one row per namespace (and the address blocks outside the cluster)
      expect(await rows()).toBeGreaterThanOrEqual(100);
      expect(await rows()).toBeLessThan(110);
      const [drawnRows, drawnCols] = ((await page.getAttribute('.heat-scroll', 'data-drawn')) ?? '0x0')
        .split('x')
        .map(Number);
      expect(drawnRows! * drawnCols!).toBeLessThan((await rows()) ** 2);
      r = await revision(page);
      // drawn only in view: scroll down to the namespace first
      const unfold = page.locator('.heat-layer [data-unfold="payments-prod-0"]');
      for (let i = 0; i < 20 && (await unfold.count()) === 0; i++) {
        await page.evaluate(() => {
          document.querySelector('.heat-scroll')!.scrollTop += 300;
        });
        await page.waitForTimeout(100);
      }
      await unfold.click();
      await nextAnalysis(page, r);
      expect(await rows()).toBeGreaterThan(110);
      // rows name their namespace; columns sit under a namespace band
      expect(await page.textContent('.heat-layer .row-head[data-row="payments-prod-0/backend-1"]')).toBe(
        'payments-prod-0/backend-1',
      );
      await page.waitForSelector('.heat-layer .group-band[data-group="payments-prod-0"]');
      await keep(page, 'matrix');
      r = await revision(page);
      await page.click('.view-tabs .tab[data-tab="graph"]');
    });

    it('reflects an edit, and lints it: a classic mistake is marked at its line', async () => {
      const { page } = studio;
      const file = 'cluster/policies/payments-prod-0.yaml';
      await page.click('.file-tree [data-folder="cluster/policies"]');
      await page.click('.file-tree [data-folder="cluster/policies"]');
      await page.click(`.file-tree .tree-file[data-file="${file}"]`);
      expect(await page.textContent('.current-file .name')).toBe(file);
      // the edited file shows in the tree, scrolled into view
      expect(await page.locator(`.file-tree .tree-file.active[data-file="${file}"]`).isVisible()).toBe(true);
      const text = readFileSync(join(tree.dir, file), 'utf8');
      const lines = text.split('\n');
      const edited = lines.findIndex((l) => l.includes('kubernetes.io/metadata.name: kube-system'));
      expect(edited).toBeGreaterThan(0);
      // lint places the finding on the selector that matches nothing, two lines up
      const line = lines.slice(0, edited).findLastIndex((l) => l.includes('namespaceSelector:')) + 1;
      expect(line).toBeGreaterThan(edited - 3);
      // namespaces carry kubernetes.io/metadata.name, not name: the peer selects nothing, DNS is blocked
      const edits: number[] = [];
      const r = await revision(page);
      await page.locator('.cm-line', { hasText: 'kubernetes.io/metadata.name: kube-system' }).first().click();
      await page.keyboard.press('Home');
      for (let i = 0; i < 'kubernetes.io/metadata.'.length; i++)
        await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.press('Delete');
      await nextAnalysis(page, r);
      await page.waitForFunction(
        (n) =>
          Number(document.getElementById('app')?.dataset.revision) >= n &&
          document.getElementById('app')?.dataset.busy === 'false',
        r + 1,
      );
      const [drawnAfter, doneAfter] = await page.evaluate(() => {
        const w = window as unknown as { __keyAt: number; __drawnAt: number[]; __doneAt: number[] };
        const after = (ts: number[]) => (ts.filter((t) => t > w.__keyAt)[0] ?? Number.NaN) - w.__keyAt;
        return [after(w.__drawnAt), after(w.__doneAt)];
      });
      edits.push(drawnAfter!);
      // the edit is drawn by patching the graph, not redrawing it
      expect(await page.getAttribute('svg.graph', 'data-patched')).toBe('true');
      const measures = await studioMeasures(page);
      const keyAt = await page.evaluate(() => (window as unknown as { __keyAt: number }).__keyAt);
      for (const m of measures.filter((m) => m.start >= keyAt - 1))
        console.log(`  edit: ${describeMeasure(m)}`);
      const problem = page.locator(`.problems .diagnostic[data-rule="peer-selects-nothing"]`).first();
      await problem.waitFor();
      expect(await problem.textContent()).toContain(`payments-prod-0.yaml:${line}`);
      expect(await page.textContent('.problems')).toContain('egress-blocks-dns');
      // rows kept from the last lint and rows added add up to what the panel counts, once each
      const warnings = Number(await page.getAttribute('.problems', 'data-warnings'));
      const rows = page.locator('.problems .problem-group.warning li.diagnostic');
      expect(warnings).toBeGreaterThan(0);
      expect(await rows.count()).toBe(Math.min(warnings, 300));
      // the editor marks the line
      await page.waitForSelector('.cm-lint-marker-warning');
      const marked = await page
        .locator('.cm-lintRange-warning')
        .evaluateAll((els) => els.map((el) => el.closest('.cm-line')?.textContent ?? ''));
      expect(marked.some((l) => l.includes('namespaceSelector:'))).toBe(true);
      // the rule's documentation is one click away
      await page.click(`.problems .diagnostic[data-rule="peer-selects-nothing"] [data-rule-doc]`);
      await page.waitForSelector('dialog[data-dialog="confirm"]');
      expect(await page.textContent('dialog[data-dialog="confirm"]')).toContain('peer-selects-nothing');
      await page.click('dialog[data-dialog="confirm"] button[data-action="confirm"]');
      expect(await page.textContent('.view-tabs')).toContain('What changed (');
      const shotAt = await page.evaluate((k) => performance.now() - k, keyAt);
      await keep(page, 'problems');
      console.log(
        `1,000 workloads: edit drawn ${edits[0]!.toFixed(0)} ms after the key, linted ${doneAfter!.toFixed(0)} ms after it`,
      );
      const longest = await longestTask(page);
      console.log(`1,000 workloads: longest main-thread task ${longest.toFixed(0)} ms`);
      const duringEdit = await longestTaskSince(page, keyAt);
      console.log(`1,000 workloads: longest main-thread task from the key on ${duringEdit.toFixed(0)} ms`);
      console.log(
        `  from the key on: ${describeTasks(await longTasksSince(page, keyAt))}; the screenshot at +${shotAt.toFixed(0)}`,
      );
      expectNoErrors(studio);
    });
  },
);
