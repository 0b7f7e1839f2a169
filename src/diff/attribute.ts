import type { CompiledCluster } from '../engine/compile.js';
import {
  type ConnectionEvaluation,
  type DirectionEvaluation,
  evaluateConnection,
  type Party,
} from '../engine/evaluate.js';
import type { ExternalNode } from '../engine/external.js';
import type { MatrixNode } from '../engine/matrix.js';
import {
  type ConnSet,
  EMPTY_CONNS,
  intersectConns,
  isEmptyConns,
  subtractConns,
} from '../engine/port-set.js';
import type { Decision } from '../engine/resolve.js';
import type { AnyPolicy, CompiledRule } from '../engine/rules.js';
import { formatPath, type PathSegment, type SourcePosition } from '../model/source.js';
import type { Direction, Endpoint } from '../model/types.js';
import type { PairChange } from './compare.js';
import { type PolicyComparison, policyId } from './policies.js';
import { rulePathOf } from './rule-path.js';
import type { CauseEffect, PolicyCause, Version } from './types.js';

/** One version as attribution needs it. */
export interface VersionContext {
  readonly compiled: CompiledCluster;
  readonly nodes: ReadonlyMap<string, MatrixNode>;
  readonly endpoints: ReadonlyMap<string, Endpoint>;
  readonly external: ReadonlyMap<string, ExternalNode>;
}

export interface AttributionContext {
  readonly before: VersionContext;
  readonly after: VersionContext;
  readonly policies: PolicyComparison;
  /** Distinct member pairs evaluated per change at most (pods that policies treat alike count once). */
  readonly maxPairs?: number;
}

const DEFAULT_MAX_PAIRS = 64;
const DIRECTIONS: readonly Direction[] = ['egress', 'ingress'];

/**
 * Finds the policies responsible for a change by evaluating member pairs of the two nodes in
 * both versions and comparing, per direction, what decided the changed ports in each tier:
 * - ports gained that a rule now allows: that rule (`allows`);
 * - ports gained because nothing decides them any more: the old isolating policies
 *   (`no-longer-isolates`) or the old denying admin or baseline rules (`no-longer-denies`);
 * - ports lost that a rule allowed before: that rule (`no-longer-allows`);
 * - ports lost that were open by default: the new isolating policies (`isolates`) or the new
 *   denying admin or baseline rules (`denies`).
 * Ports lost because an endpoint disappeared have no responsible policy.
 */
export function attributeChange(change: PairChange, ctx: AttributionContext): PolicyCause[] {
  const gainedAll = subtractConns(change.after, change.before);
  const lostAll = subtractConns(change.before, change.after);
  const causes = new Map<string, MutableCause>();
  let positions = positionCache.get(ctx);
  if (positions === undefined) {
    positions = new Map();
    positionCache.set(ctx, positions);
  }
  for (const [srcKey, dstKey] of memberPairs(change, ctx)) {
    const old = evaluatePair(ctx.before, srcKey, dstKey);
    const now = evaluatePair(ctx.after, srcKey, dstKey);
    const oldAllowed = old?.allowed ?? EMPTY_CONNS;
    const newAllowed = now?.allowed ?? EMPTY_CONNS;
    const gained = intersectConns(subtractConns(newAllowed, oldAllowed), gainedAll);
    const lost = intersectConns(subtractConns(oldAllowed, newAllowed), lostAll);
    for (const direction of DIRECTIONS) {
      const o = old?.[direction];
      const n = now?.[direction];
      if (n !== undefined && !isEmptyConns(gained)) {
        const g = intersectConns(subtractConns(n.allowed, o?.allowed ?? EMPTY_CONNS), gained);
        if (!isEmptyConns(g)) explainGain(g, o, n, causes);
      }
      if (o !== undefined && n !== undefined && !isEmptyConns(lost)) {
        const l = intersectConns(subtractConns(o.allowed, n.allowed), lost);
        if (!isEmptyConns(l)) explainLoss(l, o, n, causes);
      }
    }
  }
  return [...causes.values()]
    .map((c) => finishCause(c, ctx, positions))
    .sort(
      (a, b) =>
        cmp(policyId(a.policy), policyId(b.policy)) ||
        cmp(a.direction, b.direction) ||
        cmp(a.version, b.version),
    );
}

interface MutableCause {
  readonly policy: AnyPolicy;
  readonly version: Version;
  readonly direction: Direction;
  readonly effect: CauseEffect;
  /** The rules, by their path in the policy. */
  readonly rules: Map<string, { readonly index: number; readonly path: readonly PathSegment[] }>;
}

/**
 * Ports gained. A Cilium deny rule (namespace tier) that held them before is a cause whatever
 * allows them now (deny beats allow: the allow was there, the deny went); so is the rule that
 * allows them now. Ports no rule allows now were gained because isolation or a deny went.
 */
function explainGain(
  ports: ConnSet,
  o: DirectionEvaluation | undefined,
  n: DirectionEvaluation,
  causes: Map<string, MutableCause>,
) {
  if (o !== undefined)
    for (const d of ruleDecisions(o.decisions, 'deny', ports))
      if (d.tier === 'namespace') addRuleCause(causes, d.hit!.rule, 'before', 'no-longer-denies');
  const byRule = ruleDecisions(n.decisions, 'allow', ports);
  for (const d of byRule) addRuleCause(causes, d.hit!.rule, 'after', 'allows');
  if (byRule.length > 0 || o === undefined) return;
  for (const d of overlapping(o.decisions, 'deny', ports)) {
    if (d.hit !== null) addRuleCause(causes, d.hit.rule, 'before', 'no-longer-denies');
    else for (const p of o.policies) addCause(causes, p, 'before', n.direction, 'no-longer-isolates');
  }
}

/**
 * Ports lost. A rule that denies them now is the cause (an allow may still hold them: deny
 * beats allow); ports left are explained by the rule that allowed them before, else by the
 * policies that isolate the pod now.
 */
function explainLoss(
  ports: ConnSet,
  o: DirectionEvaluation,
  n: DirectionEvaluation,
  causes: Map<string, MutableCause>,
) {
  let rest = ports;
  for (const d of ruleDecisions(n.decisions, 'deny', ports)) {
    addRuleCause(causes, d.hit!.rule, 'after', 'denies');
    rest = subtractConns(rest, d.conns);
  }
  if (isEmptyConns(rest)) return;
  const byRule = ruleDecisions(o.decisions, 'allow', rest);
  for (const d of byRule) addRuleCause(causes, d.hit!.rule, 'before', 'no-longer-allows');
  if (byRule.length > 0) return;
  for (const d of overlapping(n.decisions, 'deny', rest))
    if (d.hit === null) for (const p of n.policies) addCause(causes, p, 'after', o.direction, 'isolates');
}

/** Final decisions with this action that hold some of the ports. */
function overlapping(decisions: readonly Decision[], action: 'allow' | 'deny', ports: ConnSet): Decision[] {
  return decisions.filter((d) => d.action === action && !isEmptyConns(intersectConns(d.conns, ports)));
}

/** Decisions a rule made with this action on some of the ports. */
function ruleDecisions(decisions: readonly Decision[], action: 'allow' | 'deny', ports: ConnSet): Decision[] {
  return overlapping(decisions, action, ports).filter((d) => d.hit !== null);
}

function addRuleCause(
  causes: Map<string, MutableCause>,
  rule: CompiledRule,
  version: Version,
  effect: CauseEffect,
) {
  addCause(causes, rule.policy, version, rule.direction, effect, rule);
}

function addCause(
  causes: Map<string, MutableCause>,
  policy: AnyPolicy,
  version: Version,
  direction: Direction,
  effect: CauseEffect,
  rule?: CompiledRule,
) {
  const key = `${version}\u0000${policyId(policy)}\u0000${direction}\u0000${effect}`;
  let cause = causes.get(key);
  if (cause === undefined) {
    cause = { policy, version, direction, effect, rules: new Map() };
    causes.set(key, cause);
  }
  if (rule !== undefined) {
    const path = rulePathOf(rule);
    cause.rules.set(formatPath(path), { index: rule.rule.index, path });
  }
}

/** Positions already found, per context: locating a field can mean re-reading a document. */
const positionCache = new WeakMap<AttributionContext, Map<string, SourcePosition>>();

function finishCause(
  c: MutableCause,
  ctx: AttributionContext,
  positions: Map<string, SourcePosition>,
): PolicyCause {
  const written = [...c.rules.entries()].sort(([a], [b]) => cmp(a, b));
  const path: PathSegment[] = written.length === 1 ? [...written[0]![1].path] : [];
  const key = `${c.version}\u0000${policyId(c.policy)}\u0000${path.join('.')}`;
  let source = positions.get(key);
  if (source === undefined) {
    source = ctx[c.version].compiled.cluster.locator.locate(c.policy.source, path);
    positions.set(key, source);
  }
  return {
    policy: c.policy,
    version: c.version,
    direction: c.direction,
    effect: c.effect,
    status: ctx.policies.statusOf(policyId(c.policy)),
    rules: written.map(([, r]) => r.index),
    rulePaths: written.map(([p]) => p),
    source,
  };
}

/** A member of a node: an endpoint id, or an external node id. */
interface Member {
  readonly key: string;
  readonly external: boolean;
}

/**
 * Member pairs to evaluate: members of each node in either version, one per behaviour
 * (two, so that distinct pods alike still pair up), crossed, pods to themselves left out.
 */
function memberPairs(change: PairChange, ctx: AttributionContext): [Member, Member][] {
  const src = distinctMembers(change.src, ctx);
  const dst = distinctMembers(change.dst, ctx);
  const max = ctx.maxPairs ?? DEFAULT_MAX_PAIRS;
  const pairs: [Member, Member][] = [];
  const seen = new Set<string>();
  for (const s of src) {
    for (const d of dst) {
      if (s.member.key === d.member.key && !s.member.external) continue;
      const sig = `${s.sig}\u0001${d.sig}`;
      if (seen.has(sig)) continue;
      seen.add(sig);
      pairs.push([s.member, d.member]);
      if (pairs.length >= max) return pairs;
    }
  }
  return pairs;
}

function distinctMembers(nodeId: string, ctx: AttributionContext): { member: Member; sig: string }[] {
  const members: Member[] = [];
  const keys = new Set<string>();
  for (const v of [ctx.after, ctx.before]) {
    if (v.external.has(nodeId)) {
      if (!keys.has(nodeId)) members.push({ key: nodeId, external: true });
      keys.add(nodeId);
      continue;
    }
    for (const e of v.nodes.get(nodeId)?.endpoints ?? []) {
      if (keys.has(e.id)) continue;
      keys.add(e.id);
      members.push({ key: e.id, external: false });
    }
  }
  const ipAware = [ctx.before, ctx.after].some(
    (v) => v.compiled.options.cni === 'upstream' && v.compiled.ipBlocks.length > 0,
  );
  const perSig = new Map<string, number>();
  const out: { member: Member; sig: string }[] = [];
  for (const m of members) {
    const sig = m.external
      ? `x:${m.key}`
      : `${behaviour(ctx.before.endpoints.get(m.key), ipAware)}\u0002${behaviour(ctx.after.endpoints.get(m.key), ipAware)}`;
    const count = perSig.get(sig) ?? 0;
    if (count >= 2) continue;
    perSig.set(sig, count + 1);
    out.push({ member: m, sig });
  }
  return out;
}

/** What policies can tell apart about an endpoint. */
function behaviour(e: Endpoint | undefined, ipAware: boolean): string {
  if (e === undefined) return '-';
  const labels = Object.keys(e.labels)
    .sort()
    .map((k) => `${k}=${e.labels[k]}`)
    .join(',');
  const ports = e.ports.map((p) => `${p.name ?? ''}:${p.port}/${p.protocol}`).join(',');
  return `${e.namespace}|${labels}|${ports}|${e.hostNetwork}|${ipAware ? e.ips.join(',') : ''}`;
}

function evaluatePair(v: VersionContext, src: Member, dst: Member): ConnectionEvaluation | undefined {
  const s = party(v, src);
  const d = party(v, dst);
  if (s === undefined || d === undefined) return undefined;
  return evaluateConnection(v.compiled, s, d);
}

function party(v: VersionContext, m: Member): Party | undefined {
  if (m.external) {
    const x = v.external.get(m.key);
    return x === undefined ? undefined : { type: 'external', address: x.address, label: x.id };
  }
  const endpoint = v.endpoints.get(m.key);
  return endpoint === undefined ? undefined : { type: 'endpoint', endpoint };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
