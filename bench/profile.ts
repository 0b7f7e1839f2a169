/**
 * `node dist-bench/bench/profile.js FILE.cpuprofile`: where a CPU profile of one `measure` run
 * (`node --cpu-prof dist-bench/bench/measure.js …`) spent its time, by pipeline stage: each
 * sample counts for the innermost kubereach frame on its stack (library frames count for the
 * stage that called them). Prints one line per stage, in ms and per cent.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The stage of a kubereach frame, or undefined for frames of libraries and node. */
function stageOf(url: string, fn: string, stack: readonly ProfileNode[]): string | undefined {
  const m =
    /\/(?:dist|dist-bench)\/(?:src\/)?(sources|model|engine|render|focus|bench)\/(?:matrix\/)?([\w-]+)\.js$/.exec(
      url,
    );
  if (m === null) return undefined;
  const [, dir, file] = m;
  if (dir === 'sources') return 'parse';
  if (dir === 'model') return 'model';
  if (dir === 'render' || dir === 'focus') return 'serialization';
  if (dir === 'bench') return 'bench harness';
  if (file === 'compile' || file === 'label-selector' || file === 'ip-set') return 'compile';
  if (file === 'matrix') return 'pair expansion';
  if (file === 'reachability' || file === 'external') {
    const partition = ['partitionEndpoints', 'relevantLabelKeys', 'namedPortsKey', 'partitionExternal'];
    return partition.includes(fn) || stack.some((n) => partition.includes(n.callFrame.functionName))
      ? 'class partition'
      : 'tier resolution';
  }
  return 'tier resolution';
}

const file = process.argv[2];
if (file === undefined) throw new Error('usage: profile FILE.cpuprofile');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const stageCache = new Map<number, string>();
const stageOfNode = (id: number): string => {
  const hit = stageCache.get(id);
  if (hit !== undefined) return hit;
  const stack: ProfileNode[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!);
  let stage = stack[0]?.callFrame.functionName === '(garbage collector)' ? 'gc' : 'other (node, start-up)';
  if (stage !== 'gc') {
    for (let i = 0; i < stack.length; i++) {
      const { url, functionName } = stack[i]!.callFrame;
      const s = stageOf(url, functionName, stack.slice(i));
      if (s !== undefined) {
        stage = s;
        break;
      }
    }
  }
  stageCache.set(id, stage);
  return stage;
};

const totals = new Map<string, number>();
let all = 0;
profile.samples.forEach((id, i) => {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  all += ms;
  const stage = stageOfNode(id);
  totals.set(stage, (totals.get(stage) ?? 0) + ms);
});
for (const [stage, ms] of [...totals].sort((a, b) => b[1] - a[1])) {
  console.log(
    `${stage.padEnd(24)} ${ms.toFixed(0).padStart(7)} ms ${((ms / all) * 100).toFixed(1).padStart(5)} %`,
  );
}
console.log(`${'total'.padEnd(24)} ${all.toFixed(0).padStart(7)} ms`);
