import type { ProbeResult } from '../engine/check.js';
import type { CiliumCompiledRule } from '../engine/compile-cilium.js';
import { connsAllow } from '../engine/port-set.js';
import type { Direction, Protocol } from '../model/types.js';
import type { FixBlocker, Want } from './types.js';

/**
 * Whether a tier that NetworkPolicy edits cannot override decides a failing probe against the
 * wish: an admin-tier Deny (for `allowed`) or Allow (for `denied`) is final before any
 * NetworkPolicy is consulted; only a cluster admin can change it. Returns the first such
 * decision as a blocker, or undefined when NetworkPolicy edits can decide.
 */
export function tierBlocker(
  failing: readonly ProbeResult[],
  protocol: Protocol,
  want: Want,
): FixBlocker | undefined {
  const against = want === 'allowed' ? 'deny' : 'allow';
  for (const probe of failing) {
    for (const evaluation of [probe.evaluation.egress, probe.evaluation.ingress]) {
      for (const d of evaluation.decisions) {
        if (d.tier !== 'admin' || d.action !== against || d.hit === null) continue;
        if (!connsAllow(d.conns, protocol, probe.port)) continue;
        const policy = d.hit.rule.policy;
        return {
          code: 'ADMIN_DECIDES',
          kind: policy.kind,
          policy: policy.name,
          priority: d.hit.rule.priority,
          action: d.action,
          direction: evaluation.direction as Direction,
        };
      }
    }
  }
  return undefined;
}

/** A Cilium deny rule that decides a failing probe's port (deny beats every allow). */
export interface CiliumDenyHit {
  readonly rule: CiliumCompiledRule;
  /** The matching compiled peer, or null when the rule has no peer field (every peer). */
  readonly peerIndex: number | null;
  readonly probe: ProbeResult;
  readonly direction: Direction;
}

/**
 * The Cilium deny rules (ingressDeny/egressDeny) that decide the failing probes against
 * `allowed`, each once: no allow of any policy can reopen what they deny, so only narrowing or
 * removing them can.
 */
export function ciliumDenyHits(failing: readonly ProbeResult[], protocol: Protocol): CiliumDenyHit[] {
  const out: CiliumDenyHit[] = [];
  for (const probe of failing)
    for (const evaluation of [probe.evaluation.egress, probe.evaluation.ingress])
      for (const d of evaluation.decisions) {
        const rule = d.hit?.rule;
        if (d.tier !== 'namespace' || d.action !== 'deny' || rule?.dialect !== 'cilium') continue;
        if (!connsAllow(d.conns, protocol, probe.port)) continue;
        if (out.some((h) => h.rule === rule && h.peerIndex === d.hit!.peerIndex)) continue;
        out.push({
          rule: rule as CiliumCompiledRule,
          peerIndex: d.hit!.peerIndex,
          probe,
          direction: evaluation.direction,
        });
      }
  return out;
}
