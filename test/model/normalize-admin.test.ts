/**
 * Admin policies (policy.networking.k8s.io): AdminNetworkPolicy and BaselineAdminNetworkPolicy
 * v1alpha1, ClusterNetworkPolicy v1alpha2, read to one AdminPolicy shape and validated as their
 * CRDs (markers and CEL rules) validate them; and Node objects.
 */
import { describe, expect, it } from 'vitest';
import type { DiagnosticCode } from '../../src/model/diagnostics.js';
import type { Cluster } from '../../src/model/types.js';
import { load } from '../support/cluster.js';
import { dedent, indent } from '../support/scenarios.js';

type Kind = 'ANP' | 'BANP' | 'CNP';

const HEADERS: Record<Kind, string> = {
  ANP: 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy',
  BANP: 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy',
  CNP: 'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy',
};

function doc(kind: Kind, spec: string, name = kind === 'BANP' ? 'default' : 'p'): string {
  return `${HEADERS[kind]}\nmetadata:\n  name: ${name}\nspec:\n${indent(dedent(spec), 2)}\n`;
}

function codes(cluster: Cluster): DiagnosticCode[] {
  return cluster.diagnostics.map((d) => d.code);
}

const SUBJECT = 'subject: {namespaces: {}}';

describe('the three kinds, one shape', () => {
  it('an AdminNetworkPolicy: id anp/NAME, admin tier, its priority, actions Allow/Deny/Pass', () => {
    const c = load(
      doc(
        'ANP',
        `priority: 7
subject: {pods: {namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: db}}}}
ingress:
- {name: first, action: Allow, from: [{namespaces: {}}]}
- {action: Deny, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {x: z}}}}]}
- {action: Pass, from: [{namespaces: {matchLabels: {a: b}}}]}
egress:
- {action: Deny, to: [{networks: [10.0.0.0/8, "fd00::/8"]}, {nodes: {matchLabels: {role: cp}}}]}`,
      ),
    );
    expect(codes(c)).toEqual([]);
    expect(c.adminPolicies).toHaveLength(1);
    const p = c.adminPolicies[0]!;
    expect(p).toMatchObject({
      kind: 'AdminNetworkPolicy',
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      id: 'anp/p',
      name: 'p',
      tier: 'admin',
      priority: 7,
      subject: {
        type: 'pods',
        namespaceSelector: { matchLabels: { team: 'a' }, matchExpressions: [] },
        podSelector: { matchLabels: { app: 'db' }, matchExpressions: [] },
      },
    });
    expect(p.ingress.map((r) => [r.index, r.action, r.name])).toEqual([
      [0, 'allow', 'first'],
      [1, 'deny', undefined],
      [2, 'pass', undefined],
    ]);
    expect(p.ingress[0]!.ports).toBeNull();
    expect(p.ingress[1]!.peers).toEqual([
      {
        type: 'pods',
        namespaceSelector: { matchLabels: {}, matchExpressions: [] },
        podSelector: { matchLabels: { x: 'z' }, matchExpressions: [] },
        index: 0,
      },
    ]);
    expect(p.egress[0]!.peers).toEqual([
      { type: 'networks', cidrs: ['10.0.0.0/8', 'fd00::/8'], index: 0 },
      { type: 'nodes', nodeSelector: { matchLabels: { role: 'cp' }, matchExpressions: [] }, index: 1 },
    ]);
  });

  it('a BaselineAdminNetworkPolicy: id banp/default, baseline tier, priority 1001', () => {
    const c = load(doc('BANP', `${SUBJECT}\ningress: [{action: Deny, from: [{namespaces: {}}]}]`));
    expect(codes(c)).toEqual([]);
    expect(c.adminPolicies[0]).toMatchObject({ id: 'banp/default', tier: 'baseline', priority: 1001 });
    expect(c.adminPolicies[0]!.ingress[0]!.action).toBe('deny');
  });

  it.each([
    ['Admin', 'admin'],
    ['Baseline', 'baseline'],
  ])('a ClusterNetworkPolicy of tier %s: id cnp/NAME, Accept is allow', (tier, expected) => {
    const c = load(
      doc(
        'CNP',
        `tier: ${tier}\npriority: 3\n${SUBJECT}\ningress: [{action: Accept, from: [{namespaces: {}}]}, {action: Pass, from: [{namespaces: {}}]}]`,
      ),
    );
    expect(codes(c)).toEqual([]);
    expect(c.adminPolicies[0]).toMatchObject({ id: 'cnp/p', tier: expected, priority: 3 });
    expect(c.adminPolicies[0]!.ingress.map((r) => r.action)).toEqual(['allow', 'pass']);
  });

  it('cluster-scoped: no namespace, no default-namespace warning, no implicit namespace', () => {
    const c = load(doc('ANP', `priority: 1\n${SUBJECT}`));
    expect(codes(c)).toEqual([]);
    expect(c.namespaces.size).toBe(0);
    expect(c.adminPolicies[0]!.ingress).toEqual([]);
  });

  it('v1alpha2 pods without namespaceSelector select in every namespace (subject and peer)', () => {
    const c = load(
      doc(
        'CNP',
        `tier: Admin
priority: 1
subject: {pods: {podSelector: {matchLabels: {app: a}}}}
egress: [{action: Deny, to: [{pods: {podSelector: {}}}]}]`,
      ),
    );
    expect(codes(c)).toEqual([]);
    const p = c.adminPolicies[0]!;
    const all = { matchLabels: {}, matchExpressions: [] };
    expect(p.subject).toEqual({
      type: 'pods',
      namespaceSelector: all,
      podSelector: { matchLabels: { app: 'a' }, matchExpressions: [] },
    });
    expect(p.egress[0]!.peers).toEqual([
      { type: 'pods', namespaceSelector: all, podSelector: all, index: 0 },
    ]);
  });

  it('a duplicate (same kind and name) is reported and the later one used', () => {
    const c = load(doc('ANP', `priority: 1\n${SUBJECT}`), doc('ANP', `priority: 2\n${SUBJECT}`));
    expect(codes(c)).toEqual(['DUPLICATE_OBJECT']);
    expect(c.adminPolicies.map((p) => p.priority)).toEqual([2]);
  });

  it('an ANP and a CNP of the same name are two policies', () => {
    const c = load(doc('ANP', `priority: 1\n${SUBJECT}`), doc('CNP', `tier: Admin\npriority: 1\n${SUBJECT}`));
    expect(c.adminPolicies.map((p) => p.id)).toEqual(['anp/p', 'cnp/p']);
  });
});

describe('ports', () => {
  it.each([
    ['[{portNumber: {port: 80}}]', [{ protocol: 'TCP', port: 80, index: 0 }]],
    ['[{portNumber: {protocol: UDP, port: 53}}]', [{ protocol: 'UDP', port: 53, index: 0 }]],
    ['[{portRange: {start: 8080, end: 8090}}]', [{ protocol: 'TCP', port: 8080, endPort: 8090, index: 0 }]],
    [
      '[{portRange: {protocol: SCTP, start: 1, end: 65535}}]',
      [{ protocol: 'SCTP', port: 1, endPort: 65535, index: 0 }],
    ],
    ['[{namedPort: web}]', [{ protocol: null, port: 'web', index: 0 }]],
    [
      '[{portNumber: {port: 80}}, {namedPort: dns}]',
      [
        { protocol: 'TCP', port: 80, index: 0 },
        { protocol: null, port: 'dns', index: 1 },
      ],
    ],
  ])('v1alpha1 ports %s', (ports, expected) => {
    const c = load(
      doc(
        'ANP',
        `priority: 1\n${SUBJECT}\ningress: [{action: Allow, from: [{namespaces: {}}], ports: ${ports}}]`,
      ),
    );
    expect(codes(c)).toEqual([]);
    expect(c.adminPolicies[0]!.ingress[0]!.ports).toEqual(expected);
  });

  it.each([
    ['[{tcp: {destinationPort: {number: 80}}}]', [{ protocol: 'TCP', port: 80, index: 0 }]],
    ['[{udp: {destinationPort: {number: 53}}}]', [{ protocol: 'UDP', port: 53, index: 0 }]],
    [
      '[{sctp: {destinationPort: {range: {start: 9000, end: 9100}}}}]',
      [{ protocol: 'SCTP', port: 9000, endPort: 9100, index: 0 }],
    ],
    ['[{destinationNamedPort: web}]', [{ protocol: null, port: 'web', index: 0 }]],
  ])('v1alpha2 protocols %s', (protocols, expected) => {
    const c = load(
      doc(
        'CNP',
        `tier: Admin\npriority: 1\n${SUBJECT}\ningress: [{action: Accept, from: [{namespaces: {}}], protocols: ${protocols}}]`,
      ),
    );
    expect(codes(c)).toEqual([]);
    expect(c.adminPolicies[0]!.ingress[0]!.ports).toEqual(expected);
  });
});

describe('peers kubereach does not know fail closed', () => {
  it('a peer with an unknown field becomes an unknown peer, with a warning', () => {
    const c = load(
      doc(
        'CNP',
        `tier: Admin\npriority: 1\n${SUBJECT}\negress: [{action: Deny, to: [{services: {name: x}}, {namespaces: {}}]}]`,
      ),
    );
    expect(codes(c)).toEqual(['UNKNOWN_PEER']);
    expect(c.diagnostics[0]).toMatchObject({ severity: 'warning', path: 'spec.egress[0].to[0].services' });
    expect(c.adminPolicies[0]!.egress[0]!.peers[0]).toEqual({
      type: 'unknown',
      fields: ['services'],
      index: 0,
    });
  });

  it('domainNames are kept (the engine marks them undecidable)', () => {
    const c = load(
      doc(
        'CNP',
        `tier: Admin\npriority: 1\n${SUBJECT}\negress: [{action: Accept, to: [{domainNames: ["*.example.com", kubernetes.io]}]}]`,
      ),
    );
    expect(codes(c)).toEqual([]);
    expect(c.adminPolicies[0]!.egress[0]!.peers[0]).toEqual({
      type: 'domainNames',
      domainNames: ['*.example.com', 'kubernetes.io'],
      index: 0,
    });
  });

  it('domainNames in a Deny rule: accepted by the API server, with a warning', () => {
    const c = load(
      doc('ANP', `priority: 1\n${SUBJECT}\negress: [{action: Deny, to: [{domainNames: [example.com]}]}]`),
    );
    expect(codes(c)).toEqual(['DOMAIN_NAMES_OUTSIDE_ALLOW']);
    expect(c.adminPolicies).toHaveLength(1);
  });

  it('a host-bits CIDR is accepted with a warning and read canonical', () => {
    const c = load(
      doc('ANP', `priority: 1\n${SUBJECT}\negress: [{action: Deny, to: [{networks: [10.1.2.3/8]}]}]`),
    );
    expect(codes(c)).toEqual(['NON_CANONICAL_CIDR']);
    expect(c.adminPolicies[0]!.egress[0]!.peers[0]).toMatchObject({ cidrs: ['10.0.0.0/8'] });
  });
});

const many = (n: number, item: string) => `[${Array.from({ length: n }, () => item).join(', ')}]`;
const manyNets = (n: number) => `[${Array.from({ length: n }, (_, i) => `10.${i}.0.0/16`).join(', ')}]`;

describe('rejected as the CRDs reject, and left out whole', () => {
  const rule = (r: string) => `ingress: [${r}]`;
  it.each<{ name: string; kind: Kind; spec: string; code: DiagnosticCode; path?: string }>([
    { name: 'priority missing', kind: 'ANP', spec: SUBJECT, code: 'INVALID_PRIORITY', path: 'spec.priority' },
    {
      name: 'priority above 1000',
      kind: 'ANP',
      spec: `priority: 1001\n${SUBJECT}`,
      code: 'INVALID_PRIORITY',
    },
    {
      name: 'negative priority',
      kind: 'CNP',
      spec: `tier: Admin\npriority: -1\n${SUBJECT}`,
      code: 'INVALID_PRIORITY',
    },
    {
      name: 'priority as a string',
      kind: 'ANP',
      spec: `priority: "5"\n${SUBJECT}`,
      code: 'INVALID_PRIORITY',
    },
    { name: 'priority on a BANP', kind: 'BANP', spec: `priority: 5\n${SUBJECT}`, code: 'UNKNOWN_FIELD' },
    {
      name: 'CNP without tier',
      kind: 'CNP',
      spec: `priority: 1\n${SUBJECT}`,
      code: 'INVALID_TIER',
      path: 'spec.tier',
    },
    {
      name: 'CNP tier admin (case)',
      kind: 'CNP',
      spec: `tier: admin\npriority: 1\n${SUBJECT}`,
      code: 'INVALID_TIER',
    },
    {
      name: 'subject missing',
      kind: 'ANP',
      spec: 'priority: 1',
      code: 'INVALID_SUBJECT',
      path: 'spec.subject',
    },
    { name: 'subject empty', kind: 'ANP', spec: 'priority: 1\nsubject: {}', code: 'INVALID_SUBJECT' },
    {
      name: 'subject with both fields',
      kind: 'ANP',
      spec: 'priority: 1\nsubject: {namespaces: {}, pods: {namespaceSelector: {}, podSelector: {}}}',
      code: 'INVALID_SUBJECT',
    },
    {
      name: 'v1alpha1 pods without namespaceSelector',
      kind: 'ANP',
      spec: 'priority: 1\nsubject: {pods: {podSelector: {}}}',
      code: 'INVALID_SELECTOR',
      path: 'spec.subject.pods.namespaceSelector',
    },
    {
      name: 'pods without podSelector',
      kind: 'CNP',
      spec: 'tier: Admin\npriority: 1\nsubject: {pods: {namespaceSelector: {}}}',
      code: 'INVALID_SELECTOR',
    },
    {
      name: 'action missing',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\n${rule('{from: [{namespaces: {}}]}')}`,
      code: 'INVALID_ACTION',
      path: 'spec.ingress[0].action',
    },
    {
      name: 'Pass in a BANP',
      kind: 'BANP',
      spec: `${SUBJECT}\n${rule('{action: Pass, from: [{namespaces: {}}]}')}`,
      code: 'INVALID_ACTION',
    },
    {
      name: 'Accept in v1alpha1',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\n${rule('{action: Accept, from: [{namespaces: {}}]}')}`,
      code: 'INVALID_ACTION',
    },
    {
      name: 'Allow in v1alpha2',
      kind: 'CNP',
      spec: `tier: Baseline\npriority: 1\n${SUBJECT}\n${rule('{action: Allow, from: [{namespaces: {}}]}')}`,
      code: 'INVALID_ACTION',
    },
    {
      name: 'lower-case action',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\n${rule('{action: deny, from: [{namespaces: {}}]}')}`,
      code: 'INVALID_ACTION',
    },
    {
      name: 'no peers',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\n${rule('{action: Deny}')}`,
      code: 'INVALID_PEER',
      path: 'spec.ingress[0].from',
    },
    {
      name: 'empty peer list',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\n${rule('{action: Deny, from: []}')}`,
      code: 'INVALID_PEER',
    },
    {
      name: 'empty peer',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\n${rule('{action: Deny, from: [{}]}')}`,
      code: 'INVALID_PEER',
      path: 'spec.ingress[0].from[0]',
    },
    {
      name: 'peer with two fields',
      kind: 'CNP',
      spec: `tier: Admin\npriority: 1\n${SUBJECT}\n${rule('{action: Deny, from: [{namespaces: {}, pods: {podSelector: {}}}]}')}`,
      code: 'INVALID_PEER',
    },
    {
      name: 'networks in ingress',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\n${rule('{action: Deny, from: [{networks: [10.0.0.0/8]}]}')}`,
      code: 'INVALID_PEER',
    },
    {
      name: 'domainNames in a BANP',
      kind: 'BANP',
      spec: `${SUBJECT}\negress: [{action: Allow, to: [{domainNames: [example.com]}]}]`,
      code: 'INVALID_PEER',
    },
    {
      name: 'invalid CIDR',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\negress: [{action: Deny, to: [{networks: [10.0.0.0/33]}]}]`,
      code: 'INVALID_CIDR',
      path: 'spec.egress[0].to[0].networks[0]',
    },
    {
      name: 'address without prefix',
      kind: 'CNP',
      spec: `tier: Admin\npriority: 1\n${SUBJECT}\negress: [{action: Deny, to: [{networks: [10.0.0.1]}]}]`,
      code: 'INVALID_CIDR',
    },
    {
      name: 'empty networks',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\negress: [{action: Deny, to: [{networks: []}]}]`,
      code: 'INVALID_CIDR',
    },
    {
      name: 'repeated network',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\negress: [{action: Deny, to: [{networks: [10.0.0.0/8, 10.0.0.0/8]}]}]`,
      code: 'DUPLICATE_ITEM',
    },
    {
      name: '26 networks',
      kind: 'CNP',
      spec: `tier: Admin\npriority: 1\n${SUBJECT}\negress: [{action: Deny, to: [{networks: ${manyNets(26)}}]}]`,
      code: 'TOO_MANY_ITEMS',
    },
    {
      name: 'bad domain name',
      kind: 'CNP',
      spec: `tier: Admin\npriority: 1\n${SUBJECT}\negress: [{action: Accept, to: [{domainNames: [localhost]}]}]`,
      code: 'INVALID_DOMAIN_NAME',
    },
    {
      name: 'two wildcards',
      kind: 'CNP',
      spec: `tier: Admin\npriority: 1\n${SUBJECT}\negress: [{action: Accept, to: [{domainNames: ["*.*.example.com"]}]}]`,
      code: 'INVALID_DOMAIN_NAME',
    },
    {
      name: 'named port with networks (CEL)',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\negress: [{action: Allow, to: [{namespaces: {}}, {networks: [10.0.0.0/8]}], ports: [{namedPort: web}]}]`,
      code: 'NAMED_PORT_WITHOUT_PODS',
      path: 'spec.egress[0].ports',
    },
    {
      name: 'named port with nodes (CEL, BANP)',
      kind: 'BANP',
      spec: `${SUBJECT}\negress: [{action: Allow, to: [{nodes: {}}], ports: [{namedPort: web}]}]`,
      code: 'NAMED_PORT_WITHOUT_PODS',
    },
    {
      name: 'destinationNamedPort with domainNames (CEL)',
      kind: 'CNP',
      spec: `tier: Admin\npriority: 1\n${SUBJECT}\negress: [{action: Accept, to: [{domainNames: [example.com]}], protocols: [{destinationNamedPort: web}]}]`,
      code: 'NAMED_PORT_WITHOUT_PODS',
    },
    {
      name: 'empty ports',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\n${rule('{action: Deny, from: [{namespaces: {}}], ports: []}')}`,
      code: 'INVALID_PORT',
    },
    {
      name: 'port with two fields',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\n${rule('{action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {port: 80}, namedPort: web}]}')}`,
      code: 'INVALID_PORT',
    },
    {
      name: 'port 0',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\n${rule('{action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {port: 0}}]}')}`,
      code: 'INVALID_PORT',
    },
    {
      name: 'port 65536',
      kind: 'CNP',
      spec: `tier: Admin\npriority: 1\n${SUBJECT}\n${rule('{action: Deny, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {number: 65536}}}]}')}`,
      code: 'INVALID_PORT',
    },
    {
      name: 'range start = end (v1alpha1)',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\n${rule('{action: Deny, from: [{namespaces: {}}], ports: [{portRange: {start: 80, end: 80}}]}')}`,
      code: 'INVALID_END_PORT',
    },
    {
      name: 'range start > end (v1alpha2 CEL)',
      kind: 'CNP',
      spec: `tier: Admin\npriority: 1\n${SUBJECT}\n${rule('{action: Deny, from: [{namespaces: {}}], protocols: [{udp: {destinationPort: {range: {start: 90, end: 80}}}}]}')}`,
      code: 'INVALID_END_PORT',
    },
    {
      name: 'lower-case protocol',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\n${rule('{action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {protocol: tcp, port: 80}}]}')}`,
      code: 'INVALID_PROTOCOL',
    },
    {
      name: 'tcp without destinationPort',
      kind: 'CNP',
      spec: `tier: Admin\npriority: 1\n${SUBJECT}\n${rule('{action: Deny, from: [{namespaces: {}}], protocols: [{tcp: {}}]}')}`,
      code: 'INVALID_PORT',
    },
    {
      name: 'two protocols in one item',
      kind: 'CNP',
      spec: `tier: Admin\npriority: 1\n${SUBJECT}\n${rule('{action: Deny, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {number: 1}}, udp: {destinationPort: {number: 1}}}]}')}`,
      code: 'INVALID_PORT',
    },
    {
      name: 'v1alpha1 ports in v1alpha2',
      kind: 'CNP',
      spec: `tier: Admin\npriority: 1\n${SUBJECT}\n${rule('{action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {port: 80}}]}')}`,
      code: 'UNKNOWN_FIELD',
    },
    {
      name: 'rule name over 100 characters',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\n${rule(`{name: ${'r'.repeat(101)}, action: Deny, from: [{namespaces: {}}]}`)}`,
      code: 'INVALID_RULE_NAME',
    },
    {
      name: '26 rules in v1alpha2',
      kind: 'CNP',
      spec: `tier: Admin\npriority: 1\n${SUBJECT}\ningress: ${many(26, '{action: Deny, from: [{namespaces: {}}]}')}`,
      code: 'TOO_MANY_ITEMS',
      path: 'spec.ingress',
    },
    {
      name: '101 rules in v1alpha1',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\negress: ${many(101, '{action: Deny, to: [{namespaces: {}}]}')}`,
      code: 'TOO_MANY_ITEMS',
    },
    {
      name: '26 peers in v1alpha2',
      kind: 'CNP',
      spec: `tier: Admin\npriority: 1\n${SUBJECT}\n${rule(`{action: Deny, from: ${many(26, '{namespaces: {}}')}}`)}`,
      code: 'TOO_MANY_ITEMS',
    },
    {
      name: '26 protocols in v1alpha2',
      kind: 'CNP',
      spec: `tier: Admin\npriority: 1\n${SUBJECT}\n${rule(`{action: Deny, from: [{namespaces: {}}], protocols: ${many(26, '{destinationNamedPort: web}')}}`)}`,
      code: 'TOO_MANY_ITEMS',
    },
    {
      name: 'unknown spec field',
      kind: 'ANP',
      spec: `priority: 1\n${SUBJECT}\npolicyTypes: [Ingress]`,
      code: 'UNKNOWN_FIELD',
    },
  ])('$name → $code', ({ kind, spec, code, path }) => {
    const c = load(doc(kind, spec));
    expect(c.adminPolicies).toEqual([]);
    const errors = c.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toContain(code);
    expect(errors.at(-1)).toMatchObject({
      code: 'POLICY_REJECTED',
      object: { kind: HEADERS[kind].split('kind: ')[1], name: kind === 'BANP' ? 'default' : 'p' },
    });
    const first = errors.find((d) => d.code === code)!;
    if (path !== undefined) expect(first.path).toBe(path);
    expect(first.object).not.toHaveProperty('namespace');
  });

  it('100 rules, 100 peers and 100 ports are fine in v1alpha1; 25 in v1alpha2', () => {
    const a = load(
      doc(
        'ANP',
        `priority: 1\n${SUBJECT}\ningress: ${many(100, `{action: Deny, from: ${many(100, '{namespaces: {}}')}, ports: ${many(100, '{namedPort: web}')}}`)}`,
      ),
    );
    expect(codes(a)).toEqual([]);
    const b = load(
      doc(
        'CNP',
        `tier: Admin\npriority: 1\n${SUBJECT}\ningress: ${many(25, `{action: Deny, from: ${many(25, '{namespaces: {}}')}, protocols: ${many(25, '{destinationNamedPort: web}')}}`)}`,
      ),
    );
    expect(codes(b)).toEqual([]);
  });

  it('a BANP not named default is rejected (CEL rule on the object)', () => {
    const c = load(doc('BANP', SUBJECT, 'baseline'));
    expect(c.adminPolicies).toEqual([]);
    expect(codes(c)).toEqual(['INVALID_NAME', 'POLICY_REJECTED']);
    expect(c.diagnostics[0]!.path).toBe('metadata.name');
  });

  it('the wrong apiVersion is another API (ClusterNetworkPolicy is v1alpha2 only)', () => {
    const c = load(doc('CNP', `tier: Admin\npriority: 1\n${SUBJECT}`).replace('v1alpha2', 'v1alpha1'));
    expect(c.adminPolicies).toEqual([]);
    expect(c.diagnostics).toHaveLength(1);
    expect(c.diagnostics[0]).toMatchObject({ object: { kind: 'ClusterNetworkPolicy', name: 'p' } });
    expect(c.diagnostics[0]!.severity).not.toBe('error');
  });

  it('a namedPort with pod peers only is fine (the CEL rule is about networks, nodes, domainNames)', () => {
    const c = load(
      doc(
        'ANP',
        `priority: 1\n${SUBJECT}\negress: [{action: Allow, to: [{pods: {namespaceSelector: {}, podSelector: {}}}], ports: [{namedPort: web}]}]`,
      ),
    );
    expect(codes(c)).toEqual([]);
  });
});

describe('Node', () => {
  it('reads labels and InternalIP/ExternalIP addresses; other address types are names', () => {
    const c = load(`apiVersion: v1
kind: Node
metadata: {name: n1, labels: {role: worker}}
status:
  addresses:
  - {type: InternalIP, address: 172.18.0.2}
  - {type: ExternalIP, address: "fc00::2"}
  - {type: Hostname, address: n1}
  - {type: InternalIP, address: not-an-ip}
`);
    expect(codes(c)).toEqual(['INVALID_IP']);
    expect(c.diagnostics[0]).toMatchObject({ severity: 'warning', path: 'status.addresses[3].address' });
    expect(c.nodes).toEqual([
      {
        kind: 'Node',
        name: 'n1',
        labels: { role: 'worker' },
        addresses: ['172.18.0.2', 'fc00::2'],
        source: expect.anything(),
      },
    ]);
    expect(c.namespaces.size).toBe(0);
  });

  it('a node without status has no addresses', () => {
    const c = load('apiVersion: v1\nkind: Node\nmetadata: {name: n2}\n');
    expect(codes(c)).toEqual([]);
    expect(c.nodes[0]!.addresses).toEqual([]);
  });
});
