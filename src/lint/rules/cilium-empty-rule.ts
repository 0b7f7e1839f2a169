import { ciliumItems, ciliumSubject } from '../analysis/cilium.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * `- {}` in a Cilium allow section: it matches no peer. It isolates the selected pods, which
 * is how Cilium writes a default deny; written as NetworkPolicy's allow-all it denies instead.
 */
export const ciliumEmptyRule: LintRule = {
  id: 'cilium-empty-rule',
  severity: 'info',
  strictSeverity: 'warning',
  summary: '`- {}` in a Cilium policy allows nothing (in a NetworkPolicy it allows everything)',
  description:
    'In a CiliumNetworkPolicy an empty ingress or egress item matches no peer: ingress: [{}] isolates the selected pods and lets nothing in. NetworkPolicy reads the same YAML the other way round (allow all). To allow everything, write fromEntities: [all] (or toEntities: [all]); to deny everything, the empty item is right.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const { policy, item, path } of ciliumItems(ctx.cluster)) {
      if (!item.empty || item.section.endsWith('Deny')) continue;
      const ingress = item.section === 'ingress';
      findings.push(
        ctx.finding(
          ciliumSubject(policy),
          path,
          `an empty ${item.section} item matches no peer: it allows nothing and isolates the selected pods for ${item.section}`,
          `to allow every ${ingress ? 'source' : 'destination'}, write ${ingress ? 'fromEntities' : 'toEntities'}: [all]; as a default deny this is right`,
        ),
      );
    }
    return findings;
  },
};
