/**
 * The studio's engine side at bench sizes, as the page's Web Worker runs it: the first graph
 * (the YAML parsed on every core as the page's parse workers share it, then
 * `StudioSession.analyze` with lint left for later, then the layout), then one NetworkPolicy's
 * port edited several times, each edit timed to its graph (`editMs`: analysis and layout, what
 * the graph waits for), then lint (`lintMs`, what the Problems panel waits for after it) and
 * the changes compared pod by pod with the policies responsible (`attributeMs`, what "What changed"
 * waits for).
 * Wall and CPU time (user + system of the process) side by side, medians over the edits, with
 * the stages of the median edit. Two workspace shapes: the cluster and the policies in
 * separate files, and everything in one file. Prints one JSON line per shape.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import ElkBundle from 'elkjs/lib/elk.bundled.js';
import { type ElkLike, nodeWidth } from '../web/src/graph/layout.js';
import { LayoutCache } from '../web/src/graph/layout-cache.js';
import {
  type ParseShareResponse,
  parseShared,
  parseWorkerCount,
  type ShareRunner,
} from '../web/src/worker/first-parse.js';
import { StudioSession } from '../web/src/worker/session.js';

// elkjs is CommonJS: its default export is the constructor (typed as the module under NodeNext).
const ELK = ElkBundle as unknown as new () => ElkLike;

const file = process.argv[2];
if (file === undefined) throw new Error('usage: studio FILE');
const text = readFileSync(file, 'utf8');
const docs = text.split(/^---\n/m);
const isPolicy = (d: string) => d.includes('kind: NetworkPolicy');
const policies = docs.filter(isPolicy);
const rest = docs.filter((d) => !isPolicy(d));
const shapes: Record<string, (edit: number) => { name: string; text: string }[]> = {
  'separate files': (edit) => [
    { name: 'cluster.yaml', text: rest.join('---\n') },
    { name: 'policies.yaml', text: editPolicy(policies, edit).join('---\n') },
  ],
  'one file': (edit) => [{ name: 'all.yaml', text: [...rest, ...editPolicy(policies, edit)].join('---\n') }],
};
const EDITS = 9;

/**
 * The first policy from the middle on that has a numeric port, with that port changed (or, on
 * even edits, its original text). A policy without a port would make every edit a no-op.
 */
function editPolicy(list: readonly string[], edit: number): string[] {
  const middle = Math.floor(list.length / 2);
  const found = list.findIndex((p, k) => k >= middle && /port: \d+/.test(p));
  const i = found < 0 ? middle : found;
  const copy = [...list];
  if (edit % 2 === 1) copy[i] = copy[i]!.replace(/port: (\d+)/, (_m, n) => `port: ${Number(n) + edit}`);
  return copy;
}

/**
 * The page's parse workers as Node worker threads (one per core beside this one), each ready
 * before the clock starts: the page starts them while it fetches the manifests.
 */
async function startParseWorkers(): Promise<{ runners: ShareRunner[]; stop: () => Promise<void> }> {
  const url = new URL('./parse-share-worker.js', import.meta.url);
  const workers = Array.from({ length: parseWorkerCount(availableParallelism()) }, () => new Worker(url));
  await Promise.all(workers.map((w) => new Promise((ready) => w.once('message', ready))));
  let nextId = 1;
  const runners = workers.map(
    (w): ShareRunner =>
      (files) =>
        new Promise((resolve) => {
          const id = nextId++;
          const answer = (r: ParseShareResponse) => {
            if (r.id !== id) return;
            w.off('message', answer);
            resolve(r.results);
          };
          w.on('message', answer);
          w.postMessage({ id, files });
        }),
  );
  return { runners, stop: async () => void (await Promise.all(workers.map((w) => w.terminate()))) };
}

interface Timed<T> {
  readonly value: T;
  readonly ms: number;
  readonly cpuMs: number;
}

async function timed<T>(run: () => T | Promise<T>): Promise<Timed<T>> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await run();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, ms, cpuMs: (used.user + used.system) / 1000 };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const [shape, files] of Object.entries(shapes)) {
  const session = new StudioSession(() => performance.now());
  const layouts = new LayoutCache(new ELK());
  const request = (edit: number) => ({
    files: files(edit),
    disabled: [],
    cni: 'upstream' as const,
    granularity: 'workload' as const,
    view: null,
    heatmap: null,
    baseline: 'keep' as const,
    lint: false,
  });
  const graphOf = async (edit: number) => {
    const result = session.analyze(request(edit));
    const layout = await layouts.layoutOf(result.graph);
    return { result, layout };
  };
  const parsers = await startParseWorkers();
  let sharedParseMs = 0;
  const first = await timed(async () => {
    const started = performance.now();
    const parsed = await parseShared(files(0), parsers.runners, (f) => session.parseAhead(f));
    session.adoptParsed(files(0), parsed);
    sharedParseMs = performance.now() - started;
    return graphOf(0);
  });
  await parsers.stop();
  const firstLint = await timed(() => session.lint({ cni: 'upstream' }));
  const edits: Timed<Awaited<ReturnType<typeof graphOf>>>[] = [];
  const lints: Timed<unknown>[] = [];
  const attributions: Timed<unknown>[] = [];
  const moved: number[] = [];
  for (let e = 1; e <= EDITS; e++) {
    const before = edits.at(-1)?.value.layout ?? first.value.layout;
    const edit = await timed(() => graphOf(e));
    edits.push(edit);
    lints.push(await timed(() => session.lint({ cni: 'upstream' })));
    attributions.push(await timed(() => session.changesAfterGraph()));
    // nodes that kept their place: an edit of one port must move none
    const at = new Map(before.nodes.map((b) => [b.id, `${b.x},${b.y}`]));
    moved.push(
      edit.value.layout.nodes.filter((b) => at.has(b.id) && at.get(b.id) !== `${b.x},${b.y}`).length,
    );
  }
  const medianEdit = [...edits].sort((a, b) => a.ms - b.ms)[Math.floor(edits.length / 2)]!;
  const round = (phases: Readonly<Record<string, number>>) =>
    Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v * 10) / 10]));
  const { stats, graph } = first.value.result;
  process.stdout.write(
    `${JSON.stringify({
      shape,
      pods: stats.pods,
      workloads: stats.workloads,
      namespaces: stats.namespaces,
      drawn: {
        nodes: graph.nodes.length,
        edges: graph.edges.length,
        widest: Math.max(...graph.nodes.map(nodeWidth)),
      },
      firstMs: first.ms,
      firstCpuMs: first.cpuMs,
      firstPhases: round({ ...stats.phases, parse: sharedParseMs + (stats.phases.parse ?? 0) }),
      parseWorkers: parsers.runners.length,
      firstLintMs: firstLint.ms,
      editMs: median(edits.map((t) => t.ms)),
      editCpuMs: median(edits.map((t) => t.cpuMs)),
      editPhases: round(medianEdit.value.result.stats.phases),
      lintMs: median(lints.map((t) => t.ms)),
      lintCpuMs: median(lints.map((t) => t.cpuMs)),
      attributeMs: median(attributions.map((t) => t.ms)),
      attributeCpuMs: median(attributions.map((t) => t.cpuMs)),
      nodesMoved: Math.max(...moved),
      edits: edits.map((t) => Math.round(t.ms)),
    })}\n`,
  );
}
