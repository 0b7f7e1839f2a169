import { connsOf, rangeIntervals, unionConns } from '../../engine/port-set.js';
import { NAMESPACE_NAME_LABEL } from '../../explain/index.js';
import { failingSides, type Side } from '../sides.js';
import type { Candidate, FixStrategy } from '../types.js';

const DNS_APPS = ['kube-dns', 'coredns'];

/**
 * Egress lockdown without DNS: a pod isolated for egress cannot resolve names. The fix adds an
 * egress rule to the isolating policy: UDP and TCP 53 to the DNS pods (by their k8s-app label
 * in their namespace), not to their whole namespace.
 */
export const dnsEgress: FixStrategy = {
  id: 'dns-egress',
  want: 'allowed',
  summary: 'allow DNS (UDP and TCP 53) to the cluster DNS pods from an egress-isolated pod',
  propose(ctx) {
    return failingSides(ctx).flatMap((side) => propose(side));
  },
};

function propose(side: Side): Candidate[] {
  if (side.direction !== 'egress' || side.port !== 53 || side.peer.type !== 'endpoint') return [];
  const dns = side.peer.endpoint;
  const app = dns.labels['k8s-app'];
  if (app === undefined || !DNS_APPS.includes(app)) return [];
  const rule = {
    to: [
      {
        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: dns.namespace } },
        podSelector: { matchLabels: { 'k8s-app': app } },
      },
    ],
    ports: [
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ],
  };
  const both = unionConns(connsOf('UDP', rangeIntervals(53, 53)), connsOf('TCP', rangeIntervals(53, 53)));
  return side.evaluation.policies.map((policy) => ({
    strategy: dnsEgress.id,
    nearMiss: true,
    side: 'egress' as const,
    title: `in ${policy.namespace}/${policy.name}, add an egress rule for DNS: UDP and TCP 53 to the ${app} pods of ${dns.namespace}`,
    at: { policy, path: ['spec', 'egress'] },
    edits: [{ type: 'append' as const, object: policy.source, path: ['spec', 'egress'], value: rule }],
    companion: both,
  }));
}
