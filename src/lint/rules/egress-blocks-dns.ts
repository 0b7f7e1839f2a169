import type { CompiledCluster } from '../../engine/compile.js';
import { evaluateDirection, type Party } from '../../engine/evaluate.js';
import { isPolicySubject } from '../../engine/match.js';
import { connsAllow } from '../../engine/port-set.js';
import { NAMESPACE_NAME_LABEL } from '../../model/normalize.js';
import type { Endpoint, NetworkPolicy, Protocol } from '../../model/types.js';
import { listWorkloads } from '../analysis/describe.js';
import { endpointsIn } from '../analysis/policies.js';
import { labelsSatisfying } from '../analysis/selectors.js';
import type { LintContext, LintRule, RuleFinding } from '../types.js';

const DNS_NAMESPACE = 'kube-system';
const DNS_PROTOCOLS: readonly Protocol[] = ['UDP', 'TCP'];

/**
 * Pods isolated for egress whose egress rules allow no DNS (UDP and TCP 53 to the cluster DNS
 * pods): every name lookup times out. Each affected pod is reported once, on the first policy
 * that isolates its egress. DNS pods are taken from the input (`k8s-app: kube-dns` or a
 * container serving UDP 53); without them, CoreDNS as kubeadm deploys it stands in.
 */
export const egressBlocksDns: LintRule = {
  id: 'egress-blocks-dns',
  severity: 'warning',
  summary: 'egress isolation without a rule allowing DNS',
  description:
    'Once a pod is isolated for egress, only what egress rules allow leaves it, and that includes DNS queries to kube-dns in kube-system. Without UDP 53 (and TCP 53, used for large answers) every name lookup fails and the pod looks "cut off" even where the policy allows the destination.',
  check(ctx) {
    const { compiled, targets, synthetic } = dnsSetup(ctx);
    const missing = new Map<NetworkPolicy, { endpoints: Endpoint[]; protocols: Set<Protocol> }>();
    for (const subject of subjects(ctx)) {
      const party: Party = { type: 'endpoint', endpoint: subject };
      const blocked: Protocol[] = [];
      let isolating: readonly NetworkPolicy[] = [];
      for (const protocol of DNS_PROTOCOLS) {
        const ok = targets.some((target) => {
          const ev = evaluateDirection(compiled, 'egress', party, { type: 'endpoint', endpoint: target });
          isolating = ev.policies.filter((p) => p.kind === 'NetworkPolicy');
          // every tier counts: an admin rule may allow DNS where the NetworkPolicy does not
          return connsAllow(ev.allowed, protocol, 53);
        });
        if (!ok && !(synthetic && ipBlockAllows(compiled, isolating, protocol))) blocked.push(protocol);
      }
      const first = isolating[0];
      if (blocked.length === 0 || first === undefined) continue;
      const entry = missing.get(first) ?? { endpoints: [], protocols: new Set<Protocol>() };
      entry.endpoints.push(subject);
      for (const p of blocked) entry.protocols.add(p);
      missing.set(first, entry);
    }
    const dns = synthetic ? `${DNS_NAMESPACE}/kube-dns` : listWorkloads(targets);
    const findings: RuleFinding[] = [];
    for (const [policy, { endpoints, protocols }] of missing) {
      const real = endpoints.filter((e) => !STAND_INS.has(e));
      const whose = real.length > 0 ? listWorkloads(real) : 'the pods it selects';
      const ports = DNS_PROTOCOLS.filter((p) => protocols.has(p)).map((p) => `${p} 53`);
      const path =
        policy.egress.length > 0
          ? ['spec', 'egress']
          : policy.policyTypesExplicit
            ? ['spec', 'policyTypes']
            : ['spec'];
      findings.push(
        ctx.finding(
          policy,
          path,
          `isolates egress of ${whose} but no egress rule allows DNS: ${ports.join(' and ')} to ${dns} ${ports.length === 1 ? 'is' : 'are'} blocked`,
          `add an egress rule \`- to: [{namespaceSelector: {matchLabels: {${NAMESPACE_NAME_LABEL}: ${DNS_NAMESPACE}}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\` with \`ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]\``,
        ),
      );
    }
    return findings;
  },
};

/** The DNS pods to probe, and a compiled cluster that knows their namespace. */
function dnsSetup(ctx: LintContext): { compiled: CompiledCluster; targets: Endpoint[]; synthetic: boolean } {
  const real = ctx.cluster.endpoints.filter(
    (e) =>
      !e.hostNetwork &&
      (['kube-dns', 'coredns'].includes(e.labels['k8s-app'] ?? '') ||
        e.ports.some((p) => p.port === 53 && p.protocol === 'UDP')),
  );
  if (real.length > 0) return { compiled: ctx.compiled, targets: real, synthetic: false };
  const base = ctx.compiled;
  const compiled: CompiledCluster = ctx.cluster.namespaces.has(DNS_NAMESPACE)
    ? base
    : {
        ...base,
        namespaceLabels: (ns) =>
          ns === DNS_NAMESPACE ? { [NAMESPACE_NAME_LABEL]: DNS_NAMESPACE } : base.namespaceLabels(ns),
      };
  const coredns = syntheticEndpoint(DNS_NAMESPACE, 'coredns', { 'k8s-app': 'kube-dns' }, [
    { name: 'dns', port: 53, protocol: 'UDP' },
    { name: 'dns-tcp', port: 53, protocol: 'TCP' },
    { name: 'metrics', port: 9153, protocol: 'TCP' },
  ]);
  return { compiled, targets: [coredns], synthetic: true };
}

/**
 * One representative per endpoint class, plus a stand-in pod for each egress policy of a
 * namespace the input has no pods of (so policy-only input is checked too).
 */
function subjects(ctx: LintContext): Endpoint[] {
  const out = ctx.reachability.classes.map((c) => c.representative).filter(isPolicySubject);
  const seen = new Set<string>();
  for (const policy of ctx.cluster.policies) {
    if (!policy.policyTypes.includes('Egress')) continue;
    if (endpointsIn(ctx, policy.namespace).length > 0) continue;
    const labels = labelsSatisfying(policy.podSelector);
    if (labels === undefined) continue;
    const key = `${policy.namespace}\u0000${JSON.stringify(labels)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(syntheticEndpoint(policy.namespace, policy.name, labels, []));
  }
  return out;
}

/** With stand-in DNS pods (no IP), an ipBlock rule on port 53 is taken as allowing DNS. */
function ipBlockAllows(
  compiled: CompiledCluster,
  policies: readonly NetworkPolicy[],
  protocol: Protocol,
): boolean {
  return compiled.rules.some(
    (r) =>
      r.direction === 'egress' &&
      r.policy.kind === 'NetworkPolicy' &&
      policies.includes(r.policy) &&
      (r.peers ?? []).some((p) => p.type === 'ips') &&
      (r.fixedPorts === null || connsAllow(r.fixedPorts, protocol, 53)),
  );
}

/** Endpoints made up to stand in for pods the input does not describe. */
const STAND_INS = new WeakSet<Endpoint>();

function syntheticEndpoint(
  namespace: string,
  name: string,
  labels: Endpoint['labels'],
  ports: Endpoint['ports'],
): Endpoint {
  const endpoint: Endpoint = {
    id: `${namespace}/${name}`,
    kind: 'Deployment',
    namespace,
    name,
    labels,
    ports,
    hostNetwork: false,
    ips: [],
    workload: `${namespace}/${name}`,
    template: true,
    source: { file: '', doc: 0, path: [], line: 0, column: 0 },
  };
  STAND_INS.add(endpoint);
  return endpoint;
}
