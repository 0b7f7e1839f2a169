import { diffClusters } from '../diff/diff.js';
import { rulePathOf } from '../diff/rule-path.js';
import type { ConnectionChange } from '../diff/types.js';
import { type CheckResult, checkConnection, type ProbeResult } from '../engine/check.js';
import { type CniProfile, type CompiledCluster, compileCluster, impliedCni } from '../engine/compile.js';
import type { Party } from '../engine/evaluate.js';
import type { MatrixNode } from '../engine/matrix.js';
import {
  type ConnSet,
  connsOf,
  EMPTY_CONNS,
  isEmptyConns,
  rangeIntervals,
  subtractConns,
  unionConns,
} from '../engine/port-set.js';
import { resolveTarget, type Target } from '../engine/targets.js';
import { parseCidr } from '../model/ip.js';
import { normalizeObjects } from '../model/normalize.js';
import { formatPath, type SourceRef } from '../model/source.js';
import type { Cluster } from '../model/types.js';
import { type InputFile, parseInputs } from '../sources/parse.js';
import { editSize } from './edit.js';
import { FIX_STRATEGIES } from './registry.js';
import { failingSides } from './sides.js';
import { spliceEdits } from './splice.js';
import { candidateFor } from './strategies/add-policy.js';
import { ciliumDeny } from './strategies/cilium-deny.js';
import { type CiliumDenyHit, ciliumDenyHits, tierBlocker } from './tiers.js';
import type {
  Candidate,
  FileChange,
  FixBlocker,
  FixContext,
  FixReport,
  FixRequest,
  Proposal,
  Want,
} from './types.js';

export interface FixOptions {
  readonly cni?: CniProfile;
  /** Keep proposals that do not make the connection what was asked (they say why). */
  readonly keepFailing?: boolean;
}

/** A loaded input: the files, and the cluster and raw objects read from them. */
interface Loaded {
  readonly cluster: Cluster;
  readonly raw: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

function load(files: readonly InputFile[]): Loaded {
  const parsed = parseInputs(files);
  const normalized = normalizeObjects(parsed.objects, parsed.locator);
  const cluster = { ...normalized, diagnostics: [...parsed.diagnostics, ...normalized.diagnostics] };
  return { cluster, raw: new Map(parsed.objects.map((o) => [refKey(o.source), o.value])) };
}

function refKey(ref: SourceRef): string {
  return `${ref.file}\u0000${ref.doc}\u0000${ref.path.join('/')}`;
}

/**
 * Proposes edits that make one connection allowed or denied. Every candidate is applied to a
 * copy of the input files and evaluated by the engine: it must make the connection what was
 * asked, and every other connection it changes is listed (the diff engine, workload
 * granularity). Ranked: repairs of an evident mistake first, then fewest side effects, then
 * the smallest edit.
 */
export function proposeFixes(
  files: readonly InputFile[],
  request: FixRequest,
  options: FixOptions = {},
): FixReport {
  const before = load(files);
  // as every verb: the Cilium profile where the input holds Cilium policies
  const cni = options.cni ?? impliedCni(before.cluster);
  const compiled = compileCluster(before.cluster, { cni });
  const src = target(before.cluster, request.src, request.namespace);
  const dst = target(before.cluster, request.dst, request.namespace);
  const result = checkConnection(compiled, src, dst, request.port, request.protocol);
  const base = { request, before: result.verdict, cni };
  if (result.verdict !== 'allowed' && result.verdict !== 'denied' && result.verdict !== 'partial') {
    return {
      ...base,
      proposals: [],
      blocker: {
        code: 'NOT_A_POLICY_VERDICT',
        verdict: result.verdict,
      },
    };
  }
  if (meets(result, request))
    return { ...base, proposals: [], blocker: { code: 'ALREADY', verdict: result.verdict } };
  const ctx = context(before, compiled, request, src, dst, result);
  const decidedFirst = tierBlocker(ctx.failing, request.protocol, request.want);
  if (decidedFirst !== undefined) return { ...base, proposals: [], blocker: decidedFirst };
  if (failingSides(ctx).length === 0) {
    return {
      ...base,
      proposals: [],
      blocker: { code: 'NO_POLICY_SIDE', detail: 'no side of the connection is decided by a policy' },
    };
  }
  // A Cilium deny beats every allow: only narrowing or removing it can help.
  const denies = request.want === 'allowed' ? ciliumDenyHits(ctx.failing, request.protocol) : [];
  const strategies = FIX_STRATEGIES.filter(
    (s) => s.want === request.want && (denies.length === 0 || s.id === ciliumDeny.id),
  );
  const candidates = dedupe(
    complete(
      ctx,
      strategies.flatMap((s) => s.propose(ctx)),
    ),
  );
  const intended = targetConns(result.probes, request);
  const proposals = candidates.map((c) => judge(files, before.cluster, c, request, cni, intended));
  const first = denies[0];
  if (first !== undefined && !proposals.some((p) => p.works) && options.keepFailing !== true)
    return { ...base, proposals: [], blocker: denyBlocker(first) };
  const kept =
    options.keepFailing === true || !proposals.some((p) => p.works)
      ? proposals
      : proposals.filter((p) => p.works);
  return { ...base, proposals: rank(kept) };
}

/**
 * The repair of an evident mistake that makes a denied connection allowed, if there is one
 * (for `check`'s one-line hint): near-miss strategies only, the first that works in registry
 * order, verified without computing side effects.
 */
export function nearMissFix(
  files: readonly InputFile[],
  request: Omit<FixRequest, 'want'>,
  options: FixOptions = {},
): Proposal | undefined {
  const wish: FixRequest = { ...request, want: 'allowed' };
  const before = load(files);
  const cni = options.cni ?? impliedCni(before.cluster);
  const compiled = compileCluster(before.cluster, { cni });
  const src = target(before.cluster, wish.src, wish.namespace);
  const dst = target(before.cluster, wish.dst, wish.namespace);
  const result = checkConnection(compiled, src, dst, wish.port, wish.protocol);
  if (result.verdict !== 'denied' && result.verdict !== 'partial') return undefined;
  const ctx = context(before, compiled, wish, src, dst, result);
  const candidates = complete(
    ctx,
    FIX_STRATEGIES.filter((s) => s.want === 'allowed').flatMap((s) => s.propose(ctx)),
  ).filter((c) => c.nearMiss);
  for (const c of dedupe(candidates)) {
    const p = judge(files, before.cluster, c, wish, cni, [], false);
    if (p.works) return p;
  }
  return undefined;
}

/** The Cilium deny rule that decides the connection, named as a blocker. */
function denyBlocker(hit: CiliumDenyHit): FixBlocker {
  return {
    code: 'CILIUM_DENY_DECIDES',
    kind: hit.rule.policy.kind,
    policy: hit.rule.policy.id,
    rule: formatPath(rulePathOf(hit.rule)),
    direction: hit.direction,
  };
}

function context(
  before: Loaded,
  compiled: CompiledCluster,
  request: FixRequest,
  src: Target,
  dst: Target,
  result: CheckResult,
): FixContext {
  return {
    cluster: before.cluster,
    compiled,
    request,
    src,
    dst,
    result,
    failing: result.probes.filter((p) => (request.want === 'allowed' ? !p.allowed : p.allowed)),
    raw: (ref) => before.raw.get(refKey(ref)),
    fileFor: (namespace, fallback) =>
      before.cluster.policies.find((p) => p.namespace === namespace && p.source.file !== '')?.source.file ??
      fallback.file,
  };
}

function target(cluster: Cluster, text: string, namespace: string | undefined): Target {
  const r = resolveTarget(cluster, text, namespace ?? 'default');
  if (!r.ok) throw new FixTargetError(r.message, r.hint);
  return r.target;
}

/** An endpoint of the request that names nothing in the input. */
export class FixTargetError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'FixTargetError';
  }
}

function meets(result: CheckResult, request: FixRequest): boolean {
  return request.want === 'allowed' ? result.verdict === 'allowed' : result.verdict === 'denied';
}

/**
 * For `allowed`, a connection both sides deny needs an edit on each: a candidate that fixes one
 * side is completed with a new policy for each other denying side.
 */
function complete(ctx: FixContext, candidates: readonly Candidate[]): Candidate[] {
  if (ctx.request.want !== 'allowed') return [...candidates];
  const sides = failingSides(ctx);
  return candidates.map((c) => {
    if (c.side === undefined) return c;
    const others = sides.filter((s) => s.direction !== c.side);
    if (others.length === 0) return c;
    // The other side: its own evident repair when there is one, else a new policy.
    const extra = others.map(
      (s) =>
        candidates.find((o) => o.nearMiss && o.side === s.direction && o.side !== c.side) ??
        candidateFor(ctx, s),
    );
    if (c.strategy === 'add-policy' && extra.every((e) => e.title === c.title)) return c;
    return {
      ...c,
      title: `${c.title}; and ${extra.map((e) => e.title.replace(/^add /, 'add ')).join('; ')}`,
      edits: [...c.edits, ...extra.flatMap((e) => e.edits)],
    };
  });
}

function dedupe(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const c of candidates) {
    const key = JSON.stringify(c.edits);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}

/** The ports of each (source, destination) pair of parties that the request is about. */
interface TargetPair {
  readonly src: Party;
  readonly dst: Party;
  readonly conns: ConnSet;
}

function targetConns(probes: readonly ProbeResult[], request: FixRequest): TargetPair[] {
  return probes.map((p) => ({
    src: p.src,
    dst: p.dst,
    conns: connsOf(request.protocol, rangeIntervals(p.port, p.port)),
  }));
}

/** The matrix node ids a party falls in: its workload, or the external ranges holding the address. */
function nodeIds(p: Party, nodes: readonly MatrixNode[]): string[] {
  if (p.type === 'endpoint') return [p.endpoint.workload];
  return nodes
    .filter(
      (n) =>
        n.kind === 'External' &&
        (n.cidrs ?? []).some((c) => {
          const cidr = parseCidr(c);
          return (
            cidr !== undefined &&
            cidr.family === p.address.family &&
            cidr.first <= p.address.value &&
            p.address.value <= cidr.last
          );
        }),
    )
    .map((n) => n.id);
}

/** Intended ports per node pair (`src\0dst`) at workload granularity. */
function intendedByNode(pairs: readonly TargetPair[], nodes: readonly MatrixNode[]): Map<string, ConnSet> {
  const out = new Map<string, ConnSet>();
  for (const pair of pairs)
    for (const s of nodeIds(pair.src, nodes))
      for (const d of nodeIds(pair.dst, nodes)) {
        const key = pairKey(s, d);
        out.set(key, unionConns(out.get(key) ?? EMPTY_CONNS, pair.conns));
      }
  return out;
}

function pairKey(src: string, dst: string): string {
  return `${src}\u0000${dst}`;
}

/** Applies a candidate to a copy of the files and evaluates it. */
function judge(
  files: readonly InputFile[],
  cluster: Cluster,
  candidate: Candidate,
  request: FixRequest,
  cni: CniProfile,
  intended: readonly TargetPair[],
  withSideEffects = true,
): Proposal {
  const changed = applyCandidate(files, candidate);
  const afterFiles = files.map((f) => {
    const c = changed.find((x) => x.file === f.name);
    return c === undefined ? f : { name: f.name, text: c.after };
  });
  const source = sourceOf(cluster, candidate, changed);
  const base = { ...candidate, files: changed, ...(source === undefined ? {} : { source }) };
  if (changed.length === 0)
    return { ...base, works: false, after: 'denied', sideEffects: [], failure: 'EDIT_NOT_APPLIED' };
  const after = load(afterFiles).cluster;
  const newErrors = after.diagnostics.filter((d) => d.severity === 'error').length;
  if (newErrors > cluster.diagnostics.filter((d) => d.severity === 'error').length) {
    return { ...base, works: false, after: 'denied', sideEffects: [], failure: 'INPUT_ERRORS' };
  }
  const compiled = compileCluster(after, { cni });
  const result = checkConnection(
    compiled,
    target(after, request.src, request.namespace),
    target(after, request.dst, request.namespace),
    request.port,
    request.protocol,
  );
  const works = meets(result, request);
  if (!withSideEffects) return { ...base, works, after: result.verdict, sideEffects: [] };
  const diff = diffClusters(cluster, after, { cni, granularity: 'workload' });
  const byNode = intendedByNode(intended, diff.nodes);
  const sideEffects = diff.changes.flatMap((c) => sideEffect(c, byNode, request.want, candidate.companion));
  return {
    ...base,
    works,
    after: result.verdict,
    sideEffects,
    ...(works
      ? {}
      : { failure: result.verdict === 'partial' ? ('PARTIAL' as const) : ('STILL_FAILS' as const) }),
  };
}

/**
 * A change minus the ports the request is about (and the candidate's companion ports). Denying
 * a connection may close the pair's other ports too: that is what was asked, not a side effect.
 */
function sideEffect(
  change: ConnectionChange,
  intended: ReadonlyMap<string, ConnSet>,
  want: Want,
  companion?: ConnSet,
): ConnectionChange[] {
  const asked = intended.get(pairKey(change.src, change.dst));
  if (asked === undefined) return [change];
  const mask = companion === undefined ? asked : unionConns(asked, companion);
  const before = subtractConns(change.before, mask);
  const after =
    want === 'denied'
      ? unionConns(subtractConns(change.after, mask), before)
      : subtractConns(change.after, mask);
  const gained = subtractConns(after, before);
  const lost = subtractConns(before, after);
  if (isEmptyConns(gained) && isEmptyConns(lost)) return [];
  return [{ ...change, before, after }];
}

/** Splices the candidate's edits into the texts of the files they touch. */
export function applyCandidate(files: readonly InputFile[], candidate: Candidate): FileChange[] {
  const byFile = new Map<string, Candidate['edits'][number][]>();
  for (const e of candidate.edits) {
    const file = e.type === 'add-object' ? e.file : e.object.file;
    byFile.set(file, [...(byFile.get(file) ?? []), e]);
  }
  const out: FileChange[] = [];
  for (const [file, edits] of byFile) {
    const original = files.find((f) => f.name === file);
    if (original === undefined) continue;
    // Removals last and from the end, so that earlier indices stay valid.
    const ordered = [
      ...edits.filter((e) => e.type !== 'remove'),
      ...edits.filter((e) => e.type === 'remove').reverse(),
    ];
    const after = spliceEdits(original.text, ordered);
    if (after !== original.text) out.push({ file, before: original.text, after });
  }
  return out;
}

function sourceOf(cluster: Cluster, candidate: Candidate, changed: readonly FileChange[]) {
  if (candidate.at !== undefined)
    return cluster.locator.locate(candidate.at.policy.source, candidate.at.path);
  const add = candidate.edits.find((e) => e.type === 'add-object');
  if (add === undefined) return undefined;
  const text = changed.find((c) => c.file === add.file);
  if (text === undefined) return undefined;
  return { file: add.file, line: text.before.split('\n').length + 1, column: 1 };
}

/**
 * Working proposals first; then repairs of an evident mistake, whose other effects are shown
 * but not counted against them; then fewest side effects; then the smallest edit.
 */
function rank(proposals: readonly Proposal[]): Proposal[] {
  const order = new Map(FIX_STRATEGIES.map((s, i) => [s.id, i]));
  return [...proposals].sort(
    (a, b) =>
      Number(b.works) - Number(a.works) ||
      Number(b.nearMiss) - Number(a.nearMiss) ||
      a.sideEffects.length - b.sideEffects.length ||
      editSize(a.edits) - editSize(b.edits) ||
      (order.get(a.strategy) ?? 0) - (order.get(b.strategy) ?? 0),
  );
}
