import { ipBlockSet } from '../../engine/compile.js';
import { ipsContain } from '../../engine/ip-set.js';
import { endpointAddresses } from '../../engine/match.js';
import type { Endpoint, PolicyPort } from '../../model/types.js';
import { listNames, listWorkloads } from '../analysis/describe.js';
import { peerEndpoints, type RuleAt, rulesOf, selectedEndpoints } from '../analysis/policies.js';
import type { LintContext, LintRule, RuleFinding } from '../types.js';

/**
 * A named port that no pod the rule could apply to declares with that protocol: it resolves to
 * nothing and the rule opens no port. Destinations are the selected pods for ingress rules and
 * the peer pods for egress rules; an egress rule to ipBlocks alone has no pods to resolve on.
 */
export const namedPortUndeclared: LintRule = {
  id: 'named-port-undeclared',
  severity: 'warning',
  summary: 'a named port is not declared by any pod it could apply to',
  description:
    'A named port in a rule resolves, per destination pod, to the containerPort with that name and the same protocol. When no destination pod declares it, the port allows nothing; a name with the wrong protocol does not match either. Traffic to addresses outside the cluster never matches a named port.',
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const policy of ctx.cluster.policies) {
      for (const at of rulesOf(policy)) {
        const named = (at.rule.ports ?? []).filter(
          (p): p is PolicyPort & { port: string } => typeof p.port === 'string',
        );
        if (named.length === 0) continue;
        const { pods, addressesOnly } = destinations(ctx, at);
        for (const port of named) {
          const path = ['spec', at.direction, at.rule.index, 'ports', port.index, 'port'];
          if (addressesOnly && pods.length === 0) {
            findings.push(
              ctx.finding(
                policy,
                path,
                `named port ${port.port} never matches: the rule's peers are ipBlocks, and addresses outside the cluster have no named ports`,
                'write the port number for traffic to ipBlock peers',
              ),
            );
            continue;
          }
          if (!ctx.hasWorkloads || pods.length === 0) continue;
          if (pods.some((e) => declares(e, port.port, port.protocol))) continue;
          findings.push(
            ctx.finding(
              policy,
              path,
              `named port ${port.port}/${port.protocol} is declared by none of the pods it could apply to (${listWorkloads(pods)})`,
              hintFor(pods, port.port, port.protocol),
            ),
          );
        }
      }
    }
    return findings;
  },
};

function declares(e: Endpoint, name: string, protocol: string): boolean {
  return e.ports.some((p) => p.name === name && p.protocol === protocol);
}

/** The pods a rule's named ports resolve on, and whether its peers are all ipBlocks. */
function destinations(ctx: LintContext, at: RuleAt): { pods: Endpoint[]; addressesOnly: boolean } {
  if (at.direction === 'ingress') return { pods: selectedEndpoints(ctx, at.policy), addressesOnly: false };
  const peers = at.rule.peers;
  if (peers === null)
    return { pods: ctx.cluster.endpoints.filter((e) => !e.hostNetwork), addressesOnly: false };
  const pods = new Set<Endpoint>();
  for (const peer of peers) {
    if (peer.type === 'pods') for (const e of peerEndpoints(ctx, at.policy, peer)) pods.add(e);
    else if (ctx.cni === 'upstream') {
      const ips = ipBlockSet(peer);
      for (const e of ctx.cluster.endpoints)
        if (endpointAddresses(e).some((a) => ipsContain(ips, a))) pods.add(e);
    }
  }
  return { pods: [...pods], addressesOnly: peers.every((p) => p.type === 'ipBlock') };
}

function hintFor(pods: readonly Endpoint[], name: string, protocol: string): string {
  const other = pods.find((e) => e.ports.some((p) => p.name === name));
  if (other !== undefined) {
    const p = other.ports.find((x) => x.name === name)!;
    return `${other.workload} declares ${name} with protocol ${p.protocol}, not ${protocol}; set protocol: ${p.protocol}`;
  }
  const names = [
    ...new Set(
      pods.flatMap((e) =>
        e.ports.flatMap((p) => (p.name === undefined ? [] : [`${p.name} (${p.protocol} ${p.port})`])),
      ),
    ),
  ];
  return names.length === 0
    ? 'the pods declare no named ports: write the port number, or name the containerPort'
    : `the pods declare ${listNames(names, 5)}; use one of those names or the port number`;
}
