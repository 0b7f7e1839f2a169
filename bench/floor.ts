/**
 * The parse floor of one input file, in a fresh process: the time js-yaml's plain loader (or
 * `JSON.parse` for JSON input) needs to read it, with no positions kept, wall and CPU time.
 * Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: floor FILE');
const text = readFileSync(file, 'utf8');
const c0 = process.cpuUsage();
const t0 = performance.now();
const first = text.search(/\S/);
let documents = 0;
if (text[first] === '{' || text[first] === '[') {
  documents = JSON.parse(text) === null ? 0 : 1;
} else {
  documents = loadAll(text).length;
}
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
process.stdout.write(
  `${JSON.stringify({ floor: t1 - t0, floorCpu: (c1.user + c1.system) / 1000, documents, mib: text.length / 2 ** 20 })}\n`,
);
