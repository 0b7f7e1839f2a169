import type { RuleAction } from '../model/types.js';
import {
  ALL_CONNS,
  type ConnSet,
  EMPTY_CONNS,
  intersectConns,
  isEmptyConns,
  subtractConns,
  unionConns,
} from './port-set.js';
import type { CompiledRule, Tier } from './rules.js';

/**
 * The tier resolver: turns the rules that match one direction of one connection into a verdict
 * per port (design.md, "One rule model, three tiers, every dialect"):
 * 1. admin tier: rules in ascending `order` (priority, then rule order); the first rule whose
 *    ports hold a port decides it: allow and deny are final, pass hands it to the next tier;
 * 2. namespace tier: deny rules (Cilium) take their ports first; then, when some policy isolates
 *    the pod, the union of the allow rules is allowed and the rest denied;
 * 3. baseline tier: first match per port, as the admin tier (pass skips to the default);
 * 4. what no tier decided is allowed (Kubernetes' default).
 * Ports are split wherever the deciding rule changes: each `Decision` covers the ports one rule
 * (or isolation, or the default) decided.
 */

/** A rule whose peers include the other side of the connection, with the ports it names there. */
export interface RuleHit {
  readonly rule: CompiledRule;
  /** Index of the matching peer; `null` when the rule has no peers (it matches every party). */
  readonly peerIndex: number | null;
  /** The ports the rule names towards the destination (named ports resolved). */
  readonly ports: ConnSet;
}

/** Why a decision was made. */
export type DecisionCause =
  /** A rule decided these ports (`hit` is set). */
  | 'rule'
  /** Namespace tier: some policy isolates the pod and no allow rule holds these ports. */
  | 'isolated'
  /** No tier decided these ports: Kubernetes allows them. */
  | 'default';

/** What decided a set of ports of one direction. `pass` decisions are not final: a later one follows. */
export interface Decision {
  readonly tier: Tier | 'default';
  readonly action: RuleAction;
  readonly cause: DecisionCause;
  readonly conns: ConnSet;
  readonly hit: RuleHit | null;
}

/** The matching rules of one direction, in evaluation order within each tier. */
export interface TierHits {
  readonly admin: readonly RuleHit[];
  /** Whether some namespace-tier policy isolates the pod for this direction. */
  readonly isolated: boolean;
  readonly namespace: readonly RuleHit[];
  readonly baseline: readonly RuleHit[];
}

/**
 * Resolves one direction. Returns the allowed ports; when `record` is given, pushes every
 * decision in evaluation order (the walkthrough explanations show).
 */
export function resolveTiers(hits: TierHits, record?: Decision[]): ConnSet {
  if (hits.admin.length === 0 && hits.namespace.length === 0 && hits.baseline.length === 0) {
    // the common case of NetworkPolicy-only clusters: isolation alone decides every port
    record?.push(
      hits.isolated
        ? { tier: 'namespace', action: 'deny', cause: 'isolated', conns: ALL_CONNS, hit: null }
        : { tier: 'default', action: 'allow', cause: 'default', conns: ALL_CONNS, hit: null },
    );
    return hits.isolated ? EMPTY_CONNS : ALL_CONNS;
  }
  let open = ALL_CONNS;
  let allowed = EMPTY_CONNS;
  const decide = (tier: Tier, hit: RuleHit, ports: ConnSet, action: RuleAction) => {
    if (action === 'allow') allowed = unionConns(allowed, ports);
    if (action !== 'pass') open = subtractConns(open, ports);
    record?.push({ tier, action, cause: 'rule', conns: ports, hit });
  };
  firstMatch('admin', hits.admin, open, decide);

  // Namespace tier: denies first (deny beats allow), then isolation and the union of allows.
  const denies = hits.namespace.filter((h) => h.rule.action === 'deny');
  for (const hit of denies) {
    const ports = intersectConns(hit.ports, open);
    if (!isEmptyConns(ports)) decide('namespace', hit, ports, 'deny');
  }
  if (hits.isolated) {
    for (const hit of hits.namespace) {
      if (hit.rule.action !== 'allow') continue;
      const ports = intersectConns(hit.ports, open);
      if (!isEmptyConns(ports)) decide('namespace', hit, ports, 'allow');
    }
    if (!isEmptyConns(open))
      record?.push({ tier: 'namespace', action: 'deny', cause: 'isolated', conns: open, hit: null });
    return allowed;
  }

  firstMatch('baseline', hits.baseline, open, decide);
  if (!isEmptyConns(open)) {
    allowed = unionConns(allowed, open);
    record?.push({ tier: 'default', action: 'allow', cause: 'default', conns: open, hit: null });
  }
  return allowed;
}

/**
 * A first-match tier: each port goes to the first rule that holds it. `open` is what earlier
 * tiers left undecided; a pass takes its ports out of this tier only.
 */
function firstMatch(
  tier: Tier,
  hits: readonly RuleHit[],
  open: ConnSet,
  decide: (tier: Tier, hit: RuleHit, ports: ConnSet, action: RuleAction) => void,
): void {
  let tierOpen = open;
  for (const hit of hits) {
    if (isEmptyConns(tierOpen)) return;
    const ports = intersectConns(hit.ports, tierOpen);
    if (isEmptyConns(ports)) continue;
    tierOpen = subtractConns(tierOpen, ports);
    decide(tier, hit, ports, hit.rule.action);
  }
}

/** The ports some final decision denied. */
export function deniedOf(decisions: readonly Decision[]): ConnSet {
  let denied = EMPTY_CONNS;
  for (const d of decisions) if (d.action === 'deny') denied = unionConns(denied, d.conns);
  return denied;
}
