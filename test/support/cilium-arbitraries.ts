/**
 * fast-check generators of random Cilium clusters as raw objects: namespaces, two nodes, pods
 * placed on them (some hostNetwork, holding their node's address), the API server's endpoints
 * (outside the cluster or on a node), NetworkPolicies, and CiliumNetworkPolicies and
 * CiliumClusterwideNetworkPolicies using every L3/L4 feature kubereach evaluates: allow and
 * deny sections, `enableDefaultDeny`, `spec` and `specs`, endpoint selectors with and without
 * namespace keys (with or without `k8s:`, in matchLabels or matchExpressions), namespace
 * labels, reserved labels, entities, CIDRs and CIDR sets with `except`, `toFQDNs`, and
 * `toPorts` with protocols absent/ANY/TCP/UDP/SCTP, port "0", named ports and endPort. Every
 * object is one Cilium accepts (one kind of peer per item; at least one section per rule).
 */
import fc from 'fast-check';
import {
  CIDR_POOL,
  containerPorts,
  type GeneratedCluster,
  labelsOf,
  NAMESPACE_NAMES,
  NS_KEYS,
  NS_VALUES,
  POD_KEYS,
  POD_VALUES,
  PORT_NAMES,
  PORT_NUMBERS,
  policyArbitrary,
  selector,
  UNSELECTED_KEYS,
} from './arbitraries.js';

type Json = Record<string, unknown>;

/** Nodes n1 and n2 and their InternalIPs. */
export const CILIUM_NODE_IPS: Readonly<Record<string, string>> = { n1: '192.168.0.1', n2: '192.168.0.2' };

/** Where the API server answers: outside the cluster, or on node n1. */
const API_SERVER_ADDRESSES = ['172.20.0.1', '192.168.0.1'] as const;

/** Pod IPs (never a node's): some inside the CIDRs below, some outside. */
const CILIUM_POD_IPS = ['10.0.0.5', '10.0.0.6', '10.0.1.7', '10.1.0.1', '172.16.0.3', 'fd00::5'] as const;

/** toCIDR/fromCIDR entries: prefixes and bare addresses (a host prefix). */
const CIDRS = [
  '0.0.0.0/0',
  '10.0.0.0/8',
  '192.168.0.0/16',
  '192.168.0.2',
  '172.16.0.0/12',
  '172.20.0.1/32',
  '203.0.113.0/24',
  'fd00::/16',
] as const;

const ENTITIES = ['all', 'world', 'cluster', 'host', 'remote-node', 'kube-apiserver', 'health'] as const;
const RESERVED = ['host', 'remote-node', 'world', 'kube-apiserver'] as const;

/** The pod namespace key as users write it. */
const NS_KEY = fc.constantFrom('k8s:io.kubernetes.pod.namespace', 'io.kubernetes.pod.namespace');

/** A selector over pod labels, its keys written with or without the `k8s:` source. */
const podLabelSelector = fc
  .tuple(selector(POD_KEYS, POD_VALUES), fc.boolean())
  .map(([s, prefixed]) => (prefixed ? prefixKeys(s, 'k8s:') : s));

function prefixKeys(s: Json, prefix: string): Json {
  const out: Json = {};
  if (s.matchLabels !== undefined)
    out.matchLabels = Object.fromEntries(
      Object.entries(s.matchLabels as Json).map(([k, v]) => [`${prefix}${k}`, v]),
    );
  if (s.matchExpressions !== undefined)
    out.matchExpressions = (s.matchExpressions as Json[]).map((r) => ({ ...r, key: `${prefix}${r.key}` }));
  return out;
}

/** A requirement on the namespace: its name (the namespace key) or its labels. */
function namespaceTerm(namespaces: readonly string[]): fc.Arbitrary<Json> {
  return fc.oneof(
    fc.tuple(NS_KEY, fc.constantFrom(...namespaces)).map(([key, ns]) => ({ matchLabels: { [key]: ns } })),
    fc
      .tuple(
        NS_KEY,
        fc.constantFrom('In', 'NotIn'),
        fc.uniqueArray(fc.constantFrom(...namespaces), { minLength: 1, maxLength: 2 }),
      )
      .map(([key, operator, values]) => ({ matchExpressions: [{ key, operator, values }] })),
    fc
      .tuple(fc.constantFrom(...NS_KEYS), fc.constantFrom(...NS_VALUES))
      .map(([k, v]) => ({ matchLabels: { [`io.cilium.k8s.namespace.labels.${k}`]: v } })),
    fc.constantFrom(...NS_KEYS).map((k) => ({
      matchExpressions: [{ key: `io.cilium.k8s.namespace.labels.${k}`, operator: 'Exists' }],
    })),
  );
}

/** Two selectors' requirements together (keys of the second win in matchLabels). */
function merge(a: Json, b: Json): Json {
  const matchLabels = { ...((a.matchLabels as Json) ?? {}), ...((b.matchLabels as Json) ?? {}) };
  const matchExpressions = [
    ...((a.matchExpressions as Json[]) ?? []),
    ...((b.matchExpressions as Json[]) ?? []),
  ];
  return {
    ...(Object.keys(matchLabels).length === 0 ? {} : { matchLabels }),
    ...(matchExpressions.length === 0 ? {} : { matchExpressions }),
  };
}

/** An endpoint selector: pod labels, maybe a namespace term; now and then `{}` or a reserved label. */
function endpointSelector(namespaces: readonly string[], reserved: boolean): fc.Arbitrary<Json> {
  const labelled = fc
    .tuple(podLabelSelector, fc.option(namespaceTerm(namespaces), { nil: undefined }))
    .map(([p, n]) => (n === undefined ? p : merge(p, n)));
  const options: fc.WeightedArbitrary<Json>[] = [
    { weight: 6, arbitrary: labelled },
    { weight: 2, arbitrary: fc.constant({}) },
  ];
  if (reserved)
    options.push({
      weight: 1,
      arbitrary: fc.constantFrom(...RESERVED).map((r) => ({ matchLabels: { [`reserved:${r}`]: '' } })),
    });
  return fc.oneof(...options);
}

const cidrSetEntry = fc
  .constantFrom(...Object.keys(CIDR_POOL).filter((c) => c !== '10.0.0.9/24'))
  .chain((cidr) =>
    fc
      .subarray([...CIDR_POOL[cidr]!])
      .map((except): Json => (except.length === 0 ? { cidr } : { cidr, except })),
  );

/** A port of `toPorts[].ports`: a number (as Cilium writes it, a string), "0", a name; a protocol or none. */
const ciliumPort: fc.Arbitrary<Json> = fc
  .tuple(
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...PORT_NUMBERS).map((n) => ({ port: String(n) })) },
      { weight: 1, arbitrary: fc.constantFrom(...PORT_NUMBERS).map((n) => ({ port: n })) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom(...PORT_NUMBERS), fc.constantFrom(...PORT_NUMBERS))
          .map(([a, b]) => ({ port: String(Math.min(a, b)), endPort: Math.max(a, b) })),
      },
      { weight: 1, arbitrary: fc.constant({ port: '0' }) },
      {
        weight: 2,
        arbitrary: fc
          .constantFrom(...PORT_NAMES, 'unknown')
          .chain((n) => fc.constantFrom(n, n.toUpperCase()))
          .map((port) => ({ port })),
      },
    ),
    fc.constantFrom(undefined, 'ANY', 'TCP', 'UDP', 'SCTP'),
  )
  .map(([p, protocol]) => (protocol === undefined ? p : { ...p, protocol }));

const toPorts = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.array(ciliumPort, { minLength: 1, maxLength: 3 }).map((ports): Json => ({ ports })),
  },
  { weight: 1, arbitrary: fc.constant<Json>({}) },
);

/** One item of a section: at most one kind of peer (Rule.Sanitize), toPorts or not. */
function itemArbitrary(namespaces: readonly string[], section: string): fc.Arbitrary<Json> {
  const ingress = section.startsWith('ingress');
  const deny = section.endsWith('Deny');
  const f = (name: string) => (ingress ? `from${name}` : `to${name}`);
  const peerList = <T>(a: fc.Arbitrary<T>) =>
    fc.oneof(
      { weight: 1, arbitrary: fc.constant([] as T[]) },
      { weight: 6, arbitrary: fc.array(a, { minLength: 1, maxLength: 2 }) },
    );
  const peers: fc.WeightedArbitrary<Json>[] = [
    { weight: 3, arbitrary: fc.constant({}) },
    {
      weight: 5,
      arbitrary: peerList(endpointSelector(namespaces, true)).map((l) => ({ [f('Endpoints')]: l })),
    },
    {
      weight: 3,
      arbitrary: fc.subarray([...ENTITIES], { maxLength: 2 }).map((l) => ({ [f('Entities')]: l })),
    },
    { weight: 2, arbitrary: peerList(fc.constantFrom(...CIDRS)).map((l) => ({ [f('CIDR')]: l })) },
    { weight: 2, arbitrary: peerList(cidrSetEntry).map((l) => ({ [f('CIDRSet')]: l })) },
  ];
  if (!ingress && !deny)
    peers.push({ weight: 1, arbitrary: fc.constant({ toFQDNs: [{ matchName: 'example.com' }] }) });
  return fc
    .tuple(
      fc.oneof(...peers),
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constant([] as Json[]) },
        { weight: 4, arbitrary: fc.array(toPorts, { minLength: 1, maxLength: 2 }) },
      ),
    )
    .map(([peer, ports]) => (ports === undefined ? peer : { ...peer, toPorts: ports }));
}

const SECTIONS = ['ingress', 'ingressDeny', 'egress', 'egressDeny'] as const;

/** One rule (`spec` or an entry of `specs`) with at least one section written. */
function ruleArbitrary(namespaces: readonly string[], clusterwide: boolean): fc.Arbitrary<Json> {
  const section = (name: string) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constant([] as Json[]) },
      { weight: 4, arbitrary: fc.array(itemArbitrary(namespaces, name), { minLength: 1, maxLength: 2 }) },
    );
  const subject: fc.Arbitrary<Json> = clusterwide
    ? fc.oneof(
        { weight: 12, arbitrary: endpointSelector(namespaces, false).map((s) => ({ endpointSelector: s })) },
        { weight: 1, arbitrary: fc.constant({ nodeSelector: {} }) },
      )
    : endpointSelector(namespaces, false).map((s) => ({ endpointSelector: s }));
  const defaultDeny = fc.option(
    fc.record({ ingress: fc.boolean(), egress: fc.boolean() }, { requiredKeys: [] }),
    { nil: undefined, freq: 3 },
  );
  return fc
    .tuple(subject, fc.tuple(...SECTIONS.map(section)), defaultDeny, fc.constantFrom(...SECTIONS))
    .map(([s, sections, dd, fallback]) => {
      const rule: Json = { ...s };
      SECTIONS.forEach((name, i) => {
        if (sections[i] !== undefined) rule[name] = sections[i];
      });
      // the CRD requires a section: `ingress: []` counts and means none
      if (!SECTIONS.some((n) => rule[n] !== undefined)) rule[fallback] = [];
      if (dd !== undefined) rule.enableDefaultDeny = dd;
      return rule;
    });
}

/** A CNP in one of the namespaces or a CCNP, with `spec`, `specs` or both. */
export function ciliumPolicyArbitrary(namespaces: readonly string[], name: string): fc.Arbitrary<Json> {
  return fc.boolean().chain((clusterwide) =>
    fc
      .record({
        namespace: fc.constantFrom(...namespaces),
        spec: fc.option(ruleArbitrary(namespaces, clusterwide), { nil: undefined }),
        specs: fc.option(fc.array(ruleArbitrary(namespaces, clusterwide), { minLength: 1, maxLength: 2 }), {
          nil: undefined,
          freq: 3,
        }),
        fallback: ruleArbitrary(namespaces, clusterwide),
      })
      .map((p) => {
        const body: Json = {};
        if (p.spec !== undefined) body.spec = p.spec;
        if (p.specs !== undefined) body.specs = p.specs;
        if (p.spec === undefined && p.specs === undefined) body.spec = p.fallback;
        return {
          apiVersion: 'cilium.io/v2',
          kind: clusterwide ? 'CiliumClusterwideNetworkPolicy' : 'CiliumNetworkPolicy',
          metadata: clusterwide ? { name } : { name, namespace: p.namespace },
          ...body,
        };
      }),
  );
}

/** A pod on node n1, n2 or none; a hostNetwork pod holds its node's address. */
function ciliumPodArbitrary(namespaces: readonly string[], name: string): fc.Arbitrary<Json> {
  return fc
    .record({
      namespace: fc.constantFrom(...namespaces),
      labels: labelsOf([...POD_KEYS, ...UNSELECTED_KEYS], POD_VALUES),
      ports: containerPorts,
      node: fc.constantFrom<string | undefined>('n1', 'n2', 'n2', undefined),
      hostNetwork: fc.oneof(
        { weight: 5, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
      ips: fc.uniqueArray(fc.constantFrom(...CILIUM_POD_IPS), { minLength: 1, maxLength: 2 }),
    })
    .map((p) => {
      const hostNetwork = p.hostNetwork && p.node !== undefined;
      const ips = hostNetwork ? [CILIUM_NODE_IPS[p.node!]!] : p.ips;
      return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: p.namespace, labels: p.labels },
        spec: {
          ...(p.node === undefined ? {} : { nodeName: p.node }),
          hostNetwork,
          containers: [{ name: 'c', image: 'img', ports: p.ports }],
        },
        status: { phase: 'Running', podIPs: ips.map((ip) => ({ ip })) },
      };
    });
}

export interface CiliumClusterShape {
  readonly maxPods?: number;
  readonly maxCiliumPolicies?: number;
  readonly maxNetworkPolicies?: number;
}

/**
 * A random Cilium cluster: 2–3 namespaces, nodes n1 and n2 (or only n1), 2–`maxPods` pods, the
 * API server's endpoints (or none), 0–`maxNetworkPolicies` valid NetworkPolicies and
 * 1–`maxCiliumPolicies` Cilium policies.
 */
export function ciliumClusterArbitrary(shape: CiliumClusterShape = {}): fc.Arbitrary<GeneratedCluster> {
  return fc
    .tuple(
      fc.shuffledSubarray([...NAMESPACE_NAMES], { minLength: 2, maxLength: 3 }),
      fc.integer({ min: 2, max: shape.maxPods ?? 6 }),
      fc.integer({ min: 1, max: shape.maxCiliumPolicies ?? 3 }),
      fc.integer({ min: 0, max: shape.maxNetworkPolicies ?? 2 }),
    )
    .chain(([namespaces, podCount, ciliumCount, npCount]) =>
      fc.record({
        namespaces: fc.tuple(
          ...namespaces.map((name) =>
            labelsOf(NS_KEYS, NS_VALUES).map(
              (labels): Json => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }),
            ),
          ),
        ),
        twoNodes: fc.boolean(),
        apiServer: fc.option(fc.constantFrom(...API_SERVER_ADDRESSES), { nil: undefined }),
        pods: fc.tuple(
          ...Array.from({ length: podCount }, (_, i) => ciliumPodArbitrary(namespaces, `p${i}`)),
        ),
        networkPolicies: fc.tuple(
          ...Array.from({ length: npCount }, (_, i) =>
            policyArbitrary(namespaces, `np${i}`)
              .filter((p) => !p.invalid)
              .map((p) => p.object),
          ),
        ),
        cilium: fc.tuple(
          ...Array.from({ length: ciliumCount }, (_, i) => ciliumPolicyArbitrary(namespaces, `cp${i}`)),
        ),
      }),
    )
    .map(({ namespaces, twoNodes, apiServer, pods, networkPolicies, cilium }) => {
      const nodes = Object.entries(CILIUM_NODE_IPS)
        .filter(([name]) => twoNodes || name === 'n1')
        .map(([name, address]) => ({
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name },
          status: { addresses: [{ type: 'InternalIP', address }] },
        }));
      const api =
        apiServer === undefined
          ? []
          : [
              {
                apiVersion: 'v1',
                kind: 'Endpoints',
                metadata: { name: 'kubernetes', namespace: 'default' },
                subsets: [{ addresses: [{ ip: apiServer }], ports: [{ name: 'https', port: 6443 }] }],
              },
            ];
      const policies = networkPolicies.map((o) => {
        const meta = o.metadata as { name: string; namespace: string };
        return `${meta.namespace}/${meta.name}`;
      });
      return {
        objects: [...namespaces, ...nodes, ...api, ...pods, ...networkPolicies, ...cilium],
        validPolicies: policies,
        invalidPolicies: [],
      };
    });
}
