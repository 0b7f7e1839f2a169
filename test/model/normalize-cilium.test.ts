/**
 * Reading cilium.io/v2 policies as Cilium does: the CRD schema (spec or specs, one of
 * endpointSelector and nodeSelector, at least one section), CiliumNetworkPolicy.Validate and
 * Rule.Sanitize (pkg/policy/api/rule_validation.go), and the default/kubernetes endpoints.
 */
import { describe, expect, it } from 'vitest';
import type { DiagnosticCode } from '../../src/model/diagnostics.js';
import type { CiliumRuleItem, Cluster } from '../../src/model/types.js';
import { load } from '../support/cluster.js';
import { dedent, indent } from '../support/scenarios.js';

function cnp(spec: string, kind = 'CiliumNetworkPolicy', meta = 'name: p\n  namespace: x'): string {
  return `apiVersion: cilium.io/v2
kind: ${kind}
metadata:
  ${meta}
${indent(dedent(spec), 0)}
`;
}

const errorCodes = (c: Cluster): DiagnosticCode[] =>
  c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

function item(
  c: Cluster,
  section: 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny' = 'ingress',
): CiliumRuleItem {
  expect(errorCodes(c)).toEqual([]);
  return c.ciliumPolicies[0]!.specs[0]![section][0]!;
}

describe('CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy objects', () => {
  it('a CNP is namespaced (id cnp/NS/NAME); a CCNP is cluster-wide (id ccnp/NAME)', () => {
    const c = load(
      cnp('spec:\n  endpointSelector: {}\n  ingress: [{}]'),
      cnp('spec:\n  endpointSelector: {}\n  egress: [{}]', 'CiliumClusterwideNetworkPolicy', 'name: q'),
    );
    expect(errorCodes(c)).toEqual([]);
    expect(c.ciliumPolicies.map((p) => [p.kind, p.id, p.namespace])).toEqual([
      ['CiliumNetworkPolicy', 'cnp/x/p', 'x'],
      ['CiliumClusterwideNetworkPolicy', 'ccnp/q', null],
    ]);
    // the CNP's namespace exists implicitly; the CCNP creates none
    expect([...c.namespaces.keys()]).toEqual(['x']);
  });

  it('spec and specs are flattened, each rule keeping its path', () => {
    const c = load(
      cnp(`
spec:
  endpointSelector: {}
  ingress: [{}]
specs:
  - endpointSelector: {matchLabels: {app: a}}
    egress: [{}]
  - endpointSelector: {matchLabels: {app: b}}
    ingressDeny: [{fromEntities: [world]}]`),
    );
    expect(errorCodes(c)).toEqual([]);
    expect(c.ciliumPolicies[0]!.specs.map((s) => s.path)).toEqual([['spec'], ['specs', 0], ['specs', 1]]);
  });

  it.each([
    ['neither spec nor specs', 'INVALID_CILIUM_RULE', 'description: nothing'],
    ['no section at all', 'INVALID_CILIUM_RULE', 'spec:\n  endpointSelector: {}'],
    [
      'both selectors',
      'INVALID_CILIUM_RULE',
      'spec:\n  endpointSelector: {}\n  nodeSelector: {}\n  ingress: [{}]',
    ],
    ['no selector', 'INVALID_CILIUM_RULE', 'spec:\n  ingress: [{}]'],
    [
      'a nodeSelector in a namespaced policy',
      'INVALID_CILIUM_RULE',
      'spec:\n  nodeSelector: {}\n  ingress: [{}]',
    ],
    [
      'an unknown entity',
      'INVALID_ENTITY',
      'spec:\n  endpointSelector: {}\n  ingress: [{fromEntities: [World]}]',
    ],
    [
      'two kinds of peer in one item',
      'INVALID_CILIUM_RULE',
      'spec:\n  endpointSelector: {}\n  ingress: [{fromEndpoints: [{}], fromCIDR: [10.0.0.0/8]}]',
    ],
    [
      'an except outside its CIDR',
      'EXCEPT_OUTSIDE_CIDR',
      'spec:\n  endpointSelector: {}\n  egress: [{toCIDRSet: [{cidr: 10.0.0.0/8, except: [11.0.0.0/8]}]}]',
    ],
    [
      'HTTP rules on a port of any protocol',
      'INVALID_CILIUM_RULE',
      'spec:\n  endpointSelector: {}\n  ingress: [{toPorts: [{ports: [{port: "80"}], rules: {http: [{method: GET}]}}]}]',
    ],
    [
      'DNS rules on ingress',
      'INVALID_CILIUM_RULE',
      'spec:\n  endpointSelector: {}\n  ingress: [{toPorts: [{ports: [{port: "53", protocol: UDP}], rules: {dns: [{matchPattern: "*"}]}}]}]',
    ],
    [
      'DNS rules without a port',
      'INVALID_CILIUM_RULE',
      'spec:\n  endpointSelector: {}\n  egress: [{toPorts: [{rules: {dns: [{matchPattern: "*"}]}}]}]',
    ],
    [
      'a lower-case protocol',
      'INVALID_PROTOCOL',
      'spec:\n  endpointSelector: {}\n  egress: [{toPorts: [{ports: [{port: "53", protocol: udp}]}]}]',
    ],
    [
      'toServices with toPorts',
      'INVALID_CILIUM_RULE',
      'spec:\n  endpointSelector: {}\n  egress: [{toServices: [{k8sService: {serviceName: a}}], toPorts: [{ports: [{port: "80"}]}]}]',
    ],
    ['an unknown field', 'UNKNOWN_FIELD', 'spec:\n  endpointSelector: {}\n  ingress: [{fromEndpoint: [{}]}]'],
  ])('%s: %s, rejected and left out whole', (_name, code, spec) => {
    const c = load(cnp(spec));
    expect(c.ciliumPolicies).toEqual([]);
    expect(new Set(errorCodes(c))).toEqual(new Set([code, 'POLICY_REJECTED']));
  });

  it('a host policy (nodeSelector) is a clusterwide rule', () => {
    const c = load(
      cnp(
        'spec:\n  nodeSelector: {}\n  ingress: [{fromEntities: [cluster]}]',
        'CiliumClusterwideNetworkPolicy',
        'name: h',
      ),
    );
    expect(errorCodes(c)).toEqual([]);
    expect(
      c.diagnostics.filter((d) => d.code === 'NOT_MODELLED' && d.severity === 'warning').map((d) => d.path),
    ).toEqual(['spec.nodeSelector']);
    expect(c.ciliumPolicies[0]!.specs[0]!.nodeSelector).toEqual({ matchLabels: {}, matchExpressions: [] });
    expect(c.ciliumPolicies[0]!.specs[0]!.endpointSelector).toBeNull();
  });
});

describe('sections and enableDefaultDeny (Rule.Sanitize)', () => {
  it.each([
    ['ingress: [{}]', { ingress: true, egress: false }],
    ['ingress: []', { ingress: false, egress: false }],
    ['ingressDeny: [{fromEntities: [world]}]', { ingress: true, egress: false }],
    ['egressDeny: [{toEntities: [world]}]', { ingress: false, egress: true }],
    ['egress: [{}]\nenableDefaultDeny: {egress: false}', { ingress: false, egress: false }],
    ['ingress: []\nenableDefaultDeny: {ingress: true}', { ingress: true, egress: false }],
  ])('%s → default deny %o', (body, expected) => {
    const c = load(cnp(`spec:\n  endpointSelector: {}\n${indent(body, 2)}`));
    expect(errorCodes(c)).toEqual([]);
    expect(c.ciliumPolicies[0]!.specs[0]!.defaultDeny).toEqual(expected);
  });

  it('`- {}` is an empty item (it allows nothing); `toPorts` alone applies to every peer', () => {
    const c = load(
      cnp(
        'spec:\n  endpointSelector: {}\n  ingress:\n    - {}\n    - toPorts: [{ports: [{port: "80", protocol: TCP}]}]',
      ),
    );
    const [empty, portsOnly] = c.ciliumPolicies[0]!.specs[0]!.ingress;
    expect(empty).toMatchObject({ empty: true, peers: null, toPorts: null });
    expect(portsOnly).toMatchObject({ empty: false, peers: null });
  });

  it('an explicitly empty peer list is kept as [] (it selects nothing)', () => {
    const it0 = item(
      load(
        cnp(
          'spec:\n  endpointSelector: {}\n  ingress: [{fromEndpoints: [], toPorts: [{ports: [{port: "80"}]}]}]',
        ),
      ),
    );
    expect(it0.peers).toEqual([]);
    expect(it0.empty).toBe(false);
  });
});

describe('peers', () => {
  it('endpoint selectors keep their source prefixes', () => {
    const it0 = item(
      load(
        cnp(
          'spec:\n  endpointSelector: {}\n  ingress:\n    - fromEndpoints:\n        - matchLabels: {"k8s:io.kubernetes.pod.namespace": dev1, "any:app": web}\n          matchExpressions: [{key: "io.cilium.k8s.namespace.labels.team", operator: In, values: [a]}]',
        ),
      ),
    );
    expect(it0.peers).toEqual([
      {
        type: 'endpoints',
        field: 'fromEndpoints',
        index: 0,
        selector: {
          matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'dev1', 'any:app': 'web' },
          matchExpressions: [{ key: 'io.cilium.k8s.namespace.labels.team', operator: 'In', values: ['a'] }],
        },
      },
    ]);
  });

  it('entities, CIDRs (a bare address is a host prefix) and CIDR sets with except', () => {
    const c = load(
      cnp(`
spec:
  endpointSelector: {}
  egress:
    - toEntities: [world, kube-apiserver]
    - toCIDR: [203.0.113.5, 10.0.0.0/8]
    - toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}]
    - toFQDNs: [{matchName: api.example.com}]`),
    );
    expect(errorCodes(c)).toEqual([]);
    const [ents, cidrs, sets, fqdns] = c.ciliumPolicies[0]!.specs[0]!.egress;
    expect(ents!.peers!.map((p) => (p.type === 'entity' ? p.entity : p.type))).toEqual([
      'world',
      'kube-apiserver',
    ]);
    expect(cidrs!.peers!.map((p) => (p.type === 'cidr' ? p.cidr : p.type))).toEqual([
      '203.0.113.5/32',
      '10.0.0.0/8',
    ]);
    expect(sets!.peers).toEqual([
      { type: 'cidr', cidr: '0.0.0.0/0', except: ['10.0.0.0/8'], field: 'toCIDRSet', index: 0 },
    ]);
    expect(fqdns!.peers).toEqual([
      { type: 'fqdn', matchName: 'api.example.com', field: 'toFQDNs', index: 0 },
    ]);
  });

  it('fields kubereach reads but does not evaluate are recorded', () => {
    const c = load(
      cnp(`
spec:
  endpointSelector: {}
  ingress:
    - fromEndpoints: [{}]
      fromRequires: [{matchLabels: {env: prod}}]
    - icmps: [{fields: [{type: 8}]}]
  egress:
    - toServices: [{k8sService: {serviceName: db, namespace: x}}]`),
    );
    expect(errorCodes(c)).toEqual([]);
    const spec = c.ciliumPolicies[0]!.specs[0]!;
    expect(spec.ingress[0]!.unmodelled).toEqual(['fromRequires']);
    // an ICMP-only item opens no TCP, UDP or SCTP port
    expect(spec.ingress[1]).toMatchObject({ unmodelled: ['icmps'], toPorts: [], peers: null, empty: false });
    // toServices selects peers kubereach cannot see: the item matches nothing modelled
    expect(spec.egress[0]).toMatchObject({ unmodelled: ['toServices'], peers: [] });
    // each is reported where it is written: warnings where verdicts may change
    expect(
      c.diagnostics
        .filter((d) => d.code === 'NOT_MODELLED' && d.path !== undefined)
        .map((d) => [d.severity, d.path]),
    ).toEqual([
      ['warning', 'spec.ingress[0].fromRequires'],
      ['info', 'spec.ingress[1].toPorts'],
      ['warning', 'spec.egress[0].toServices'],
    ]);
  });
});

describe('toPorts', () => {
  const ports = (p: string) =>
    item(load(cnp(`spec:\n  endpointSelector: {}\n  ingress: [{toPorts: [{ports: [${p}]}]}]`))).toPorts![0]!
      .ports;

  it.each([
    ['{port: "80"}', [{ protocols: ['TCP', 'UDP', 'SCTP'], port: 80, index: 0 }]],
    ['{port: "80", protocol: ANY}', [{ protocols: ['TCP', 'UDP', 'SCTP'], port: 80, index: 0 }]],
    ['{port: "53", protocol: UDP}', [{ protocols: ['UDP'], port: 53, index: 0 }]],
    ['{port: "0", protocol: TCP}', [{ protocols: ['TCP'], port: null, index: 0 }]],
    [
      '{port: "8000", endPort: 8080, protocol: TCP}',
      [{ protocols: ['TCP'], port: 8000, endPort: 8080, index: 0 }],
    ],
    ['{port: HTTP, protocol: TCP}', [{ protocols: ['TCP'], port: 'http', index: 0 }]],
    ['{port: 443, protocol: TCP}', [{ protocols: ['TCP'], port: 443, index: 0 }]],
    ['{port: "1", protocol: ICMP}', [{ protocols: [], port: 1, index: 0 }]],
  ])('%s', (p, expected) => {
    expect(ports(p)).toEqual(expected);
  });

  it('L7 rules are kept as markers with what decides at run time', () => {
    const it0 = item(
      load(
        cnp(
          'spec:\n  endpointSelector: {}\n  ingress: [{toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET, path: /public}]}}]}]',
        ),
      ),
    );
    expect(it0.toPorts![0]!.l7).toEqual({ type: 'http', matches: ['GET /public'] });
  });

  it('a port rule without ports covers every port', () => {
    const it0 = item(load(cnp('spec:\n  endpointSelector: {}\n  ingress: [{toPorts: [{}]}]')));
    expect(it0.toPorts).toEqual([{ index: 0, ports: null, l7: null }]);
  });
});

describe('kube-apiserver addresses', () => {
  it('come from the Endpoints and EndpointSlice of default/kubernetes, and nothing else', () => {
    const c = load(`
apiVersion: v1
kind: Endpoints
metadata: {name: kubernetes, namespace: default}
subsets: [{addresses: [{ip: 172.18.0.2}], ports: [{port: 6443}]}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: kubernetes, namespace: default, labels: {kubernetes.io/service-name: kubernetes}}
addressType: IPv4
endpoints: [{addresses: [172.18.0.2, 172.18.0.3]}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: web, namespace: default}
subsets: [{addresses: [{ip: 10.0.0.9}]}]
`);
    expect(errorCodes(c)).toEqual([]);
    expect(c.apiServerAddresses).toEqual(['172.18.0.2', '172.18.0.3']);
  });
});
