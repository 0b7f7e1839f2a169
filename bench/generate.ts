/**
 * A realistic synthetic cluster, seeded and deterministic: namespaces of teams and
 * environments, Deployments with replicas (pods owned through ReplicaSets), StatefulSets,
 * Services, default-deny per namespace, same-app allows, a monitoring namespace scraping a
 * named metrics port, DNS egress, cross-namespace AND peers, matchExpressions, ipBlock with
 * except, endPort ranges, and some policies that match nothing.
 */

export interface GenerateOptions {
  readonly pods: number;
  readonly policies: number;
  readonly namespaces: number;
  readonly seed?: number;
}

/** The sizes `npm run bench` runs. */
export const SIZES: Readonly<Record<string, GenerateOptions>> = {
  S: { pods: 1_000, policies: 100, namespaces: 20 },
  // The studio's target: about 1,000 workloads (Deployments and StatefulSets) in 100 namespaces.
  W: { pods: 3_000, policies: 500, namespaces: 100 },
  M: { pods: 10_000, policies: 1_000, namespaces: 200 },
  L: { pods: 25_000, policies: 2_500, namespaces: 500 },
  XL: { pods: 50_000, policies: 5_000, namespaces: 1_000 },
};

type Obj = Record<string, unknown>;

/** Mulberry32: small, fast, good enough for test data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEAMS = [
  'payments',
  'search',
  'checkout',
  'identity',
  'catalog',
  'ads',
  'media',
  'ml',
  'data',
  'platform',
];
const ENVS = ['prod', 'staging', 'dev'];
const TIERS = ['frontend', 'backend', 'db', 'cache', 'worker'];

/** Generates the cluster's objects (namespaces, workloads, pods, services, policies). */
export function generateCluster(options: GenerateOptions): Obj[] {
  const rnd = random(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const objects: Obj[] = [];
  const policies: Obj[] = [];
  const nsCount = Math.max(2, options.namespaces);
  const podsPerNs = Math.max(1, Math.floor(options.pods / nsCount));
  const policiesPerNs = Math.max(1, Math.floor(options.policies / nsCount));
  let ip = 0x0a000000 + 256; // 10.0.1.0
  const nextIp = () => {
    ip++;
    return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
  };

  objects.push(namespace('kube-system', { team: 'platform', env: 'prod' }));
  objects.push(
    pod(
      'kube-system',
      'coredns-5d78c9869d-abcde',
      { 'k8s-app': 'kube-dns', 'pod-template-hash': '5d78c9869d' },
      nextIp(),
      [
        { name: 'dns', containerPort: 53, protocol: 'UDP' },
        { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
      ],
    ),
  );
  objects.push(namespace('monitoring', { team: 'platform', env: 'prod', purpose: 'monitoring' }));
  objects.push(
    pod('monitoring', 'prometheus-0', { app: 'prometheus' }, nextIp(), [
      { name: 'web', containerPort: 9090 },
    ]),
  );

  for (let n = 0; n < nsCount - 2; n++) {
    const team = TEAMS[n % TEAMS.length]!;
    const env = ENVS[Math.floor(n / TEAMS.length) % ENVS.length]!;
    const ns = `${team}-${env}-${n}`;
    objects.push(namespace(ns, { team, env, ...(rnd() < 0.3 ? { 'istio-injection': 'enabled' } : {}) }));
    // Apps: a few Deployments with replicas and one StatefulSet.
    const apps: { name: string; tier: string }[] = [];
    let remaining = podsPerNs;
    let a = 0;
    while (remaining > 0) {
      const tier = TIERS[a % TIERS.length]!;
      const name = `${tier}-${a}`;
      apps.push({ name, tier });
      const replicas = Math.min(remaining, 1 + Math.floor(rnd() * 5));
      remaining -= replicas;
      const ports = [
        { name: 'http', containerPort: tier === 'db' ? 5432 : tier === 'cache' ? 6379 : 8080 },
        { name: 'metrics', containerPort: 9102 },
      ];
      const labels = { app: name, tier, team, version: `v${1 + (a % 3)}` };
      if (tier === 'db') {
        objects.push(workload('StatefulSet', ns, name, labels, ports));
        for (let r = 0; r < replicas; r++) {
          const p = pod(
            ns,
            `${name}-${r}`,
            { ...labels, 'statefulset.kubernetes.io/pod-name': `${name}-${r}` },
            nextIp(),
            ports,
          );
          (p.metadata as Obj).ownerReferences = [
            { apiVersion: 'apps/v1', kind: 'StatefulSet', name, uid: 'x', controller: true },
          ];
          objects.push(p);
        }
      } else {
        const hash = (Math.floor(rnd() * 0xfffffff) + 0x10000000).toString(16).slice(0, 9);
        objects.push(workload('Deployment', ns, name, labels, ports));
        for (let r = 0; r < replicas; r++) {
          const p = pod(
            ns,
            `${name}-${hash}-${r.toString(36).padStart(5, 'x')}`,
            { ...labels, 'pod-template-hash': hash },
            nextIp(),
            ports,
          );
          (p.metadata as Obj).ownerReferences = [
            {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name: `${name}-${hash}`,
              uid: 'x',
              controller: true,
            },
          ];
          objects.push(p);
        }
      }
      objects.push(service(ns, name, { app: name }, tier === 'db' ? 5432 : 80, 'http'));
      a++;
    }
    // Policies: default deny, DNS, same-app, monitoring, then a mix of the rest.
    const nsPolicies: Obj[] = [
      ...baselinePolicies(ns),
      policy(ns, 'allow-monitoring', {
        podSelector: {},
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { purpose: 'monitoring' } },
                podSelector: { matchLabels: { app: 'prometheus' } },
              },
            ],
            ports: [{ port: 'metrics' }],
          },
        ],
      }),
    ];
    for (let k = nsPolicies.length; k < policiesPerNs; k++) {
      const app = pick(apps);
      const other = pick(apps);
      const variant = k % 6;
      if (variant === 0) {
        nsPolicies.push(
          policy(ns, `allow-${app.name}-same-app-${k}`, {
            podSelector: { matchLabels: { app: app.name } },
            ingress: [{ from: [{ podSelector: { matchLabels: { app: app.name } } }] }],
            egress: [{ to: [{ podSelector: { matchLabels: { app: app.name } } }] }],
          }),
        );
      } else if (variant === 1) {
        nsPolicies.push(
          policy(ns, `allow-${other.name}-to-${app.name}-${k}`, {
            podSelector: { matchLabels: { app: app.name } },
            ingress: [
              { from: [{ podSelector: { matchLabels: { app: other.name } } }], ports: [{ port: 'http' }] },
            ],
          }),
        );
      } else if (variant === 2) {
        const peerTeam = pick(TEAMS);
        nsPolicies.push(
          policy(ns, `allow-${peerTeam}-frontends-${k}`, {
            podSelector: { matchLabels: { tier: app.tier } },
            ingress: [
              {
                from: [
                  {
                    namespaceSelector: { matchLabels: { team: peerTeam, env } },
                    podSelector: {
                      matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'backend'] }],
                    },
                  },
                ],
                ports: [{ protocol: 'TCP', port: 8080 }],
              },
            ],
          }),
        );
      } else if (variant === 3) {
        nsPolicies.push(
          policy(ns, `egress-internet-${k}`, {
            podSelector: { matchLabels: { app: app.name } },
            policyTypes: ['Egress'],
            egress: [
              {
                to: [
                  {
                    ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] },
                  },
                ],
                ports: [{ protocol: 'TCP', port: 443 }],
              },
            ],
          }),
        );
      } else if (variant === 4) {
        nsPolicies.push(
          policy(ns, `allow-range-${k}`, {
            podSelector: {
              matchExpressions: [
                { key: 'tier', operator: 'NotIn', values: ['db'] },
                { key: 'version', operator: 'Exists' },
              ],
            },
            ingress: [
              {
                from: [
                  {
                    namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'In', values: [env] }] },
                  },
                ],
                ports: [{ protocol: 'TCP', port: 30000, endPort: 30100 }],
              },
            ],
          }),
        );
      } else {
        // Matches nothing: a label no pod carries.
        nsPolicies.push(
          policy(ns, `legacy-${k}`, {
            podSelector: { matchLabels: { app: `retired-${k}` } },
            ingress: [{ from: [{ namespaceSelector: { matchLabels: { name: ns } } }] }],
          }),
        );
      }
    }
    policies.push(...nsPolicies.slice(0, Math.max(policiesPerNs, 3)));
  }
  return [...objects, ...policies];
}

/**
 * A multi-tenant cluster, seeded and deterministic: many namespaces of many small workloads, ten
 * NetworkPolicies per namespace, the shape a large shared cluster has. `form: 'pods'` writes
 * running Pods with IPs owned by ReplicaSets (`<app>-<hash>`, no Deployment objects: the
 * workload is inferred from the name); `form: 'deployments'` writes one Deployment per workload
 * and no Pods. Platform namespaces (kube-system, monitoring, ingress-nginx) hold four pods and
 * no policies.
 */
export interface TenantOptions {
  /** Tenant namespaces (the platform adds three more). */
  readonly tenants: number;
  /** Workloads per tenant namespace, one pod each. */
  readonly workloads: number;
  readonly form: 'pods' | 'deployments';
  /**
   * The policies besides: `admin` adds 1,000 AdminNetworkPolicies and the default
   * BaselineAdminNetworkPolicy to the NetworkPolicies; `cilium` writes five
   * CiliumNetworkPolicies per namespace (deny rules, entities, CIDR sets) and two
   * CiliumClusterwideNetworkPolicies instead of the NetworkPolicies.
   */
  readonly dialect?: 'admin' | 'cilium';
  readonly seed?: number;
}

/** The multi-tenant sizes `npm run bench` runs (`--sizes` picks some). */
export const TENANT_SIZES: Readonly<Record<string, TenantOptions>> = {
  T700: { tenants: 35, workloads: 20, form: 'pods' },
  'T8k-deploy': { tenants: 200, workloads: 40, form: 'deployments' },
  'T8k-pods': { tenants: 200, workloads: 40, form: 'pods' },
  T50k: { tenants: 1000, workloads: 50, form: 'pods' },
  'A10k-admin': { tenants: 200, workloads: 50, form: 'pods', dialect: 'admin' },
  'C10k-cilium': { tenants: 200, workloads: 50, form: 'pods', dialect: 'cilium' },
};

const TENANT_TIERS = ['web', 'api', 'worker', 'db', 'cache'];

/** Generates a multi-tenant cluster's objects (namespaces first, then workloads, then policies). */
export function generateTenants(options: TenantOptions): Obj[] {
  const rnd = random(options.seed ?? 7);
  const objects: Obj[] = [];
  const policies: Obj[] = [];
  let ip = 0x0a000000 + 256;
  const nextIp = () => {
    ip++;
    return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
  };
  const addWorkload = (ns: string, name: string, labels: Record<string, string>, ports: Obj[]) => {
    if (options.form === 'deployments') {
      objects.push(workload('Deployment', ns, name, labels, ports));
      return;
    }
    const hash = (Math.floor(rnd() * 0xfffffff) + 0x10000000).toString(16).slice(0, 9);
    const p = pod(
      ns,
      `${name}-${hash}-${Math.floor(rnd() * 36 ** 5)
        .toString(36)
        .padStart(5, 'x')}`,
      { ...labels, 'pod-template-hash': hash },
      nextIp(),
      ports,
    );
    (p.metadata as Obj).ownerReferences = [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-${hash}`, uid: 'x', controller: true },
    ];
    // What `kubectl get -o yaml` shows besides: fields that are read past, as in real input.
    const container = ((p.spec as Obj).containers as Obj[])[0]!;
    Object.assign(container, {
      imagePullPolicy: 'IfNotPresent',
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    });
    Object.assign(p.spec as Obj, {
      restartPolicy: 'Always',
      serviceAccountName: 'default',
      nodeName: `node-${Math.floor(rnd() * 64)}`,
    });
    objects.push(p);
  };

  objects.push(namespace('kube-system', { 'kubernetes.io/metadata.name': 'kube-system' }));
  for (let r = 0; r < 2; r++)
    addWorkload('kube-system', `coredns-${r}`, { app: `coredns-${r}`, 'k8s-app': 'kube-dns' }, [
      { name: 'dns', containerPort: 53, protocol: 'UDP' },
      { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
    ]);
  objects.push(namespace('monitoring', { purpose: 'monitoring' }));
  addWorkload('monitoring', 'prometheus', { app: 'prometheus' }, [{ name: 'web', containerPort: 9090 }]);
  objects.push(namespace('ingress-nginx', { purpose: 'ingress' }));
  addWorkload('ingress-nginx', 'controller', { app: 'ingress-nginx' }, [
    { name: 'http', containerPort: 80 },
    { name: 'https', containerPort: 443 },
  ]);

  for (let n = 0; n < options.tenants; n++) {
    const team = TEAMS[n % TEAMS.length]!;
    const ns = `tenant-${n}`;
    const partner = `tenant-${(n + 1) % options.tenants}`;
    objects.push(namespace(ns, { team, tenant: ns, env: ENVS[n % ENVS.length]! }));
    for (let w = 0; w < options.workloads; w++) {
      const tier = TENANT_TIERS[w % TENANT_TIERS.length]!;
      const port = tier === 'db' ? 5432 : tier === 'cache' ? 6379 : 8080;
      const ports = [
        { name: 'http', containerPort: port },
        { name: 'metrics', containerPort: 9102 },
      ];
      addWorkload(ns, `${tier}-${w}`, { app: `${tier}-${w}`, tier, team }, ports);
      if (w % 5 === 0) objects.push(service(ns, `${tier}-${w}`, { app: `${tier}-${w}` }, 80, 'http'));
    }
    if (options.dialect === 'cilium') policies.push(...tenantCiliumPolicies(ns, partner));
    else policies.push(...tenantPolicies(ns, partner));
  }
  if (options.dialect === 'admin') policies.push(...adminPolicies(options.tenants));
  if (options.dialect === 'cilium') {
    policies.push(...clusterwideCiliumPolicies());
    if (options.form === 'pods') objects.push(...ciliumNodeObjects());
  }
  return [...objects, ...policies];
}

/** Nodes the tenant pods are scheduled on (`node-0` … `node-63`). */
const NODES = 64;

/**
 * What a Cilium cluster holds besides its workloads, all of which Cilium's entities read: the
 * Node objects (their InternalIPs are `host` and `remote-node`), the Endpoints of the Service
 * default/kubernetes (`kube-apiserver`: the first three nodes) and a hostNetwork DaemonSet with
 * one pod on every node (the node's own address: each pod is its node's `host`).
 */
function ciliumNodeObjects(): Obj[] {
  const nodeIp = (n: number) => `172.18.${n >>> 8}.${(n & 255) + 10}`;
  const out: Obj[] = [];
  for (let n = 0; n < NODES; n++) {
    out.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: `node-${n}`,
        labels: {
          'kubernetes.io/hostname': `node-${n}`,
          ...(n < 3 ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
        },
      },
      status: {
        addresses: [
          { type: 'InternalIP', address: nodeIp(n) },
          { type: 'Hostname', address: `node-${n}` },
        ],
      },
    });
  }
  out.push({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default' },
    subsets: [
      {
        addresses: [0, 1, 2].map((n) => ({ ip: nodeIp(n) })),
        ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
      },
    ],
  });
  const labels = { app: 'node-exporter', 'k8s-app': 'node-exporter' };
  out.push({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'node-exporter', namespace: 'monitoring', labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          hostNetwork: true,
          containers: [
            {
              name: 'node-exporter',
              image: 'registry.example/node-exporter:1',
              ports: [{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }],
            },
          ],
        },
      },
    },
  });
  for (let n = 0; n < NODES; n++) {
    const p = pod('monitoring', `node-exporter-${n.toString(36).padStart(5, 'x')}`, labels, nodeIp(n), [
      { name: 'metrics', containerPort: 9100 },
    ]);
    (p.metadata as Obj).ownerReferences = [
      { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'node-exporter', uid: 'x', controller: true },
    ];
    Object.assign(p.spec as Obj, { hostNetwork: true, nodeName: `node-${n}` });
    out.push(p);
  }
  return out;
}

/**
 * 1,000 AdminNetworkPolicies (policy.networking.k8s.io/v1alpha1) at priorities 0–999 over the
 * tenants (by team, by tenant, by pods), with Allow, Deny and Pass rules on namespaces, pods
 * and networks, ports, ranges and named ports; and the one BaselineAdminNetworkPolicy.
 */
function adminPolicies(tenants: number): Obj[] {
  const out: Obj[] = [];
  const actions = ['Allow', 'Deny', 'Pass'];
  for (let i = 0; i < 1000; i++) {
    const team = TEAMS[i % TEAMS.length]!;
    const tenant = `tenant-${i % tenants}`;
    const subject =
      i % 3 === 0
        ? { namespaces: { matchLabels: { team } } }
        : i % 3 === 1
          ? { namespaces: { matchLabels: { tenant } } }
          : {
              pods: {
                namespaceSelector: { matchLabels: { team } },
                podSelector: { matchLabels: { tier: TENANT_TIERS[i % TENANT_TIERS.length]! } },
              },
            };
    const action = actions[i % 3]!;
    out.push({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: `anp-${i}` },
      spec: {
        priority: i % 1000,
        subject,
        ingress: [
          {
            name: 'from-monitoring',
            action: 'Allow',
            from: [{ namespaces: { matchLabels: { purpose: 'monitoring' } } }],
            ports: [{ namedPort: 'metrics' }],
          },
          {
            name: 'from-other-team',
            action,
            from: [{ namespaces: { matchLabels: { team: TEAMS[(i + 1) % TEAMS.length]! } } }],
            ports: [{ portRange: { protocol: 'TCP', start: 8000, end: 8999 } }],
          },
        ],
        egress: [
          {
            name: 'to-db-elsewhere',
            action: i % 2 === 0 ? 'Deny' : 'Pass',
            to: [
              {
                pods: {
                  namespaceSelector: {
                    matchExpressions: [{ key: 'team', operator: 'NotIn', values: [team] }],
                  },
                  podSelector: { matchLabels: { tier: 'db' } },
                },
              },
            ],
            ports: [{ portNumber: { protocol: 'TCP', port: 5432 } }],
          },
          {
            name: 'to-internet-smtp',
            action: 'Deny',
            to: [{ networks: ['0.0.0.0/0'] }],
            ports: [{ portNumber: { protocol: 'TCP', port: 25 } }],
          },
        ],
      },
    });
  }
  out.push({
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'BaselineAdminNetworkPolicy',
    metadata: { name: 'default' },
    spec: {
      subject: { namespaces: { matchExpressions: [{ key: 'tenant', operator: 'Exists' }] } },
      ingress: [{ name: 'deny-other-tenants', action: 'Deny', from: [{ namespaces: {} }] }],
    },
  });
  return out;
}

/** Five CiliumNetworkPolicies of one tenant: allows, deny rules, entities, CIDR sets, L4 ports. */
function tenantCiliumPolicies(ns: string, partner: string): Obj[] {
  const cnp = (name: string, spec: Obj): Obj => ({
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name, namespace: ns },
    spec,
  });
  const ports = (port: string, protocol = 'TCP') => [{ ports: [{ port, protocol }] }];
  return [
    cnp('same-namespace', {
      endpointSelector: {},
      ingress: [{ fromEndpoints: [{}] }],
      egress: [{ toEndpoints: [{}] }],
    }),
    cnp('dns-and-apiserver', {
      endpointSelector: {},
      egress: [
        {
          toEndpoints: [
            { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s-app': 'kube-dns' } },
          ],
          toPorts: ports('53', 'ANY'),
        },
        { toEntities: ['kube-apiserver'] },
      ],
    }),
    cnp('web-from-world', {
      endpointSelector: { matchLabels: { tier: 'web' } },
      ingress: [{ fromEntities: ['world', 'cluster'], toPorts: ports('8080') }],
      ingressDeny: [{ fromCIDRSet: [{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }], toPorts: ports('9102') }],
    }),
    cnp('api-from-partner', {
      endpointSelector: { matchLabels: { tier: 'api' } },
      ingress: [
        {
          fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': partner, tier: 'web' } }],
          // An L7 rule: allowed at L4, each request judged by Cilium's proxy.
          toPorts: [
            {
              ports: [{ port: '8080', protocol: 'TCP' }],
              rules: {
                http: [
                  { method: 'GET', path: '/api/v1/.*' },
                  { method: 'POST', path: '/api/v1/orders' },
                ],
              },
            },
          ],
        },
      ],
      egress: [
        {
          toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': partner, tier: 'api' } }],
          toPorts: ports('8080'),
        },
      ],
    }),
    cnp('no-smtp-no-db-from-workers', {
      endpointSelector: { matchLabels: { tier: 'worker' } },
      egressDeny: [
        { toCIDRSet: [{ cidr: '0.0.0.0/0' }], toPorts: ports('25') },
        { toEndpoints: [{ matchLabels: { tier: 'db' } }], toPorts: ports('5432') },
      ],
      egress: [{ toEntities: ['world'], toPorts: ports('443') }],
    }),
  ];
}

/** Two CiliumClusterwideNetworkPolicies: monitoring may scrape everything, hosts may probe. */
function clusterwideCiliumPolicies(): Obj[] {
  const ccnp = (name: string, spec: Obj): Obj => ({
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumClusterwideNetworkPolicy',
    metadata: { name },
    spec,
  });
  return [
    ccnp('monitoring-scrapes', {
      endpointSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
      ingress: [
        {
          fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'monitoring' } }],
          toPorts: [{ ports: [{ port: '9102', protocol: 'TCP' }] }],
        },
      ],
    }),
    ccnp('host-probes', {
      endpointSelector: {},
      ingress: [{ fromEntities: ['host', 'remote-node'] }],
    }),
  ];
}

/** Default deny both ways, and DNS to kube-system: what every namespace starts with. */
function baselinePolicies(ns: string): Obj[] {
  return [
    policy(ns, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy(ns, 'allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    }),
  ];
}

/** The ten policies of one tenant namespace. */
function tenantPolicies(ns: string, partner: string): Obj[] {
  const tierPeer = (tier: string) => ({ podSelector: { matchLabels: { tier } } });
  return [
    ...baselinePolicies(ns),
    policy(ns, 'allow-same-namespace', {
      podSelector: {},
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }),
    policy(ns, 'allow-monitoring', {
      podSelector: {},
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { purpose: 'monitoring' } } }],
          ports: [{ port: 'metrics' }],
        },
      ],
    }),
    policy(ns, 'allow-ingress-controller', {
      podSelector: { matchLabels: { tier: 'web' } },
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { purpose: 'ingress' } },
              podSelector: { matchLabels: { app: 'ingress-nginx' } },
            },
          ],
          ports: [{ port: 'http' }],
        },
      ],
    }),
    policy(ns, 'api-from-partner', {
      podSelector: { matchLabels: { tier: 'api' } },
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { tenant: partner } },
              podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] },
            },
          ],
          ports: [{ protocol: 'TCP', port: 8080 }],
        },
      ],
    }),
    policy(ns, 'egress-to-partner-api', {
      podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { tenant: partner } }, ...tierPeer('api') }],
          ports: [{ protocol: 'TCP', port: 8080 }],
        },
      ],
    }),
    policy(ns, 'egress-internet', {
      podSelector: { matchLabels: { tier: 'worker' } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }],
          ports: [{ protocol: 'TCP', port: 443 }],
        },
      ],
    }),
    policy(ns, 'callbacks-range', {
      podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db', 'cache'] }] },
      ingress: [
        {
          from: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] } }],
          ports: [{ protocol: 'TCP', port: 30000, endPort: 30100 }],
        },
      ],
    }),
    policy(ns, 'legacy-unused', {
      podSelector: { matchLabels: { app: 'retired' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { name: ns } } }] }],
    }),
  ];
}

function namespace(name: string, labels: Record<string, string>): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

function containerPorts(ports: readonly Obj[]): Obj[] {
  return ports.map((p) => ({ protocol: 'TCP', ...p }));
}

function pod(
  ns: string,
  name: string,
  labels: Record<string, string>,
  ip: string,
  ports: readonly Obj[],
): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: { containers: [{ name: 'main', image: 'registry.example/app:1', ports: containerPorts(ports) }] },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
  };
}

function workload(
  kind: string,
  ns: string,
  name: string,
  labels: Record<string, string>,
  ports: readonly Obj[],
): Obj {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: ns, labels: { app: labels.app! } },
    spec: {
      selector: { matchLabels: { app: labels.app! } },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: 'main', image: 'registry.example/app:1', ports: containerPorts(ports) }],
        },
      },
    },
  };
}

function service(
  ns: string,
  name: string,
  selector: Record<string, string>,
  port: number,
  targetPort: string,
): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { selector, ports: [{ name: 'http', port, targetPort, protocol: 'TCP' }] },
  };
}

function policy(ns: string, name: string, spec: Obj): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: ns },
    spec,
  };
}
