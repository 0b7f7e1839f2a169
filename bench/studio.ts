/**
 * The studio's re-evaluation after an edit, at bench sizes: a workspace is analyzed once, then
 * one NetworkPolicy's port is edited several times and each re-analysis is timed (the page's
 * Web Worker runs exactly this `StudioSession.analyze`, the graph first, then `lint` in its own
 * turn: `editMs` is what the graph waits for, `lintMs` what the Problems panel waits for after
 * it). Two workspace shapes: the cluster and the policies in separate files, and everything in
 * one file. Prints one JSON line per shape.
 */
import { readFileSync } from 'node:fs';
import { StudioSession } from '../web/src/worker/session.js';

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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [shape, files] of Object.entries(shapes)) {
  const session = new StudioSession(() => performance.now());
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
  const t0 = performance.now();
  session.analyze(request(0));
  const first = performance.now() - t0;
  session.lint({ cni: 'upstream' });
  const edits: number[] = [];
  const lints: number[] = [];
  for (let e = 1; e <= 9; e++) {
    const t = performance.now();
    session.analyze(request(e));
    edits.push(performance.now() - t);
    const l = performance.now();
    session.lint({ cni: 'upstream' });
    lints.push(performance.now() - l);
  }
  process.stdout.write(
    `${JSON.stringify({ shape, firstMs: first, editMs: median(edits), lintMs: median(lints), edits })}\n`,
  );
}
