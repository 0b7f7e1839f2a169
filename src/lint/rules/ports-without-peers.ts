import type { Direction, PolicyRule } from '../../model/types.js';
import { peersField, rulePath } from '../analysis/describe.js';
import { formatPolicyPorts } from '../analysis/ports.js';
import type { LintRule, RuleFinding } from '../types.js';

/**
 * A rule with ports but no `from`/`to`, next to a rule with peers: the classic stray `-` that
 * splits one rule in two, opening the ports to every source (or destination), cluster-external
 * addresses included.
 */
export const portsWithoutPeers: LintRule = {
  id: 'ports-without-peers',
  severity: 'warning',
  summary: 'a rule with ports but no from/to next to rules with peers',
  description:
    'A rule without from (or to) matches every peer, inside and outside the cluster. Written next to a rule that names its peers, it is usually one rule split in two by a stray "-" before ports: the peers then get every port and everyone gets the ports.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const policy of ctx.cluster.policies) {
      for (const direction of ['ingress', 'egress'] as const) {
        const rules = policy[direction];
        rules.forEach((rule, i) => {
          if (rule.ports === null || rule.peers !== null) return;
          const neighbour = [rules[i - 1], rules[i + 1]].find(
            (r): r is PolicyRule => r !== undefined && r.peers !== null,
          );
          if (neighbour === undefined) return;
          findings.push(
            ctx.finding(
              policy,
              rulePath(direction, rule.index),
              `opens ${formatPolicyPorts(rule.ports)} to every ${noun(direction)}, outside the cluster included: the rule has ports but no ${peersField(direction)}, while ${direction}[${neighbour.index}] names its peers`,
              hint(direction),
            ),
          );
        });
      }
    }
    return findings;
  },
};

function noun(direction: Direction): string {
  return direction === 'ingress' ? 'source' : 'destination';
}

function hint(direction: Direction): string {
  const field = peersField(direction);
  return `if the ports belong to the rule with ${field}, remove the "-" before ports so both are in one rule; if every ${noun(direction)} is meant, say so with \`${field}: [{namespaceSelector: {}}, {ipBlock: {cidr: 0.0.0.0/0}}]\``;
}
