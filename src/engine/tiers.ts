import {
  ALL_CONNS,
  type ConnSet,
  EMPTY_CONNS,
  intersectConns,
  subtractConns,
  unionConns,
} from './port-set.js';

/**
 * Policy tiers in evaluation order. Admin-tier policies (AdminNetworkPolicy, cluster-scoped
 * deny rules) decide first; what they pass or leave undecided falls to the namespace tier
 * (NetworkPolicy); what that leaves undecided falls to the baseline tier; the rest is allowed.
 */
export type TierName = 'admin' | 'namespace' | 'baseline';
export const TIER_ORDER: readonly TierName[] = ['admin', 'namespace', 'baseline'];

/** What one tier decided for one direction of one connection. `allow` and `deny` are disjoint. */
export interface TierDecision {
  readonly tier: TierName;
  readonly allow: ConnSet;
  readonly deny: ConnSet;
}

/**
 * Combines tier decisions in tier order: the first tier to decide a port wins; ports no tier
 * decides are allowed (Kubernetes' default is allow-all).
 */
export function combineTiers(decisions: readonly TierDecision[]): { allowed: ConnSet; denied: ConnSet } {
  let undecided: ConnSet = ALL_CONNS;
  let allowed: ConnSet = EMPTY_CONNS;
  let denied: ConnSet = EMPTY_CONNS;
  for (const tier of TIER_ORDER) {
    for (const d of decisions) {
      if (d.tier !== tier) continue;
      allowed = unionConns(allowed, intersectConns(d.allow, undecided));
      denied = unionConns(denied, intersectConns(d.deny, undecided));
      undecided = subtractConns(subtractConns(undecided, d.allow), d.deny);
    }
  }
  return { allowed: unionConns(allowed, undecided), denied };
}
