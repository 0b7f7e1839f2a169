/**
 * The parse floor, measured on one generated cluster written three ways (multi-document YAML,
 * one YAML `List` as `kubectl get -o yaml` prints it, one JSON `List` as `kubectl get -o json`
 * prints it): js-yaml's plain loader or `JSON.parse` (no positions), js-yaml's event parser
 * alone, kubereach's fast reader for plain YAML alone (document and item positions only),
 * kubereach's reader on one thread (objects with exact positions), and on all threads.
 * `node dist-bench/bench/parse.js [SIZE]` prints medians of warm runs in ms and MB/s.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { dump, loadAll, parseEvents } from 'js-yaml';
import { readFastYaml } from '../src/sources/fast-yaml.js';
import { parseInputsParallel } from '../src/sources/parallel.js';
import { parseInputs } from '../src/sources/parse.js';
import { generateTenants, TENANT_SIZES } from './generate.js';

const size = process.argv[2] ?? 'T8k-pods';
const options = TENANT_SIZES[size];
if (options === undefined) throw new Error(`unknown size ${size}`);
const objects = generateTenants(options);
const inputs = {
  'multi-document YAML': objects.map((o) => dump(o, { noRefs: true })).join('---\n'),
  'YAML List': dump({ apiVersion: 'v1', kind: 'List', items: objects }, { noRefs: true }),
  'JSON List': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 4),
};
const dir = join(process.env.TMPDIR ?? '/tmp', 'kubereach-bench');
mkdirSync(dir, { recursive: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(f: () => unknown, runs = 5): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

console.log(`${size}: ${objects.length} objects; medians of 5 warm runs, ms (MB/s)`);
for (const [shape, text] of Object.entries(inputs)) {
  writeFileSync(join(dir, `${size}.${shape.replaceAll(' ', '-')}.txt`), text);
  const mb = Buffer.byteLength(text) / 1e6;
  const json = shape.startsWith('JSON');
  const rows: [string, number][] = [
    [json ? 'JSON.parse' : 'js-yaml loadAll', await time(() => (json ? JSON.parse(text) : loadAll(text)))],
    ...(json
      ? []
      : [
          ['js-yaml parseEvents', await time(() => parseEvents(text, { maxDepth: 64 }))] as [string, number],
          ['kubereach fast reader', await time(() => readFastYaml(text))] as [string, number],
        ]),
    ['kubereach, one thread', await time(() => parseInputs([{ name: 'in', text }]))],
    [
      'kubereach, all threads',
      await time(() => parseInputsParallel([{ name: 'in', text }], undefined, availableParallelism())),
    ],
  ];
  console.log(`  ${shape} (${mb.toFixed(1)} MB):`);
  for (const [what, ms] of rows)
    console.log(
      `    ${what.padEnd(24)} ${ms.toFixed(0).padStart(6)}  (${(mb / (ms / 1000)).toFixed(0)} MB/s)`,
    );
}
