/**
 * `npm run bench [-- --sizes S,T8k-pods,… --runs N]`: generates the clusters, measures each
 * size in fresh processes and prints medians, every time next to its ratio to the parse floor
 * (js-yaml's plain loader reading the same file). Also times the start-up (`--version`, a
 * small cluster end to end) and compares the engine with the naive reference evaluator.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { generateCluster, generateTenants, SIZES, TENANT_SIZES } from './generate.js';

/** Bump when a generator changes, so cached files are generated again. */
const GENERATOR_VERSION = 3;

interface SizeSpec {
  readonly objects: () => Record<string, unknown>[];
  /** Matrix granularities measured (the first one also end to end through the CLI). */
  readonly granularities: readonly ('pod' | 'workload' | 'namespace')[];
  readonly runs: number;
  readonly studio: boolean;
}

const SPECS: Record<string, SizeSpec> = {
  ...Object.fromEntries(
    Object.entries(SIZES).map(([name, o]) => [
      name,
      {
        objects: () => generateCluster(o),
        granularities: ['pod'],
        runs: o.pods > 20_000 ? 1 : 3,
        studio: true,
      } satisfies SizeSpec,
    ]),
  ),
  ...Object.fromEntries(
    Object.entries(TENANT_SIZES).map(([name, o]) => [
      name,
      {
        objects: () => generateTenants(o),
        granularities: o.tenants * o.workloads > 20_000 ? ['workload', 'namespace'] : ['workload'],
        runs: o.tenants * o.workloads > 20_000 ? 1 : 3,
        studio: false,
      } satisfies SizeSpec,
    ]),
  ),
};

const options = readArgs(process.argv.slice(2));
// Node 20 reads NODE_EXTRA_CA_CERTS (a certificate bundle) at every start, whatever it runs:
// tens of ms that belong to the machine's setup, not to kubereach. Measured runs go without.
const { NODE_EXTRA_CA_CERTS: extraCerts, ...childEnv } = process.env;
const certsNote =
  extraCerts === undefined
    ? ''
    : '; runs without the NODE_EXTRA_CA_CERTS this machine sets (node reads it at every start)';
const dir = join(process.env.TMPDIR ?? '/tmp', 'kubereach-bench');
mkdirSync(dir, { recursive: true });

interface Sample {
  parse: number;
  model: number;
  compile: number;
  reach: number;
  matrix: number;
  evaluate: number;
  render: number;
  total: number;
  parseCpu: number;
  totalCpu: number;
  checkUs: number;
  reevaluate: number;
  rssMiB: number;
  pods: number;
  policies: number;
  namespaces: number;
  classes: number;
  connections: number;
  outputMiB: number;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

console.log(
  `kubereach benchmark — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
console.log(
  'medians of fresh-process runs; times in ms, (×N) = N times the parse floor (js-yaml load of the same file);',
);
console.log(
  `CPU columns are user+system time of all threads (what a busy machine inflates least); load average at the start: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}${certsNote}\n`,
);

const startup = measureStartup();
const rows: string[][] = [];
for (const name of options.sizes) {
  const spec = SPECS[name]!;
  const file = inputFile(name, spec);
  const floors = repeat(spec.runs, () =>
    node<{ floor: number; floorCpu: number }>('dist-bench/bench/floor.js', [file]),
  );
  const floor = median(floors.map((f) => f.floor));
  const floorCpu = median(floors.map((f) => f.floorCpu));
  const ratio = (ms: number) => `${ms.toFixed(0)} (${(ms / floor).toFixed(2)}×)`;
  const cpuRatio = (ms: number) => `${ms.toFixed(0)} (${(ms / floorCpu).toFixed(2)}×)`;
  for (const granularity of spec.granularities) {
    try {
      const samples = repeat(spec.runs, () =>
        node<Sample>('dist-bench/bench/measure.js', [
          file,
          granularity,
          ...(spec.runs > 1 ? [] : ['--no-extras']),
        ]),
      );
      // JSON has no NaN: a figure not measured comes back as null
      const m = (k: keyof Sample) => {
        const xs = samples.map((s) => s[k]).filter((x) => typeof x === 'number');
        return xs.length === 0 ? Number.NaN : median(xs);
      };
      const cli = repeat(Math.min(3, spec.runs), () =>
        runCli(['matrix', file, '-o', 'json', '-q', '--granularity', granularity]),
      );
      // lint has no granularity: once per size (exit 1 is findings at the error level)
      const lint =
        granularity === spec.granularities[0]
          ? median(
              repeat(Math.min(3, spec.runs), () =>
                runCli(['lint', file, '-o', 'json', '-q'], undefined, [0, 1]),
              ).map((c) => c.ms),
            ).toFixed(0)
          : '-';
      const studio =
        spec.studio && granularity === spec.granularities[0]
          ? studioColumns(file, Math.min(3, spec.runs))
          : ['-', '-'];
      const first = samples[0]!;
      rows.push([
        name,
        `${first.pods}`,
        `${first.policies}`,
        `${first.namespaces}`,
        granularity,
        `${first.classes}`,
        `${first.connections}`,
        first.outputMiB.toFixed(0),
        `${floor.toFixed(0)} / ${floorCpu.toFixed(0)}`,
        ratio(m('parse')),
        m('model').toFixed(0),
        m('compile').toFixed(0),
        m('reach').toFixed(0),
        m('matrix').toFixed(0),
        m('render').toFixed(0),
        ratio(m('total')),
        cpuRatio(m('totalCpu')),
        ratio(median(cli.map((c) => c.ms))),
        cpuRatio(median(cli.map((c) => c.cpuMs))),
        median(cli.map((c) => c.rssMiB)).toFixed(0),
        Number.isNaN(m('checkUs')) ? '-' : m('checkUs').toFixed(1),
        lint,
        ...studio,
      ]);
      console.error(`${name} ${granularity}: ${rows[rows.length - 1]!.join(' | ')}`);
    } catch (err) {
      // A size that fails (out of memory, say) is reported; the others still run.
      const reason = (err instanceof Error ? err.message : String(err)).match(
        /FATAL ERROR: [^\n]*|^[^\n]*/,
      )?.[0];
      console.error(`${name} ${granularity}: failed: ${reason}`);
      rows.push([
        name,
        '-',
        '-',
        '-',
        granularity,
        `failed: ${reason ?? 'error'}`.slice(0, 60),
        ...Array(18).fill('-'),
      ]);
    }
  }
}
printTable(
  [
    'size',
    'pods',
    'policies',
    'ns',
    'granularity',
    'classes',
    'pairs',
    'out MiB',
    'floor / cpu',
    'parse',
    'model',
    'compile',
    'reach',
    'matrix',
    'render',
    'total',
    'total cpu',
    'cli e2e',
    'cli cpu',
    'cli MiB',
    'check µs',
    'cli lint',
    'studio first / edit / lint',
    'studio cpu',
  ],
  rows,
);
// Starting node and doing nothing: the floor under every start-up figure.
const nodeRuns = repeat(10, () => runCli([], ['-e', '0']));
console.log(
  `\nstart-up: --version ${startup.version.toFixed(0)} ms (${startup.versionCpu.toFixed(0)} ms CPU; \`node -e 0\` alone ${median(nodeRuns.map((r) => r.ms)).toFixed(0)} ms, ${median(nodeRuns.map((r) => r.cpuMs)).toFixed(0)} ms CPU); ${startup.small.name} (${startup.small.pods} pods, ${startup.small.policies} policies) matrix -o json end to end ${startup.small.ms.toFixed(0)} ms (${startup.small.cpuMs.toFixed(0)} ms CPU), ${(startup.small.ms / startup.small.floor).toFixed(2)}× its parse floor of ${startup.small.floor.toFixed(0)} ms`,
);
console.log(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (on ${cpus().length} cores)`,
);

if (options.naive) {
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
}

function readArgs(argv: readonly string[]) {
  const value = (flag: string) => {
    const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
    if (i < 0) return undefined;
    return argv[i]!.includes('=') ? argv[i]!.slice(flag.length + 1) : argv[i + 1];
  };
  const positional = argv.filter(
    (a, i) => !a.startsWith('--') && !['--sizes', '--runs'].includes(argv[i - 1] ?? ''),
  );
  const named = [...(value('--sizes')?.split(',') ?? []), ...positional].filter((s) => s !== '');
  for (const n of named) {
    if (SPECS[n] === undefined) throw new Error(`unknown size ${n}; sizes: ${Object.keys(SPECS).join(', ')}`);
  }
  const runs = value('--runs');
  if (runs !== undefined)
    for (const spec of Object.values(SPECS)) Object.assign(spec, { runs: Number(runs) });
  return {
    sizes: named.length > 0 ? named : Object.keys(SPECS).filter((n) => n !== 'T700'),
    naive: named.length === 0 || argv.includes('--naive'),
  };
}

function inputFile(name: string, spec: SizeSpec): string {
  const file = join(dir, `${name}.v${GENERATOR_VERSION}.yaml`);
  if (!existsSync(file)) {
    writeFileSync(
      file,
      spec
        .objects()
        .map((o) => dump(o, { noRefs: true }))
        .join('---\n'),
    );
  }
  return file;
}

function repeat<T>(n: number, f: () => T): T[] {
  return Array.from({ length: Math.max(1, n) }, f);
}

function node<T>(script: string, args: readonly string[]): T {
  const out = execFileSync('node', ['--max-old-space-size=4096', script, ...args], {
    env: childEnv,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out) as T;
}

/** The CLI from process start to exit, output discarded, with its peak RSS. */
function runCli(
  args: readonly string[],
  script: readonly string[] = ['dist/bundle/kubereach.js'],
  success: readonly number[] = [0],
): { ms: number; cpuMs: number; rssMiB: number } {
  const rssFile = join(dir, 'rss.txt');
  rmSync(rssFile, { force: true });
  const useTime = existsSync('/usr/bin/time');
  const command = useTime ? '/usr/bin/time' : 'node';
  const argv = [...(useTime ? ['-f', '%M %U %S', '-o', rssFile, 'node'] : []), ...script, ...args];
  const start = performance.now();
  const res = spawnSync(command, argv, { stdio: ['ignore', 'ignore', 'ignore'], env: childEnv });
  const ms = performance.now() - start;
  if (res.status === null || !success.includes(res.status))
    throw new Error(`kubereach ${args.join(' ')} failed with ${res.status}`);
  if (!useTime) return { ms, cpuMs: Number.NaN, rssMiB: Number.NaN };
  const [kb = 'NaN', user = 'NaN', sys = 'NaN'] = readFileSync(rssFile, 'utf8')
    .trim()
    .split('\n')
    .pop()!
    .split(' ');
  return { ms, cpuMs: (Number(user) + Number(sys)) * 1000, rssMiB: Number(kb) / 1024 };
}

/** The studio's figures for one input: first graph, edit to graph and lint, wall and CPU. */
interface StudioFigures {
  readonly firstMs: number;
  readonly firstCpuMs: number;
  readonly editMs: number;
  readonly editCpuMs: number;
  readonly lintMs: number;
  readonly lintCpuMs: number;
}

/** bench/studio.js on `file` (cluster and policies in separate files), in a fresh process. */
function studioFigures(file: string): StudioFigures | undefined {
  const lines = execFileSync('node', ['--max-old-space-size=4096', 'dist-bench/bench/studio.js', file], {
    env: childEnv,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as StudioFigures & { shape: string });
  return lines.find((r) => r.shape === 'separate files');
}

/** Medians of `runs` fresh studio runs: `first / edit / lint` ms, wall then CPU. */
function studioColumns(file: string, runs: number): [string, string] {
  const all = repeat(runs, () => studioFigures(file)).filter((r) => r !== undefined);
  if (all.length === 0) return ['-', '-'];
  const m = (k: keyof StudioFigures) => median(all.map((r) => r[k])).toFixed(0);
  return [
    `${m('firstMs')} / ${m('editMs')} / ${m('lintMs')}`,
    `${m('firstCpuMs')} / ${m('editCpuMs')} / ${m('lintCpuMs')}`,
  ];
}

function measureStartup() {
  const versions = repeat(10, () => runCli(['--version']));
  const version = median(versions.map((v) => v.ms));
  const versionCpu = median(versions.map((v) => v.cpuMs));
  const name = 'T700';
  const spec = SPECS[name]!;
  const file = inputFile(name, spec);
  const floor = median(repeat(5, () => node<{ floor: number }>('dist-bench/bench/floor.js', [file]).floor));
  const runs = repeat(5, () => runCli(['matrix', file, '-o', 'json', '-q']));
  const ms = median(runs.map((r) => r.ms));
  const cpuMs = median(runs.map((r) => r.cpuMs));
  const sample = node<Sample>('dist-bench/bench/measure.js', [file, 'workload', '--no-extras']);
  return {
    version,
    versionCpu,
    small: { name, ms, cpuMs, floor, pods: sample.pods, policies: sample.policies },
  };
}

function printTable(headers: readonly string[], body: readonly string[][]) {
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of body) console.log(line(r));
}
