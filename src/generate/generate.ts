import { parseTestSpec } from '../assert/spec.js';
import { diffClusters } from '../diff/diff.js';
import { type CniProfile, compileCluster, impliedCni } from '../engine/compile.js';
import { buildMatrix, type Matrix } from '../engine/matrix.js';
import { type ConnSet, EMPTY_CONNS, isEmptyConns, subtractConns, unionConns } from '../engine/port-set.js';
import { computeReachability } from '../engine/reachability.js';
import { loadManifests } from '../load.js';
import { normalizeObjects } from '../model/normalize.js';
import type { Cluster } from '../model/types.js';
import { type InputFile, parseInputs } from '../sources/parse.js';
import { buildPolicies } from './build.js';
import { dnsFlows } from './dns.js';
import { type FlowProblem, intentFromFlows, readFlows } from './flows.js';
import { intentFromCurrent, mergeFlows } from './intent.js';
import { renderPolicies } from './render.js';
import { intentFromSpec } from './spec.js';
import type { Dialect, GeneratedPolicy, IntentFlow } from './types.js';

/** Where the intended connectivity comes from. */
export type IntentSource =
  | { readonly type: 'current' }
  | { readonly type: 'flows'; readonly file: InputFile }
  | { readonly type: 'spec'; readonly file: InputFile };

export interface GenerateOptions {
  readonly dialect?: Dialect;
  readonly cni?: CniProfile;
}

/** One pair whose allowed ports differ between the intent and the generated policies. */
export interface Difference {
  readonly src: string;
  readonly dst: string;
  /** What the intent allows and the policies do not. */
  readonly missing: ConnSet;
  /** What the policies allow beyond the intent. */
  readonly extra: ConnSet;
}

export type Verification =
  | { readonly status: 'equal'; readonly pairs: number }
  | { readonly status: 'different'; readonly differences: readonly Difference[] }
  /** The engine does not evaluate the dialect (yet): nothing can be proved. */
  | { readonly status: 'unverifiable'; readonly reason: 'DIALECT_NOT_EVALUATED' };

export interface GenerateResult {
  readonly policies: readonly GeneratedPolicy[];
  readonly intent: readonly IntentFlow[];
  readonly problems: readonly FlowProblem[];
  readonly verification: Verification;
  /** The YAML of every namespace, in namespace order. */
  readonly files: ReadonlyMap<string, string>;
}

/** Kinds of policy objects that a generated set replaces. */
const POLICY_KIND = /NetworkPolicy$/;

/**
 * Generates least-privilege policies for the cluster in `files` from the intended
 * connectivity, and verifies them: the cluster with its policies replaced by the generated set
 * must allow exactly the intent (plus DNS, named as such, for flows and specs) on every port.
 */
export function generatePolicies(
  files: readonly InputFile[],
  source: IntentSource,
  options: GenerateOptions = {},
): GenerateResult {
  const dialect = options.dialect ?? 'networkpolicy';
  const cluster = loadManifests(files);
  // Cilium policies in, or out (--dialect cilium): evaluated as Cilium enforces them.
  const cni = options.cni ?? (dialect === 'cilium' ? 'cilium' : impliedCni(cluster));
  const compiled = compileCluster(cluster, { cni });
  let intent: IntentFlow[];
  let problems: FlowProblem[] = [];
  if (source.type === 'current') intent = intentFromCurrent(compiled);
  else {
    const read =
      source.type === 'flows'
        ? (() => {
            const r = readFlows(source.file);
            const i = intentFromFlows(compiled, r.flows);
            return { flows: i.flows, problems: [...r.problems, ...i.problems] };
          })()
        : intentFromSpecFile(compiled, source.file);
    problems = read.problems;
    intent = mergeFlows(read.flows);
    intent = [...intent, ...dnsFlows(cluster, intent)];
  }
  const policies = buildPolicies(cluster, intent, dialect);
  const byNamespace = new Map<string, string>();
  for (const ns of [...new Set(policies.map((p) => p.namespace))])
    byNamespace.set(ns, renderPolicies(policies.filter((p) => p.namespace === ns)));
  const text = [...byNamespace.values()].join('---\n');
  const generatedCluster = replacePolicies(files, { name: '<generated>', text });
  const bare = replacePolicies(files, { name: '<generated>', text: '' });
  const verification = !evaluated(bare, generatedCluster, cni)
    ? ({ status: 'unverifiable', reason: 'DIALECT_NOT_EVALUATED' } as const)
    : source.type === 'current'
      ? verifyCurrent(cluster, generatedCluster, cni)
      : verifyIntent(generatedCluster, intent, cni);
  return { policies, intent, problems, verification, files: byNamespace };
}

function intentFromSpecFile(compiled: ReturnType<typeof compileCluster>, file: InputFile) {
  const spec = parseTestSpec(file);
  if (spec.spec === undefined)
    return {
      flows: [],
      problems: spec.diagnostics.map((d) => ({ where: file.name, message: d.message })),
    };
  return intentFromSpec(compiled, spec.spec);
}

/** The cluster of `files` with every policy object replaced by those of `generated`. */
function replacePolicies(files: readonly InputFile[], generated: InputFile): Cluster {
  const parsed = parseInputs([...files, generated]);
  const objects = parsed.objects.filter(
    (o) => o.source.file === generated.name || !POLICY_KIND.test(String(o.value['kind'] ?? '')),
  );
  return normalizeObjects(objects, parsed.locator);
}

function matrixOf(cluster: Cluster, cni: CniProfile): Matrix {
  return buildMatrix(computeReachability(compileCluster(cluster, { cni })), {
    granularity: 'workload',
    external: true,
  });
}

/** `--from-current`: the generated set must give the connectivity the input has now. */
function verifyCurrent(before: Cluster, after: Cluster, cni: CniProfile): Verification {
  const diff = diffClusters(before, after, { cni, granularity: 'workload' });
  if (diff.changes.length === 0) return { status: 'equal', pairs: matrixOf(before, cni).connections.length };
  return {
    status: 'different',
    differences: diff.changes.map((c) => ({
      src: c.src,
      dst: c.dst,
      missing: subtractConns(c.before, c.after),
      extra: subtractConns(c.after, c.before),
    })),
  };
}

/** Flows and specs: the generated set must allow the intent (with DNS) and nothing else. */
function verifyIntent(after: Cluster, intent: readonly IntentFlow[], cni: CniProfile): Verification {
  const matrix = matrixOf(after, cni);
  const wanted = new Map<string, ConnSet>();
  for (const f of intent) {
    const key = `${f.src.id}\u0000${f.dst.id}`;
    wanted.set(key, unionConns(wanted.get(key) ?? EMPTY_CONNS, f.conns));
  }
  const got = new Map(matrix.connections.map((c) => [`${c.src}\u0000${c.dst}`, c.conns]));
  // Neither side can be isolated (an address outside the cluster, a hostNetwork pod): no
  // NetworkPolicy decides the pair, so it is no difference of the generated set.
  const free = new Set(
    matrix.nodes
      .filter(
        (n) => n.kind === 'External' || (n.endpoints.length > 0 && n.endpoints.every((e) => e.hostNetwork)),
      )
      .map((n) => n.id),
  );
  const differences: Difference[] = [];
  for (const key of new Set([...wanted.keys(), ...got.keys()])) {
    const [src, dst] = key.split('\u0000') as [string, string];
    if (src === dst || (free.has(src) && free.has(dst))) continue;
    const w = wanted.get(key) ?? EMPTY_CONNS;
    const g = got.get(key) ?? EMPTY_CONNS;
    const missing = subtractConns(w, g);
    const extra = subtractConns(g, w);
    // A peer the input does not hold (the cluster DNS by label) has no pods to check.
    if (!got.has(key) && !matrix.nodes.some((n) => n.id === dst)) continue;
    if (!isEmptyConns(missing) || !isEmptyConns(extra)) differences.push({ src, dst, missing, extra });
  }
  return differences.length === 0
    ? { status: 'equal', pairs: wanted.size }
    : {
        status: 'different',
        differences: differences.sort((a, b) => a.src.localeCompare(b.src) || a.dst.localeCompare(b.dst)),
      };
}

/**
 * Whether the engine evaluated the generated set at all: a set that starts with a default deny
 * per namespace changes the connectivity of any cluster with pods unless its dialect is ignored.
 */
function evaluated(bare: Cluster, after: Cluster, cni: CniProfile): boolean {
  if (after.policies.length > 0) return true;
  const a = matrixOf(bare, cni);
  const b = matrixOf(after, cni);
  return JSON.stringify(a.connections) !== JSON.stringify(b.connections);
}
