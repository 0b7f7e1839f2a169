/**
 * `npm run bench`: generates clusters of sizes S, M, L and XL, measures each several times in
 * fresh processes, and prints a table of medians. Also times the whole CLI end to end.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { generateCluster, SIZES } from './generate.js';

const dir = join(process.env.TMPDIR ?? '/tmp', 'kubereach-bench');
mkdirSync(dir, { recursive: true });
const only = process.argv.slice(2);
const sizes = Object.entries(SIZES).filter(([name]) => only.length === 0 || only.includes(name));
const runsFor: Record<string, number> = { S: 5, M: 5, L: 3, XL: 3 };

interface Sample {
  parse: number;
  model: number;
  evaluate: number;
  render: number;
  total: number;
  checkUs: number;
  reevaluate: number;
  rssMiB: number;
  pods: number;
  policies: number;
  classes: number;
  connections: number;
  outputMiB: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

console.log(
  `kubereach benchmark — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
console.log('medians of several fresh-process runs; times in ms; matrix at pod granularity, JSON rendered\n');
const rows: string[][] = [];
for (const [name, options] of sizes) {
  const file = join(dir, `${name}.yaml`);
  if (!existsSync(file)) {
    const objects = generateCluster(options);
    writeFileSync(file, objects.map((o) => dump(o, { noRefs: true })).join('---\n'));
  }
  const samples: Sample[] = [];
  for (let r = 0; r < (runsFor[name] ?? 3); r++) {
    const out = execFileSync(
      'node',
      ['--max-old-space-size=4096', 'dist-bench/bench/measure.js', file, 'pod'],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    samples.push(JSON.parse(out) as Sample);
  }
  const cli: number[] = [];
  for (let r = 0; r < Math.min(3, runsFor[name] ?? 3); r++) {
    const start = performance.now();
    const res = spawnSync('node', ['dist/cli/bin.js', 'matrix', file, '-o', 'json', '-q'], {
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    if (res.status !== 0) throw new Error(`cli run failed with ${res.status}`);
    cli.push(performance.now() - start);
  }
  // The studio: re-analysis after one policy edit, warm, cluster and policies in separate files.
  const studio = execFileSync('node', ['--max-old-space-size=4096', 'dist-bench/bench/studio.js', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { shape: string; editMs: number });
  const studioEdit = studio.find((r) => r.shape === 'separate files')?.editMs ?? Number.NaN;
  const m = (k: keyof Sample) => median(samples.map((s) => s[k]));
  const first = samples[0]!;
  rows.push([
    name,
    `${first.pods}`,
    `${first.policies}`,
    `${first.classes}`,
    `${first.connections}`,
    m('parse').toFixed(0),
    m('model').toFixed(0),
    m('evaluate').toFixed(0),
    m('render').toFixed(0),
    m('total').toFixed(0),
    (m('total') / m('parse')).toFixed(2),
    median(cli).toFixed(0),
    m('checkUs').toFixed(1),
    studioEdit.toFixed(0),
    m('rssMiB').toFixed(0),
  ]);
  console.error(`${name} done`);
}
const headers = [
  'size',
  'pods',
  'policies',
  'classes',
  'connections',
  'parse',
  'model',
  'evaluate',
  'render',
  'total',
  'total/parse',
  'cli e2e',
  'check µs',
  'studio edit',
  'peak MiB',
];
const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: readonly string[]) => `| ${r.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
console.log(line(headers));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));

console.log(
  '\nengine (every port of every protocol) against the naive reference (8 sampled ports), pod pairs:',
);
const naive = execFileSync('node', ['dist-bench/bench/naive.js'], { encoding: 'utf8' });
for (const l of naive.trim().split('\n')) {
  const r = JSON.parse(l) as {
    size: string;
    pods: number;
    policies: number;
    engineMs: number;
    naiveMs: number;
    checks: number;
    mismatches: number;
  };
  console.log(
    `  ${r.size}: ${r.pods} pods, ${r.policies} policies — engine ${r.engineMs.toFixed(0)} ms, naive ${r.naiveMs.toFixed(0)} ms (${(r.naiveMs / r.engineMs).toFixed(0)}× slower), ${r.checks} verdicts compared, ${r.mismatches} mismatches`,
  );
}
