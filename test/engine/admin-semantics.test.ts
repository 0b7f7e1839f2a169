/**
 * The tier model beyond the conformance suites, in both API versions: rule order within a policy,
 * priority between policies, Pass to the NetworkPolicy tier and to the baseline, NetworkPolicy
 * isolation per direction, named ports resolved on the destination, `networks` matching pod IPs,
 * `nodes`, peers kubereach does not know (fail closed) and `domainNames` (never matched
 * statically). Each table runs through the public API and through the naive reference.
 */
import { describe, expect, it } from 'vitest';
import { checkConnection } from '../../src/engine/check.js';
import { compileCluster } from '../../src/engine/compile.js';
import { connsAllow } from '../../src/engine/port-set.js';
import { resolveTarget } from '../../src/engine/targets.js';
import { loadManifests } from '../../src/load.js';
import { HOUSES } from '../fixtures/admin/conformance.js';
import {
  type ApiVersion,
  type PolicySpec,
  type PolicyState,
  type PortSpec,
  type Probe,
  probeState,
  renderAdminPolicy,
  tcp,
} from '../support/admin-policies.js';

/** A gryffindor pod whose port named web is 8443 (the others' web is 80). */
const ODD_PORTS = `apiVersion: v1
kind: Pod
metadata: {name: neville, namespace: gryffindor, labels: {house: gryffindor}}
spec:
  containers:
    - name: server
      ports: [{name: web, containerPort: 8443, protocol: TCP}, {containerPort: 80, protocol: TCP}]
status: {phase: Running, podIPs: [{ip: 10.244.1.20}]}
`;

const BASE = [HOUSES, ODD_PORTS];
const H0 = 'gryffindor/harry-potter-0';
const D0 = 'slytherin/draco-malfoy-0';
const C0 = 'hufflepuff/cedric-diggory-0';
const L0 = 'ravenclaw/luna-lovegood-0';
const N = 'gryffindor/neville';

const admin = (name: string, priority: number, rest: Partial<PolicySpec>): PolicySpec => ({
  tier: 'admin',
  name,
  priority,
  subject: { namespaces: 'gryffindor' },
  ...rest,
});
const baseline = (rest: Partial<PolicySpec>): PolicySpec => ({
  tier: 'baseline',
  name: 'default',
  priority: 50,
  subject: { namespaces: 'gryffindor' },
  ...rest,
});
const from = (house: string, action: 'allow' | 'deny' | 'pass', ports?: readonly PortSpec[]) => ({
  action,
  peers: [{ namespaces: house }],
  ...(ports === undefined ? {} : { ports }),
});

const networkPolicy = (spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: gryffindor}\nspec:\n${spec}`;

interface Case {
  readonly name: string;
  readonly state: PolicyState;
  readonly probes: readonly Probe[];
}

const only = (...policies: PolicySpec[]): PolicyState => ({ policies, networkPolicies: [] });

const CASES: readonly Case[] = [
  {
    name: 'rule order within a policy: the first matching rule decides',
    state: only(admin('a', 10, { ingress: [from('slytherin', 'deny'), from('slytherin', 'allow')] })),
    probes: [[D0, H0, 'tcp', 80, false]],
  },
  {
    name: 'rule order within a policy, the other way round',
    state: only(admin('a', 10, { ingress: [from('slytherin', 'allow'), from('slytherin', 'deny')] })),
    probes: [[D0, H0, 'tcp', 80, true]],
  },
  {
    name: 'priority between policies: the lower number decides',
    state: only(
      admin('deny', 20, { ingress: [from('slytherin', 'deny')] }),
      admin('allow', 10, { ingress: [from('slytherin', 'allow')] }),
    ),
    probes: [[D0, H0, 'tcp', 80, true]],
  },
  {
    name: 'an admin allow is final: a NetworkPolicy cannot take it back',
    state: {
      policies: [admin('allow', 10, { ingress: [from('slytherin', 'allow')] })],
      networkPolicies: [networkPolicy('  podSelector: {}\n  policyTypes: [Ingress]\n')],
    },
    probes: [
      [D0, H0, 'tcp', 80, true],
      [C0, H0, 'tcp', 80, false],
    ],
  },
  {
    name: 'Pass goes to the NetworkPolicy tier, which decides for the pods it isolates',
    state: {
      policies: [
        admin('pass', 10, { ingress: [from('slytherin', 'pass'), from('hufflepuff', 'pass')] }),
        admin('allow-later', 20, { ingress: [from('slytherin', 'allow')] }),
      ],
      networkPolicies: [
        networkPolicy(
          '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {house: hufflepuff}}}]}]\n',
        ),
      ],
    },
    probes: [
      [D0, H0, 'tcp', 80, false],
      [C0, H0, 'tcp', 80, true],
      [L0, H0, 'tcp', 80, false],
    ],
  },
  {
    name: 'Pass goes to the baseline for pods no NetworkPolicy isolates',
    state: only(
      admin('pass', 10, { ingress: [from('slytherin', 'pass')] }),
      baseline({ ingress: [from('slytherin', 'deny'), from('ravenclaw', 'allow')] }),
    ),
    probes: [
      [D0, H0, 'tcp', 80, false],
      [L0, H0, 'tcp', 80, true],
      [C0, H0, 'tcp', 80, true],
    ],
  },
  {
    name: 'isolation is per direction: an Egress-only NetworkPolicy leaves ingress to the baseline',
    state: {
      policies: [
        baseline({
          ingress: [from('slytherin', 'deny')],
          egress: [{ action: 'deny', peers: [{ namespaces: 'ravenclaw' }] }],
        }),
      ],
      networkPolicies: [networkPolicy('  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{}]\n')],
    },
    probes: [
      [D0, H0, 'tcp', 80, false],
      [H0, L0, 'tcp', 80, true],
      [L0, H0, 'tcp', 80, true],
    ],
  },
  {
    name: 'named ports resolve on the destination pod',
    state: only(admin('a', 10, { ingress: [from('slytherin', 'deny', ['web'])] })),
    probes: [
      [D0, N, 'tcp', 8443, false],
      [D0, N, 'tcp', 80, true],
      [D0, H0, 'tcp', 80, false],
      [D0, H0, 'tcp', 8443, true],
    ],
  },
  {
    name: 'port ranges are inclusive, per protocol',
    state: only(admin('a', 10, { ingress: [from('slytherin', 'deny', [tcp(80, 81)])] })),
    probes: [
      [D0, H0, 'tcp', 80, false],
      [D0, H0, 'tcp', 81, false],
      [D0, H0, 'tcp', 82, true],
      [D0, H0, 'udp', 80, true],
    ],
  },
  {
    name: 'networks match pod IPs',
    state: only(admin('a', 10, { egress: [{ action: 'deny', peers: [{ networks: ['10.244.2.0/24'] }] }] })),
    probes: [
      [H0, D0, 'tcp', 80, false],
      [H0, C0, 'tcp', 80, true],
    ],
  },
  {
    name: 'nodes match the addresses of the selected nodes (a host-network pod answers on them)',
    state: only(
      admin('a', 10, {
        egress: [{ action: 'deny', peers: [{ nodes: { 'kubernetes.io/hostname': 'node-1' } }] }],
      }),
    ),
    probes: [
      [H0, 'forbidden-forest/centaur-1', 'tcp', 36363, false],
      [H0, 'forbidden-forest/centaur-0', 'tcp', 36363, true],
    ],
  },
  {
    name: 'a peer kubereach does not know: an allow rule matches nothing through it',
    state: only(
      admin('a', 10, { ingress: [{ action: 'allow', peers: [{ unknown: 'serviceAccounts' }] }] }),
      baseline({ ingress: [from('slytherin', 'deny')] }),
    ),
    probes: [[D0, H0, 'tcp', 80, false]],
  },
  {
    name: 'a peer kubereach does not know: a deny rule denies everything',
    state: only(
      admin('a', 10, {
        ingress: [{ action: 'deny', peers: [{ unknown: 'serviceAccounts' }], ports: [tcp(80)] }],
      }),
    ),
    probes: [
      [D0, H0, 'tcp', 80, false],
      [L0, H0, 'udp', 53, false],
    ],
  },
  {
    name: 'a peer kubereach does not know: a pass rule is a deny of everything',
    state: only(admin('a', 10, { ingress: [{ action: 'pass', peers: [{ unknown: 'serviceAccounts' }] }] })),
    probes: [[D0, H0, 'tcp', 80, false]],
  },
  {
    name: 'domainNames never match statically: an allow of names does not admit a pod',
    state: only(
      admin('a', 10, {
        egress: [
          { action: 'allow', peers: [{ domainNames: ['*.example.com'] }] },
          { action: 'deny', peers: [{ networks: ['0.0.0.0/0'] }] },
        ],
      }),
    ),
    probes: [[H0, D0, 'tcp', 80, false]],
  },
];

describe.each<ApiVersion>(['v1alpha1', 'v1alpha2'])('admin tiers, %s', (version) => {
  describe.each(['naive', 'engine'] as const)('answered by the %s', (how) => {
    it.each(CASES)('$name', ({ state, probes }) => {
      const probe = probeState(BASE, state, version);
      expect(probe.errors).toEqual([]);
      const answer = how === 'engine' ? probe.allowed : probe.naive;
      expect(probes.map((p) => [p[0], p[1], p[2], p[3], answer(p)])).toEqual(probes.map((p) => [...p]));
    });
  });

  it('domainNames: the verdicts a name could change are marked not statically decidable', () => {
    const policy = admin('a', 10, {
      egress: [
        { action: 'allow', peers: [{ domainNames: ['*.example.com'] }], ports: [tcp(443)] },
        { action: 'deny', peers: [{ networks: ['0.0.0.0/0'] }] },
      ],
    });
    const texts = [...BASE, renderAdminPolicy(policy, version)];
    const cluster = loadManifests(texts.map((text, i) => ({ name: `m${i}.yaml`, text })));
    const compiled = compileCluster(cluster);
    const target = (text: string) => {
      const t = resolveTarget(cluster, text);
      if (!t.ok) throw new Error(t.message);
      return t.target;
    };
    const egressOf = (dst: string, port: number) => {
      const r = checkConnection(compiled, target(H0), target(dst), port, 'TCP');
      const undecidable = connsAllow(r.probes[0]!.evaluation.egress.undecidable, 'TCP', port);
      return { allowed: r.allowed, undecidable };
    };
    // an address a name may resolve to: denied as far as static analysis goes, but not decidable
    expect(egressOf('203.0.113.7', 443)).toEqual({ allowed: false, undecidable: true });
    // another port: the name rule cannot change it
    expect(egressOf('203.0.113.7', 80)).toEqual({ allowed: false, undecidable: false });
    // a pod is never a domain name's answer here
    expect(egressOf(D0, 443)).toEqual({ allowed: false, undecidable: false });
  });
});

describe('ordering of rules, priorities and Pass are all observable', () => {
  // One connection (slytherin → gryffindor, TCP 80) and one change at a time: each flips the verdict.
  const probe: Probe = [D0, H0, 'tcp', 80, false];
  const verdict = (state: PolicyState, version: ApiVersion, how: 'naive' | 'engine') => {
    const p = probeState(BASE, state, version);
    return how === 'naive' ? p.naive(probe) : p.allowed(probe);
  };
  const pairs: readonly [string, PolicyState, PolicyState][] = [
    [
      'rule order',
      only(admin('a', 10, { ingress: [from('slytherin', 'allow'), from('slytherin', 'deny')] })),
      only(admin('a', 10, { ingress: [from('slytherin', 'deny'), from('slytherin', 'allow')] })),
    ],
    [
      'priorities',
      only(
        admin('a', 10, { ingress: [from('slytherin', 'allow')] }),
        admin('b', 20, { ingress: [from('slytherin', 'deny')] }),
      ),
      only(
        admin('a', 30, { ingress: [from('slytherin', 'allow')] }),
        admin('b', 20, { ingress: [from('slytherin', 'deny')] }),
      ),
    ],
    [
      'Pass',
      only(
        admin('a', 10, { ingress: [from('slytherin', 'allow')] }),
        baseline({ ingress: [from('slytherin', 'deny')] }),
      ),
      only(
        admin('a', 10, { ingress: [from('slytherin', 'pass'), from('slytherin', 'allow')] }),
        baseline({ ingress: [from('slytherin', 'deny')] }),
      ),
    ],
  ];
  for (const version of ['v1alpha1', 'v1alpha2'] as const) {
    for (const how of ['naive', 'engine'] as const) {
      it.each(pairs)(`%s (${version}, ${how})`, (_name, before, after) => {
        expect(verdict(before, version, how)).toBe(true);
        expect(verdict(after, version, how)).toBe(false);
      });
    }
  }
});
