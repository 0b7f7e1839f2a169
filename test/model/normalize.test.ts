/**
 * The model layer: API defaults (SetDefaults_NetworkPolicySpec, namespace defaulting, the
 * kubernetes.io/metadata.name label), validation that rejects what the API server rejects, and
 * grouping pods under their workloads.
 */
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/load.js';
import type { DiagnosticCode } from '../../src/model/diagnostics.js';
import type { Cluster } from '../../src/model/types.js';
import { load } from '../support/cluster.js';
import { dedent, indent } from '../support/scenarios.js';

function policyDoc(spec: string, meta = 'name: p\n  namespace: x'): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  ${meta}
spec:
${indent(dedent(spec), 2)}
`;
}

function codes(cluster: Cluster): DiagnosticCode[] {
  return cluster.diagnostics.map((d) => d.code);
}

describe('policyTypes defaulting (SetDefaults_NetworkPolicySpec)', () => {
  it.each([
    { spec: 'podSelector: {}', types: ['Ingress'], explicit: false },
    { spec: 'podSelector: {}\npolicyTypes: []', types: ['Ingress'], explicit: false },
    { spec: 'podSelector: {}\ningress: []', types: ['Ingress'], explicit: false },
    { spec: 'podSelector: {}\negress: []', types: ['Ingress'], explicit: false },
    { spec: 'podSelector: {}\npolicyTypes: []\negress: []', types: ['Ingress'], explicit: false },
    { spec: 'podSelector: {}\negress: [{}]', types: ['Ingress', 'Egress'], explicit: false },
    { spec: 'podSelector: {}\npolicyTypes: []\negress: [{}]', types: ['Ingress', 'Egress'], explicit: false },
    {
      spec: 'podSelector: {}\negress:\n- to: [{podSelector: {}}]',
      types: ['Ingress', 'Egress'],
      explicit: false,
    },
    { spec: 'podSelector: {}\npolicyTypes: [Egress]', types: ['Egress'], explicit: true },
    {
      spec: 'podSelector: {}\npolicyTypes: [Egress]\ningress: [{}]',
      types: ['Egress'],
      explicit: true,
    },
    { spec: 'podSelector: {}\npolicyTypes: [Ingress]\negress: [{}]', types: ['Ingress'], explicit: true },
    { spec: 'podSelector: {}\npolicyTypes: [Egress, Ingress]', types: ['Ingress', 'Egress'], explicit: true },
  ])('$spec → $types', ({ spec, types, explicit }) => {
    const cluster = load(policyDoc(spec));
    expect(cluster.policies).toHaveLength(1);
    expect(cluster.policies[0]!.policyTypes).toEqual(types);
    expect(cluster.policies[0]!.policyTypesExplicit).toBe(explicit);
  });

  it('a missing podSelector is the empty selector (selects every pod)', () => {
    const p = load(policyDoc('ingress: []')).policies[0]!;
    expect(p.podSelector).toEqual({ matchLabels: {}, matchExpressions: [] });
  });

  it('rules keep their index; absent or empty from/ports become null (match all)', () => {
    const p = load(
      policyDoc(`
      ingress:
      - {}
      - from: []
        ports: []
      - from: [{podSelector: {}}]
        ports: [{}]`),
    ).policies[0]!;
    expect(p.ingress.map((r) => [r.index, r.peers === null, r.ports === null])).toEqual([
      [0, true, true],
      [1, true, true],
      [2, false, false],
    ]);
    // a port without protocol defaults to TCP; without port it is every TCP port
    expect(p.ingress[2]!.ports).toEqual([{ protocol: 'TCP', port: null, index: 0 }]);
  });
});

describe('policies the API server rejects are reported and not applied', () => {
  it.each<{ spec: string; code: DiagnosticCode; path: string }>([
    { spec: 'policyTypes: [ingress]', code: 'INVALID_POLICY_TYPE', path: 'spec.policyTypes[0]' },
    {
      spec: 'policyTypes: [Ingress, Egress, Ingress]',
      code: 'INVALID_POLICY_TYPE',
      path: 'spec.policyTypes',
    },
    {
      spec: 'ingress: [{ports: [{endPort: 90}]}]',
      code: 'INVALID_END_PORT',
      path: 'spec.ingress[0].ports[0].endPort',
    },
    {
      spec: 'ingress: [{ports: [{port: http, endPort: 90}]}]',
      code: 'INVALID_END_PORT',
      path: 'spec.ingress[0].ports[0].endPort',
    },
    {
      spec: 'egress: [{ports: [{port: 8080, endPort: 80}]}]',
      code: 'INVALID_END_PORT',
      path: 'spec.egress[0].ports[0].endPort',
    },
    { spec: 'ingress: [{ports: [{port: 0}]}]', code: 'INVALID_PORT', path: 'spec.ingress[0].ports[0].port' },
    {
      spec: 'ingress: [{ports: [{port: 65536}]}]',
      code: 'INVALID_PORT',
      path: 'spec.ingress[0].ports[0].port',
    },
    {
      spec: 'ingress: [{ports: [{port: "80"}]}]',
      code: 'INVALID_PORT',
      path: 'spec.ingress[0].ports[0].port',
    },
    {
      spec: 'ingress: [{ports: [{port: 80, protocol: tcp}]}]',
      code: 'INVALID_PROTOCOL',
      path: 'spec.ingress[0].ports[0].protocol',
    },
    {
      spec: 'ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]',
      code: 'INVALID_CIDR',
      path: 'spec.ingress[0].from[0].ipBlock.cidr',
    },
    {
      spec: 'ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/24]}}]}]',
      code: 'EXCEPT_OUTSIDE_CIDR',
      path: 'spec.ingress[0].from[0].ipBlock.except[0]',
    },
    {
      spec: 'ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.0.0/16]}}]}]',
      code: 'EXCEPT_OUTSIDE_CIDR',
      path: 'spec.ingress[0].from[0].ipBlock.except[0]',
    },
    {
      spec: 'ingress: [{from: [{ipBlock: {cidr: "fd00::/64", except: [10.0.0.0/24]}}]}]',
      code: 'EXCEPT_OUTSIDE_CIDR',
      path: 'spec.ingress[0].from[0].ipBlock.except[0]',
    },
    {
      spec: 'ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]',
      code: 'INVALID_PEER',
      path: 'spec.ingress[0].from[0]',
    },
    { spec: 'ingress: [{from: [{}]}]', code: 'INVALID_PEER', path: 'spec.ingress[0].from[0]' },
    {
      spec: 'podSelector: {matchExpressions: [{key: app, operator: In}]}',
      code: 'INVALID_SELECTOR',
      path: 'spec.podSelector.matchExpressions[0].values',
    },
    {
      spec: 'podSelector: {matchExpressions: [{key: app, operator: Exists, values: [a]}]}',
      code: 'INVALID_SELECTOR',
      path: 'spec.podSelector.matchExpressions[0].values',
    },
    {
      spec: 'podSelector: {matchExpressions: [{key: app, operator: in, values: [a]}]}',
      code: 'INVALID_SELECTOR',
      path: 'spec.podSelector.matchExpressions[0].operator',
    },
    {
      spec: 'ingress: [{from: [{namespaceSelector: {matchLabels: {"bad key!": a}}}]}]',
      code: 'INVALID_LABEL',
      path: 'spec.ingress[0].from[0].namespaceSelector.matchLabels.bad key!',
    },
    { spec: 'ingres: [{}]', code: 'UNKNOWN_FIELD', path: 'spec.ingres' },
    { spec: 'ingress: {from: []}', code: 'INVALID_TYPE', path: 'spec.ingress' },
  ])('$code at $path', ({ spec, code, path }) => {
    const allow = policyDoc('podSelector: {}', 'name: fine\n  namespace: x');
    const cluster = load(`${policyDoc(spec)}---\n${allow}`);
    const field = cluster.diagnostics.find((d) => d.code === code);
    expect(field).toMatchObject({ severity: 'error', path, object: { kind: 'NetworkPolicy', name: 'p' } });
    const rejected = cluster.diagnostics.filter((d) => d.code === 'POLICY_REJECTED');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ severity: 'error', object: { namespace: 'x', name: 'p' } });
    // the other policy still loads; the rejected one is not applied, not even in part
    expect(cluster.policies.map((p) => p.id)).toEqual(['x/fine']);
  });

  it('a rejected deny-all leaves traffic as if it were absent', () => {
    const cluster = load(policyDoc('podSelector: {}\npolicyTypes: [Ingress, egress]'));
    expect(codes(cluster)).toContain('POLICY_REJECTED');
    expect(cluster.policies).toEqual([]);
  });

  it('a non-canonical CIDR is accepted with a warning and means its canonical network', () => {
    const cluster = load(
      policyDoc('ingress: [{from: [{ipBlock: {cidr: 10.0.0.1/24, except: [10.0.0.129/25]}}]}]'),
    );
    expect(cluster.diagnostics.filter((d) => d.code === 'NON_CANONICAL_CIDR').map((d) => d.severity)).toEqual(
      ['warning', 'warning'],
    );
    expect(cluster.policies[0]!.ingress[0]!.peers).toEqual([
      { type: 'ipBlock', cidr: '10.0.0.0/24', except: ['10.0.0.128/25'], index: 0 },
    ]);
  });

  it('endPort equal to port is a one-port range', () => {
    const p = load(policyDoc('ingress: [{ports: [{port: 80, endPort: 80, protocol: SCTP}]}]')).policies[0]!;
    expect(p.ingress[0]!.ports).toEqual([{ protocol: 'SCTP', port: 80, endPort: 80, index: 0 }]);
  });
});

describe('namespaces', () => {
  it('an object without metadata.namespace goes to default, with a warning', () => {
    const cluster = load(policyDoc('podSelector: {}', 'name: p'));
    expect(cluster.policies[0]!.namespace).toBe('default');
    const warning = cluster.diagnostics.find((d) => d.code === 'DEFAULT_NAMESPACE');
    expect(warning).toMatchObject({ severity: 'warning', object: { kind: 'NetworkPolicy', name: 'p' } });
  });

  it('the default namespace is an option (kubectl context namespace)', () => {
    const cluster = loadManifests([{ name: 'p.yaml', text: policyDoc('podSelector: {}', 'name: p') }], {
      defaultNamespace: 'team-a',
    });
    expect(cluster.policies[0]!.id).toBe('team-a/p');
    expect(cluster.namespaces.get('team-a')?.implicit).toBe(true);
  });

  it('a namespace YAML reads as a boolean is rejected, not moved to default (regression)', () => {
    // `namespace: y` is the boolean true in YAML 1.1; it used to fall back to `default` silently
    const cluster = load(policyDoc('podSelector: {}', 'name: p\n  namespace: y'));
    expect(cluster.policies).toEqual([]);
    const d = cluster.diagnostics.find((x) => x.code === 'INVALID_TYPE');
    expect(d).toMatchObject({ severity: 'error', path: 'metadata.namespace' });
    expect(d?.object).toEqual({ kind: 'NetworkPolicy', name: 'p' });
    expect(codes(cluster)).not.toContain('DEFAULT_NAMESPACE');
    expect(cluster.namespaces.has('default')).toBe(false);
  });

  it('every namespace carries kubernetes.io/metadata.name = its name, overriding what was written', () => {
    const cluster = load(`
apiVersion: v1
kind: Namespace
metadata:
  name: prod
  labels: {team: a, kubernetes.io/metadata.name: other}
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: dev}
`);
    expect(cluster.namespaces.get('prod')).toMatchObject({
      implicit: false,
      labels: { team: 'a', 'kubernetes.io/metadata.name': 'prod' },
    });
    expect(cluster.namespaces.get('dev')).toMatchObject({
      implicit: true,
      labels: { 'kubernetes.io/metadata.name': 'dev' },
    });
    const note = cluster.diagnostics.find((d) => d.code === 'IMPLICIT_NAMESPACE');
    expect(note).toMatchObject({ severity: 'info', object: { kind: 'Namespace', name: 'dev' } });
  });

  it('a declared namespace is not implicit, whatever order the objects come in', () => {
    const cluster = load(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: late}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: late}\n',
    );
    expect(cluster.namespaces.get('late')?.implicit).toBe(false);
    expect(codes(cluster)).not.toContain('IMPLICIT_NAMESPACE');
  });
});

const DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: c
        ports: [{containerPort: 8080, name: http}]
`;

function pod(name: string, labels: string, owner?: string): string {
  const refs =
    owner === undefined
      ? ''
      : `\n  ownerReferences: [${owner.replace(/^\{(?!apiVersion)/, '{apiVersion: v1, uid: u0, ')}]`;
  return `---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
  labels: ${labels}${refs}
spec:
  containers: [{name: c, ports: [{containerPort: 8080, name: http}]}]
status: {phase: Running, podIP: 10.1.0.${name.length}}
`;
}

describe('workloads and endpoints', () => {
  it('a workload without pods in the input stands in with its pod template', () => {
    const cluster = load(DEPLOYMENT);
    expect(cluster.endpoints).toEqual([
      expect.objectContaining({
        id: 'shop/web',
        kind: 'Deployment',
        template: true,
        labels: { app: 'web' },
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        ips: [],
        workload: 'shop/web',
      }),
    ]);
  });

  it.each([
    ['kind missing', '{apiVersion: apps/v1, name: rs, uid: u1, controller: true}', 'kind'],
    [
      'apiVersion missing',
      '{apiVersion: "", kind: ReplicaSet, name: rs, uid: u1, controller: true}',
      'apiVersion',
    ],
    ['uid missing', '{apiVersion: apps/v1, kind: ReplicaSet, name: rs, controller: true}', 'uid'],
  ])('a pod whose owner reference has its %s is rejected as the API server rejects it', (_, owner, field) => {
    const cluster = load(pod('web-1', '{app: web}', owner));
    expect(cluster.endpoints).toEqual([]);
    expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'INVALID_OWNER_REFERENCE',
        severity: 'error',
        path: `metadata.ownerReferences[0].${field}`,
      }),
    ]);
  });

  it('a pod with two controller owner references is rejected', () => {
    const ref = (name: string) =>
      `{apiVersion: apps/v1, kind: ReplicaSet, name: ${name}, uid: ${name}, controller: true}`;
    const cluster = load(pod('web-1', '{app: web}', `${ref('a')}, ${ref('b')}`));
    expect(cluster.endpoints).toEqual([]);
    expect(cluster.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.path])).toEqual([
      ['INVALID_OWNER_REFERENCE', 'metadata.ownerReferences[1].controller'],
    ]);
  });

  it('pods owned by a ReplicaSet owned by a Deployment are grouped under the Deployment', () => {
    const cluster = load(
      DEPLOYMENT,
      `
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-6f7d
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true, uid: u1}]
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}}
${pod('web-6f7d-aaaaa', '{app: web, pod-template-hash: 6f7d}', '{kind: ReplicaSet, name: web-6f7d, controller: true}')}
${pod('web-6f7d-bbbbbb', '{app: web, pod-template-hash: 6f7d}', '{kind: ReplicaSet, name: web-6f7d, controller: true}')}`,
    );
    expect(cluster.workloads.map((w) => [w.id, w.kind, w.endpoints])).toEqual([
      ['shop/web', 'Deployment', ['shop/web-6f7d-aaaaa', 'shop/web-6f7d-bbbbbb']],
    ]);
    expect(cluster.endpoints.map((e) => [e.id, e.kind, e.template, e.workload])).toEqual([
      ['shop/web-6f7d-aaaaa', 'Pod', false, 'shop/web'],
      ['shop/web-6f7d-bbbbbb', 'Pod', false, 'shop/web'],
    ]);
  });

  it('a missing ReplicaSet is inferred from pod-template-hash', () => {
    const cluster = load(
      DEPLOYMENT,
      pod(
        'web-6f7d-aaaaa',
        '{app: web, pod-template-hash: 6f7d}',
        '{kind: ReplicaSet, name: web-6f7d, controller: true}',
      ),
    );
    expect(cluster.workloads.map((w) => [w.id, w.kind, w.endpoints])).toEqual([
      ['shop/web', 'Deployment', ['shop/web-6f7d-aaaaa']],
    ]);
  });

  it('without a matching pod-template-hash the pod stays under its ReplicaSet', () => {
    const cluster = load(
      DEPLOYMENT,
      pod(
        'web-6f7d-aaaaa',
        '{app: web, pod-template-hash: zz99}',
        '{kind: ReplicaSet, name: web-6f7d, controller: true}',
      ),
    );
    expect(cluster.workloads.map((w) => [w.id, w.kind]).sort()).toEqual([
      ['shop/web', 'Deployment'],
      ['shop/web-6f7d', 'ReplicaSet'],
    ]);
  });

  it('a missing Job is inferred from the CronJob naming convention', () => {
    const cluster = load(
      `apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: shop}
spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: backup}}}}}}
${pod('backup-28000000-xyz', '{app: backup}', '{kind: Job, name: backup-28000000, controller: true}')}`,
    );
    expect(cluster.workloads.map((w) => [w.id, w.kind, w.endpoints])).toEqual([
      ['shop/backup', 'CronJob', ['shop/backup-28000000-xyz']],
    ]);
  });

  it('a bare pod is its own workload; a finished pod is left out', () => {
    const cluster = load(
      `${pod('solo', '{app: solo}')}---
apiVersion: v1
kind: Pod
metadata: {name: done, namespace: shop}
status: {phase: Succeeded}
`,
    );
    expect(cluster.workloads.map((w) => [w.id, w.kind, w.endpoints])).toEqual([
      ['shop/solo', 'Pod', ['shop/solo']],
    ]);
    expect(cluster.diagnostics.find((d) => d.code === 'POD_NOT_RUNNING')).toMatchObject({ severity: 'info' });
  });

  it('container ports default to TCP; sidecar init containers count, plain init containers do not', () => {
    const cluster = load(`
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: shop}
spec:
  initContainers:
  - {name: setup, ports: [{containerPort: 1000, name: setup}]}
  - {name: proxy, restartPolicy: Always, ports: [{containerPort: 15001, name: proxy, protocol: UDP}]}
  containers:
  - {name: c, ports: [{containerPort: 53, name: dns}]}
`);
    expect(cluster.endpoints[0]!.ports).toEqual([
      { port: 53, name: 'dns', protocol: 'TCP' },
      { port: 15001, name: 'proxy', protocol: 'UDP' },
    ]);
  });

  it('two objects with the same name get kind-qualified ids', () => {
    const cluster = load(DEPLOYMENT, pod('web', '{app: web}'));
    expect(cluster.endpoints.map((e) => e.id).sort()).toEqual(['shop/web[Deployment]', 'shop/web[Pod]']);
  });
});

describe('every workload kind contributes its pod template', () => {
  const template = `metadata: {labels: {app: w}}
    spec:
      hostNetwork: true
      containers: [{name: c, ports: [{containerPort: 9000, name: metrics, protocol: UDP}]}]`;
  it.each([
    { kind: 'Deployment', apiVersion: 'apps/v1', spec: `template:\n    ${template}` },
    { kind: 'ReplicaSet', apiVersion: 'apps/v1', spec: `template:\n    ${template}` },
    { kind: 'StatefulSet', apiVersion: 'apps/v1', spec: `template:\n    ${template}` },
    { kind: 'DaemonSet', apiVersion: 'apps/v1', spec: `template:\n    ${template}` },
    { kind: 'Job', apiVersion: 'batch/v1', spec: `template:\n    ${template}` },
    { kind: 'ReplicationController', apiVersion: 'v1', spec: `template:\n    ${template}` },
    {
      kind: 'CronJob',
      apiVersion: 'batch/v1',
      spec: `jobTemplate:\n    spec:\n      template:\n        ${template.replace(/\n {4}/g, '\n        ')}`,
    },
  ])('$kind', ({ kind, apiVersion, spec }) => {
    const cluster = load(
      `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: w, namespace: shop}\nspec:\n  ${spec}\n`,
    );
    expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(cluster.endpoints).toEqual([
      expect.objectContaining({
        id: 'shop/w',
        kind,
        template: true,
        labels: { app: 'w' },
        hostNetwork: true,
        ports: [{ port: 9000, name: 'metrics', protocol: 'UDP' }],
      }),
    ]);
    expect(cluster.workloads.map((w) => [w.id, w.kind])).toEqual([['shop/w', kind]]);
  });
});

describe('services', () => {
  it('defaults: type ClusterIP, protocol TCP, targetPort = port', () => {
    const cluster = load(`
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 10.96.0.1
  selector: {app: web}
  ports: [{port: 80, name: http}, {port: 53, protocol: UDP, targetPort: dns, name: dns}, {port: 81, targetPort: 0, name: zero}]
`);
    expect(cluster.services[0]).toMatchObject({
      id: 'shop/web',
      type: 'ClusterIP',
      clusterIPs: ['10.96.0.1'],
      selector: { app: 'web' },
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80, name: 'http' },
        { port: 53, protocol: 'UDP', targetPort: 'dns', name: 'dns' },
        // targetPort 0 (or "") means the same as port (SetDefaults_Service)
        { port: 81, protocol: 'TCP', targetPort: 81, name: 'zero' },
      ],
    });
  });

  it('an ExternalName service is noted (a DNS alias without endpoints)', () => {
    const cluster = load(`
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: shop}
spec: {type: ExternalName, externalName: db.example.com}
`);
    expect(cluster.services[0]).toMatchObject({
      type: 'ExternalName',
      externalName: 'db.example.com',
      selector: null,
    });
    expect(cluster.diagnostics.find((d) => d.code === 'EXTERNAL_NAME_SERVICE')).toMatchObject({
      severity: 'info',
      path: 'spec.type',
    });
  });

  it('a headless service has no cluster IPs', () => {
    const cluster = load(
      'apiVersion: v1\nkind: Service\nmetadata: {name: h, namespace: shop}\nspec: {clusterIP: None, selector: {a: b}}\n',
    );
    expect(cluster.services[0]).toMatchObject({ headless: true, clusterIPs: [] });
  });
});

describe('other input', () => {
  it('a kind of another API group with a known name is skipped, not misread', () => {
    const cluster = load(
      'apiVersion: cilium.io/v2\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x}\n',
    );
    expect(cluster.policies).toEqual([]);
    expect(codes(cluster)).toEqual(['UNSUPPORTED_KIND']);
  });

  it('a duplicate object: the later one wins, with a warning', () => {
    const cluster = load(
      `${policyDoc('podSelector: {}')}---\n${policyDoc('podSelector: {}\npolicyTypes: [Egress]')}`,
    );
    expect(cluster.policies.map((p) => p.policyTypes)).toEqual([['Egress']]);
    expect(codes(cluster)).toContain('DUPLICATE_OBJECT');
  });
});
