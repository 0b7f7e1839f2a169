/**
 * fast-check generators of random clusters as raw Kubernetes objects: a few namespaces, pods
 * (and the odd Deployment template) with labels from a small alphabet, named container ports,
 * pod IPs inside and outside the generated CIDRs, hostNetwork pods, and NetworkPolicies using
 * every feature of the API. Small alphabets make selectors match often, which is where the
 * interesting cases are.
 */
import fc from 'fast-check';
import type { PolicyType, Protocol } from '../../src/model/types.js';

type Json = Record<string, unknown>;

export const NAMESPACE_NAMES = ['ns-a', 'ns-b', 'ns-c', 'ns-d'] as const;
export const NS_KEYS = ['team', 'env'] as const;
export const NS_VALUES = ['blue', 'green'] as const;
export const POD_KEYS = ['app', 'tier', 'role'] as const;
/** Pod label keys no selector mentions: pods differing only in them behave alike. */
export const UNSELECTED_KEYS = ['zone'] as const;
export const POD_VALUES = ['web', 'db', 'api'] as const;
const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
export const PORT_NAMES = ['http', 'dns', 'metrics'] as const;
export const PORT_NUMBERS = [1, 53, 80, 443, 8080, 65535] as const;

/** Pod IPs: some inside the CIDR pool below, some outside, IPv4 and IPv6. */
export const POD_IPS = [
  '10.0.0.5',
  '10.0.0.6',
  '10.0.1.7',
  '10.1.0.1',
  '192.168.1.10',
  '172.16.0.3',
  'fd00::5',
  'fd00:1::7',
  '2001:db8::1',
] as const;

/** CIDRs policies use, each with the strict subsets its `except` may use. */
export const CIDR_POOL: Readonly<Record<string, readonly string[]>> = {
  '0.0.0.0/0': ['10.0.0.0/8', '10.0.1.0/24', '192.168.1.0/24'],
  '10.0.0.0/16': ['10.0.0.0/24', '10.0.1.0/24', '10.0.0.4/30', '10.0.1.7/32'],
  '10.0.0.0/24': ['10.0.0.4/30', '10.0.0.5/32'],
  '10.0.1.0/24': ['10.0.1.0/25'],
  // non-canonical: accepted with a warning, means 10.0.0.0/24
  '10.0.0.9/24': ['10.0.0.6/31'],
  '192.168.0.0/16': ['192.168.1.0/24'],
  '172.16.0.0/12': [],
  'fd00::/16': ['fd00:1::/32', 'fd00::/64'],
  'fd00::/64': ['fd00::5/128'],
  '::/0': ['fd00::/16'],
  '2001:db8::/32': [],
};

export interface GeneratedCluster {
  /** Every object, in input order. */
  readonly objects: readonly Json[];
  /** Ids (`namespace/name`) of the policies the API server accepts. */
  readonly validPolicies: readonly string[];
  /** Policies the API server rejects (an invalid port, endPort, peer or CIDR). */
  readonly invalidPolicies: readonly string[];
}

export const labelsOf = <K extends string, V extends string>(keys: readonly K[], values: readonly V[]) =>
  fc
    .subarray([...keys])
    .chain((ks) =>
      fc
        .tuple(...ks.map((k) => fc.constantFrom(...values).map((v) => [k, v] as const)))
        .map((pairs) => Object.fromEntries(pairs)),
    );

const requirement = <K extends string, V extends string>(keys: readonly K[], values: readonly V[]) =>
  fc.oneof(
    fc.record({
      key: fc.constantFrom(...keys),
      operator: fc.constantFrom('In', 'NotIn'),
      values: fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 2 }),
    }),
    fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
  );

export const selector = <K extends string, V extends string>(keys: readonly K[], values: readonly V[]) =>
  fc
    .record(
      {
        matchLabels: labelsOf(keys, values),
        matchExpressions: fc.array(requirement(keys, values), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    )
    .map((s) => s as Json);

const podSelector = selector(POD_KEYS, POD_VALUES);
const namespaceSelector = fc.oneof(
  selector(NS_KEYS, NS_VALUES),
  fc
    .constantFrom(...NAMESPACE_NAMES)
    .map((n): Json => ({ matchLabels: { 'kubernetes.io/metadata.name': n } })),
);

const ipBlock = fc
  .constantFrom(...Object.keys(CIDR_POOL))
  .chain((cidr) =>
    fc
      .subarray([...CIDR_POOL[cidr]!])
      .map((except): Json => ({ ipBlock: except.length === 0 ? { cidr } : { cidr, except } })),
  );

const peer: fc.Arbitrary<Json> = fc.oneof(
  podSelector.map((s) => ({ podSelector: s })),
  namespaceSelector.map((s) => ({ namespaceSelector: s })),
  fc.tuple(podSelector, namespaceSelector).map(([p, n]) => ({ podSelector: p, namespaceSelector: n })),
  ipBlock,
);

const protocolField = fc.option(fc.constantFrom(...PROTOCOLS), { nil: undefined });

/** A policy port; `invalid` marks ports the API server rejects. */
const port: fc.Arbitrary<{ port: Json; invalid: boolean }> = fc.oneof(
  fc
    .record({ protocol: protocolField, port: fc.constantFrom(...PORT_NUMBERS) }, { requiredKeys: ['port'] })
    .map((p) => ({ port: p as Json, invalid: false })),
  fc
    .record(
      { protocol: protocolField, port: fc.constantFrom(...PORT_NAMES, 'unknown') },
      { requiredKeys: ['port'] },
    )
    .map((p) => ({ port: p as Json, invalid: false })),
  fc
    .tuple(protocolField, fc.constantFrom(...PORT_NUMBERS), fc.constantFrom(...PORT_NUMBERS))
    .map(([protocol, a, b]) => ({
      port: { ...(protocol === undefined ? {} : { protocol }), port: a, endPort: b },
      invalid: b < a,
    })),
  fc.constantFrom(...PROTOCOLS).map((protocol) => ({ port: { protocol } as Json, invalid: false })),
  fc.constant({ port: {} as Json, invalid: false }),
  // now and then a port the API server rejects for another reason (ValidateNetworkPolicyPort)
  fc
    .constantFrom<Json>(
      { port: 0 },
      { port: 65536 },
      { port: '80' },
      { port: 'http', endPort: 90 },
      { endPort: 90 },
      { port: 80, protocol: 'tcp' },
    )
    .map((p) => ({ port: p, invalid: true })),
);

/** A peer; `invalid` marks peers the API server rejects (ValidateNetworkPolicyPeer, ValidateIPBlock). */
const checkedPeer: fc.Arbitrary<{ peer: Json; invalid: boolean }> = fc.oneof(
  { weight: 20, arbitrary: peer.map((p) => ({ peer: p, invalid: false })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<Json>(
        {},
        { ipBlock: { cidr: '10.0.0.0/16' }, podSelector: {} },
        { ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] } },
        { ipBlock: { cidr: '10.0.0.0/33' } },
        { podSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] } },
      )
      .map((p) => ({ peer: p, invalid: true })),
  },
);

/** `undefined` (absent), `[]`, or a list of items. */
const maybeList = <T>(item: fc.Arbitrary<T>, max: number) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant([] as T[]) },
    { weight: 4, arbitrary: fc.array(item, { minLength: 1, maxLength: max }) },
  );

const rule = (peersField: 'from' | 'to') =>
  fc.tuple(maybeList(checkedPeer, 3), maybeList(port, 3)).map(([peers, ports]) => {
    const r: Json = {};
    if (peers !== undefined) r[peersField] = peers.map((p) => p.peer);
    if (ports !== undefined) r.ports = ports.map((p) => p.port);
    return { rule: r, invalid: [...(peers ?? []), ...(ports ?? [])].some((p) => p.invalid) };
  });

const rules = (peersField: 'from' | 'to') => maybeList(rule(peersField), 3);

/** One rule of a direction that the API server accepts. */
export function validRuleArbitrary(direction: 'ingress' | 'egress'): fc.Arbitrary<Json> {
  return rule(direction === 'ingress' ? 'from' : 'to')
    .filter((r) => !r.invalid)
    .map((r) => r.rule);
}

const POLICY_TYPES: readonly (readonly PolicyType[] | undefined)[] = [
  undefined,
  [],
  ['Ingress'],
  ['Egress'],
  ['Ingress', 'Egress'],
  ['Egress', 'Ingress'],
  // a repeated type is accepted and means the type once
  ['Egress', 'Egress'],
];

/** A NetworkPolicy object in one of the given namespaces; `invalid` when the API server rejects it. */
export function policyArbitrary(
  namespaces: readonly string[],
  name: string,
): fc.Arbitrary<{ object: Json; invalid: boolean }> {
  return fc
    .record({
      namespace: fc.constantFrom(...namespaces),
      podSelector: fc.option(podSelector, { nil: undefined }),
      policyTypes: fc.constantFrom(...POLICY_TYPES),
      ingress: rules('from'),
      egress: rules('to'),
    })
    .map((p) => {
      const spec: Json = {};
      if (p.podSelector !== undefined) spec.podSelector = p.podSelector;
      if (p.policyTypes !== undefined) spec.policyTypes = p.policyTypes;
      if (p.ingress !== undefined) spec.ingress = p.ingress.map((r) => r.rule);
      if (p.egress !== undefined) spec.egress = p.egress.map((r) => r.rule);
      const invalid = [...(p.ingress ?? []), ...(p.egress ?? [])].some((r) => r.invalid);
      return {
        object: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name, namespace: p.namespace },
          spec,
        },
        invalid,
      };
    });
}

export const containerPorts = fc
  .uniqueArray(
    fc.record(
      {
        name: fc.constantFrom(...PORT_NAMES),
        containerPort: fc.constantFrom(...PORT_NUMBERS),
        protocol: protocolField,
      },
      { requiredKeys: ['containerPort'] },
    ),
    { maxLength: 3, selector: (p) => p.name ?? `#${p.containerPort}/${p.protocol}` },
  )
  .map((ports) => ports.map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined))));

/** A pod (or now and then a Deployment whose template stands in for its pods). */
function podArbitrary(namespaces: readonly string[], name: string): fc.Arbitrary<Json> {
  return fc
    .record({
      namespace: fc.constantFrom(...namespaces),
      labels: labelsOf([...POD_KEYS, ...UNSELECTED_KEYS], POD_VALUES),
      ports: containerPorts,
      hostNetwork: fc.oneof(
        { weight: 9, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
      ips: fc.uniqueArray(fc.constantFrom(...POD_IPS), { maxLength: 2 }),
      template: fc.oneof(
        { weight: 9, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
    })
    .map((p) => {
      const spec = { hostNetwork: p.hostNetwork, containers: [{ name: 'c', image: 'img', ports: p.ports }] };
      if (p.template) {
        return {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name, namespace: p.namespace },
          spec: { template: { metadata: { labels: p.labels }, spec } },
        };
      }
      return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: p.namespace, labels: p.labels },
        spec,
        status: { phase: 'Running', podIPs: p.ips.map((ip) => ({ ip })) },
      };
    });
}

/** A Service selecting pods by labels (or by nothing), with numeric and named target ports. */
export function serviceArbitrary(
  namespaces: readonly string[],
  name: string,
  clusterIP: string,
): fc.Arbitrary<Json> {
  return fc
    .record({
      namespace: fc.constantFrom(...namespaces),
      selector: fc.option(labelsOf(POD_KEYS, POD_VALUES), { nil: undefined }),
      ports: fc.uniqueArray(
        fc.record(
          {
            port: fc.constantFrom(...PORT_NUMBERS),
            protocol: protocolField,
            targetPort: fc.option(
              fc.oneof(fc.constantFrom(...PORT_NUMBERS), fc.constantFrom(...PORT_NAMES)),
              {
                nil: undefined,
              },
            ),
          },
          { requiredKeys: ['port'] },
        ),
        // the API server requires at least one port
        { minLength: 1, maxLength: 3, selector: (p) => `${p.port}/${p.protocol ?? 'TCP'}` },
      ),
    })
    .map((svc) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: svc.namespace },
      spec: {
        clusterIP,
        ...(svc.selector === undefined ? {} : { selector: svc.selector }),
        ports: svc.ports.map((p, i) => ({
          name: `p${i}`,
          ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)),
        })),
      },
    }));
}

export interface ClusterShape {
  readonly minPods?: number;
  readonly maxPods?: number;
  readonly maxPolicies?: number;
  readonly maxServices?: number;
  /** Admin-tier policies of a tiered cluster (at most; 4 unless given). */
  readonly maxAdminPolicies?: number;
}

/** A random cluster: 2–4 namespaces, 1–8 pods, 0–5 policies (about 1 in 12 invalid). */
export function clusterArbitrary(shape: ClusterShape = {}): fc.Arbitrary<GeneratedCluster> {
  const maxPods = shape.maxPods ?? 8;
  const maxPolicies = shape.maxPolicies ?? 5;
  const maxServices = shape.maxServices ?? 0;
  return fc
    .tuple(
      fc.shuffledSubarray([...NAMESPACE_NAMES], { minLength: 2, maxLength: 4 }),
      fc.integer({ min: shape.minPods ?? 1, max: maxPods }),
      fc.integer({ min: 0, max: maxPolicies }),
      fc.integer({ min: 0, max: maxServices }),
    )
    .chain(([namespaces, podCount, policyCount, serviceCount]) =>
      fc.record({
        namespaces: fc.tuple(
          ...namespaces.map((name) =>
            labelsOf(NS_KEYS, NS_VALUES).map(
              (labels): Json => ({
                apiVersion: 'v1',
                kind: 'Namespace',
                metadata: { name, labels },
              }),
            ),
          ),
        ),
        // now and then a pod in a namespace no Namespace object declares (created implicitly)
        pods: fc.tuple(
          ...Array.from({ length: podCount }, (_, i) =>
            podArbitrary([...namespaces, ...undeclared(namespaces)], `p${i}`),
          ),
        ),
        policies: fc.tuple(
          ...Array.from({ length: policyCount }, (_, i) => policyArbitrary(namespaces, `pol${i}`)),
        ),
        services: fc.tuple(
          ...Array.from({ length: serviceCount }, (_, i) =>
            serviceArbitrary(namespaces, `svc${i}`, `10.96.0.${i + 1}`),
          ),
        ),
      }),
    )
    .map(({ namespaces, pods, policies, services }) => ({
      objects: [...namespaces, ...pods, ...services, ...policies.map((p) => p.object)],
      validPolicies: policies.filter((p) => !p.invalid).map((p) => policyId(p.object)),
      invalidPolicies: policies.filter((p) => p.invalid).map((p) => policyId(p.object)),
    }));
}

/** At most one namespace name not in `declared`. */
function undeclared(declared: readonly string[]): string[] {
  return NAMESPACE_NAMES.filter((n) => !declared.includes(n)).slice(0, 1);
}

function policyId(object: Json): string {
  const meta = object.metadata as { name: string; namespace: string };
  return `${meta.namespace}/${meta.name}`;
}

/**
 * The effective policyTypes of a raw policy, by SetDefaults_NetworkPolicySpec: written types
 * when the list is non-empty; otherwise Ingress, plus Egress when `egress` has a rule.
 */
export function expectedPolicyTypes(object: Json): PolicyType[] {
  const spec = object.spec as { policyTypes?: PolicyType[]; egress?: unknown[] };
  if (spec.policyTypes !== undefined && spec.policyTypes.length > 0) {
    return (['Ingress', 'Egress'] as const).filter((t) => spec.policyTypes!.includes(t));
  }
  return (spec.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** The objects as one JSON `List`, the way `kubectl get -o json` prints several kinds. */
export function toJsonText(objects: readonly Json[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
}

/** Node objects of generated clusters: labels from the pod alphabet, addresses some pods share. */
export const NODE_ADDRESSES = ['10.0.0.6', '192.168.1.10', '172.16.0.3', '10.9.0.1'] as const;
const NODE_KEYS = ['role'] as const;
const NODE_VALUES = ['web', 'db'] as const;

/** CIDRs admin `networks` peers use (canonical: the CEL rule accepts host bits, with a warning). */
const ADMIN_NETWORKS = [
  '0.0.0.0/0',
  '10.0.0.0/16',
  '10.0.0.0/24',
  '10.0.1.7/32',
  '192.168.0.0/16',
  'fd00::/16',
  '::/0',
];

/** A Node with 0–2 addresses and a role label (or none). */
function nodeArbitrary(name: string): fc.Arbitrary<Json> {
  return fc
    .record({
      labels: labelsOf(NODE_KEYS, NODE_VALUES),
      addresses: fc.uniqueArray(fc.constantFrom(...NODE_ADDRESSES), { maxLength: 2 }),
    })
    .map((n) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: n.labels },
      status: { addresses: n.addresses.map((address) => ({ type: 'InternalIP', address })) },
    }));
}

/** Which API an admin policy is written in: v1alpha1 ANP/BANP or v1alpha2 ClusterNetworkPolicy. */
export type AdminVersion = 'v1alpha1' | 'v1alpha2';

const adminNamespaced = fc.record({ namespaceSelector: namespaceSelector, podSelector });

/** An admin peer, as written; `portless` for peers the named-port CEL rule concerns. */
function adminPeerArbitrary(
  direction: 'ingress' | 'egress',
): fc.Arbitrary<{ peer: Json; portless: boolean }> {
  const pods = [
    namespaceSelector.map((s) => ({ peer: { namespaces: s } as Json, portless: false })),
    adminNamespaced.map((p) => ({ peer: { pods: p } as Json, portless: false })),
  ];
  if (direction === 'ingress') return fc.oneof(...pods);
  return fc.oneof(
    ...pods,
    fc
      .uniqueArray(fc.constantFrom(...ADMIN_NETWORKS), { minLength: 1, maxLength: 2 })
      .map((networks) => ({ peer: { networks } as Json, portless: true })),
    selector(NODE_KEYS, NODE_VALUES).map((s) => ({ peer: { nodes: s } as Json, portless: true })),
  );
}

const portPair = fc
  .tuple(fc.constantFrom(...PORT_NUMBERS), fc.constantFrom(...PORT_NUMBERS))
  .filter(([a, b]) => a < b);

/** A port of an admin rule in the version's shape; `named` for named ports. */
function adminPortArbitrary(version: AdminVersion): fc.Arbitrary<{ port: Json; named: boolean }> {
  const protocol = fc.constantFrom(...PROTOCOLS);
  const named = fc.constantFrom(...PORT_NAMES, 'unknown').map((name) => ({
    port: (version === 'v1alpha1' ? { namedPort: name } : { destinationNamedPort: name }) as Json,
    named: true,
  }));
  if (version === 'v1alpha1')
    return fc.oneof(
      fc
        .record(
          { protocol: protocolField, port: fc.constantFrom(...PORT_NUMBERS) },
          { requiredKeys: ['port'] },
        )
        .map((p) => ({ port: { portNumber: p } as Json, named: false })),
      fc.tuple(protocolField, portPair).map(([p, [start, end]]) => ({
        port: { portRange: { ...(p === undefined ? {} : { protocol: p }), start, end } } as Json,
        named: false,
      })),
      named,
    );
  return fc.oneof(
    fc.tuple(protocol, fc.constantFrom(...PORT_NUMBERS)).map(([p, number]) => ({
      port: { [p.toLowerCase()]: { destinationPort: { number } } } as Json,
      named: false,
    })),
    fc.tuple(protocol, portPair).map(([p, [start, end]]) => ({
      port: { [p.toLowerCase()]: { destinationPort: { range: { start, end } } } } as Json,
      named: false,
    })),
    named,
  );
}

/** A rule the API server accepts: 1–3 peers, no ports or 1–3, the named-port CEL rule kept. */
function adminRuleArbitrary(
  version: AdminVersion,
  direction: 'ingress' | 'egress',
  actions: readonly string[],
): fc.Arbitrary<Json> {
  return fc
    .record({
      action: fc.constantFrom(...actions),
      peers: fc.array(adminPeerArbitrary(direction), { minLength: 1, maxLength: 3 }),
      ports: fc.option(fc.array(adminPortArbitrary(version), { minLength: 1, maxLength: 3 }), {
        nil: undefined,
      }),
    })
    .map((r) => {
      const portless = r.peers.some((p) => p.portless);
      const ports = r.ports?.filter((p) => !(portless && p.named));
      return {
        action: r.action,
        [direction === 'ingress' ? 'from' : 'to']: r.peers.map((p) => p.peer),
        ...(ports === undefined || ports.length === 0
          ? {}
          : { [version === 'v1alpha1' ? 'ports' : 'protocols']: ports.map((p) => p.port) }),
      };
    });
}

/**
 * An admin policy the API server accepts, with the given priority: an AdminNetworkPolicy, the
 * BaselineAdminNetworkPolicy (`baseline` in v1alpha1, named default) or a ClusterNetworkPolicy
 * of either tier (v1alpha2).
 */
export function adminPolicyArbitrary(
  version: AdminVersion,
  tier: 'admin' | 'baseline',
  name: string,
  priority: number,
): fc.Arbitrary<Json> {
  const actions =
    version === 'v1alpha2'
      ? ['Accept', 'Deny', 'Pass']
      : tier === 'admin'
        ? ['Allow', 'Deny', 'Pass']
        : ['Allow', 'Deny'];
  const subject = fc.oneof(
    namespaceSelector.map((s): Json => ({ namespaces: s })),
    adminNamespaced.map((p): Json => ({ pods: p })),
  );
  const rules = (direction: 'ingress' | 'egress') =>
    fc.option(fc.array(adminRuleArbitrary(version, direction, actions), { minLength: 1, maxLength: 4 }), {
      nil: undefined,
    });
  return fc.record({ subject, ingress: rules('ingress'), egress: rules('egress') }).map((p) => {
    const spec: Json = { subject: p.subject };
    if (p.ingress !== undefined) spec.ingress = p.ingress;
    if (p.egress !== undefined) spec.egress = p.egress;
    if (version === 'v1alpha2')
      return {
        apiVersion: 'policy.networking.k8s.io/v1alpha2',
        kind: 'ClusterNetworkPolicy',
        metadata: { name },
        spec: { tier: tier === 'admin' ? 'Admin' : 'Baseline', priority, ...spec },
      };
    if (tier === 'baseline')
      return {
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'BaselineAdminNetworkPolicy',
        metadata: { name: 'default' },
        spec,
      };
    return {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name },
      spec: { priority, ...spec },
    };
  });
}

/**
 * A random cluster (as clusterArbitrary) with admin policies of one API version added: 1–4 in
 * the admin tier with distinct priorities (equal priorities are undefined upstream), 0–1
 * baseline policies in v1alpha1 and 0–2 in v1alpha2, and 0–2 Nodes.
 */
export function tieredClusterArbitrary(shape: ClusterShape = {}): fc.Arbitrary<GeneratedCluster> {
  return fc
    .tuple(
      clusterArbitrary(shape),
      fc.constantFrom<AdminVersion>('v1alpha1', 'v1alpha2'),
      fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), {
        minLength: 1,
        maxLength: shape.maxAdminPolicies ?? 4,
      }),
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 0, max: 2 }),
    )
    .chain(([gen, version, priorities, baselines, nodeCount]) => {
      const baselineCount = version === 'v1alpha1' ? Math.min(baselines, 1) : baselines;
      return fc
        .record({
          admin: fc.tuple(
            ...priorities.map((p, i) => adminPolicyArbitrary(version, 'admin', `admin${i}`, p)),
          ),
          baseline: fc.tuple(
            ...Array.from({ length: baselineCount }, (_, i) =>
              adminPolicyArbitrary(version, 'baseline', `baseline${i}`, i * 10),
            ),
          ),
          nodes: fc.tuple(...Array.from({ length: nodeCount }, (_, i) => nodeArbitrary(`node${i}`))),
        })
        .map(({ admin, baseline, nodes }) => ({
          ...gen,
          objects: [...nodes, ...gen.objects, ...admin, ...baseline],
        }));
    });
}
