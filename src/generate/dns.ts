import { connsOf, rangeIntervals, unionConns } from '../engine/port-set.js';
import type { Cluster } from '../model/types.js';
import { workloadNode } from './intent.js';
import type { IntentFlow, IntentNode } from './types.js';

const DNS_APPS = ['kube-dns', 'coredns'];

/** UDP and TCP 53: what a pod needs to resolve names. */
export const DNS_CONNS = unionConns(
  connsOf('UDP', rangeIntervals(53, 53)),
  connsOf('TCP', rangeIntervals(53, 53)),
);

/**
 * The cluster DNS pods as peers: the input's kube-dns/coredns workloads, or (when the input has
 * no kube-system) pods labelled `k8s-app: kube-dns` in kube-system, as kubeadm deploys CoreDNS.
 */
export function dnsNodes(cluster: Cluster): IntentNode[] {
  const nodes = cluster.endpoints
    .filter((e) => DNS_APPS.includes(e.labels['k8s-app'] ?? ''))
    .map((e) => workloadNode(cluster, e))
    .filter((n): n is IntentNode => n !== undefined);
  const unique = [...new Map(nodes.map((n) => [n.id, n])).values()];
  if (unique.length > 0) return unique;
  return [
    {
      type: 'selector',
      id: 'kube-system/kube-dns',
      namespace: 'kube-system',
      labels: { 'k8s-app': 'kube-dns' },
    },
  ];
}

/** DNS egress for every source workload of the flows (named as DNS, not as a flow). */
export function dnsFlows(cluster: Cluster, flows: readonly IntentFlow[]): IntentFlow[] {
  const dns = dnsNodes(cluster);
  const sources = new Map<string, IntentNode>();
  for (const f of flows)
    if (f.src.type === 'workload' && !dns.some((d) => d.id === f.src.id)) sources.set(f.src.id, f.src);
  return [...sources.values()].flatMap((src) =>
    dns.map((dst) => ({ src, dst, conns: DNS_CONNS, reasons: ['DNS'], dns: true })),
  );
}
