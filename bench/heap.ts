/**
 * `node dist-bench/bench/heap.js FILE.heapsnapshot`: what a heap snapshot holds, by kind of
 * object (constructor or V8 type), largest shallow size first. Prints the top 25 and the total.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  readonly snapshot: {
    readonly meta: {
      readonly node_fields: readonly string[];
      readonly node_types: readonly [readonly string[]];
    };
  };
  readonly nodes: readonly number[];
  readonly strings: readonly string[];
}

const file = process.argv[2];
if (file === undefined) throw new Error('usage: heap FILE.heapsnapshot');
const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
const fields = heap.snapshot.meta.node_fields;
const types = heap.snapshot.meta.node_types[0];
const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
  number,
  number,
  number,
];
const bySort = new Map<string, { size: number; count: number }>();
let total = 0;
for (let i = 0; i < heap.nodes.length; i += fields.length) {
  const type = types[heap.nodes[i + typeAt]!]!;
  const name = type === 'object' || type === 'closure' ? heap.strings[heap.nodes[i + nameAt]!]! : `(${type})`;
  const size = heap.nodes[i + sizeAt]!;
  total += size;
  const entry = bySort.get(name) ?? { size: 0, count: 0 };
  entry.size += size;
  entry.count++;
  bySort.set(name, entry);
}
for (const [name, { size, count }] of [...bySort].sort((a, b) => b[1].size - a[1].size).slice(0, 25)) {
  console.log(
    `${(size / 2 ** 20).toFixed(1).padStart(8)} MiB ${String(count).padStart(9)}  ${name.slice(0, 60)}`,
  );
}
console.log(`${(total / 2 ** 20).toFixed(1).padStart(8)} MiB in all`);
