/**
 * Policy descriptions as data: policyTypes defaulting (SetDefaults_NetworkPolicySpec), peer and
 * port scopes, what rules match now, grouping per target. Wording is in test/golden/explain.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCluster } from '../../src/engine/compile.js';
import { peerNamespaceMatches, peerPodMatches } from '../../src/engine/match.js';
import { describePolicies, describePolicy } from '../../src/explain/index.js';
import { clusterArbitrary } from '../support/arbitraries.js';
import { compile } from '../support/cluster.js';
import { loadGenerated } from '../support/differential.js';

const CLUSTER = `
apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {team: x}}
---
apiVersion: v1
kind: Namespace
metadata: {name: b}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: a, labels: {app: web}}
spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 8080}]}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: a, labels: {app: api}}
spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 9000}]}]}
status: {podIP: 10.0.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: b, labels: {app: db}}
status: {podIP: 10.0.1.1}
---
apiVersion: v1
kind: Pod
metadata: {name: host, namespace: a, labels: {app: web}}
spec: {hostNetwork: true}
status: {podIP: 192.168.0.1}
`;

function describeOne(spec: string) {
  const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec:\n${spec
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
  const compiled = compile([CLUSTER, text]);
  return describePolicy(compiled, compiled.cluster.policies[0]!);
}

describe('policyTypes as the API server defaults it', () => {
  it.each([
    { spec: 'podSelector: {}', ingress: 'IMPLIED', egress: 'NOT_IMPLIED' },
    { spec: 'podSelector: {}\negress: []', ingress: 'IMPLIED', egress: 'EMPTY_LIST_NOT_IMPLIED' },
    { spec: 'podSelector: {}\negress:\n- {}', ingress: 'IMPLIED', egress: 'IMPLIED_BY_RULES' },
    { spec: 'podSelector: {}\npolicyTypes: [Egress]', ingress: 'NOT_LISTED', egress: 'LISTED' },
    { spec: 'podSelector: {}\npolicyTypes: [Ingress, Egress]', ingress: 'LISTED', egress: 'LISTED' },
    {
      spec: 'podSelector: {}\npolicyTypes: []\negress: []',
      ingress: 'IMPLIED',
      egress: 'EMPTY_LIST_NOT_IMPLIED',
    },
  ])('$spec → ingress $ingress, egress $egress', ({ spec, ingress, egress }) => {
    const d = describeOne(spec);
    expect(d.ingress.code).toBe(ingress);
    expect(d.egress.code).toBe(egress);
    expect(d.ingress.isolates).toBe(['LISTED', 'IMPLIED', 'IMPLIED_BY_RULES'].includes(ingress));
  });

  it('counts rules of a direction policyTypes leaves out', () => {
    const d = describeOne('podSelector: {}\npolicyTypes: [Ingress]\negress:\n- {}\n- {}');
    expect(d.egress).toMatchObject({ code: 'NOT_LISTED', isolates: false, ignoredRules: 2, rules: [] });
    expect(d.egress.at.path).toEqual(['spec', 'policyTypes']);
  });
});

describe('what a policy selects and matches now', () => {
  it('selects pods of its namespace, never hostNetwork pods', () => {
    const d = describeOne('podSelector: {matchLabels: {app: web}}');
    expect(d.selects).toEqual(['a/web']);
    expect(d.hostNetworkSkipped).toEqual(['a/host']);
  });

  it('describes each peer scope and what it matches now', () => {
    const d = describeOne(`podSelector: {}
ingress:
- from:
  - podSelector: {matchLabels: {app: api}}
  - namespaceSelector: {}
  - namespaceSelector: {matchLabels: {team: x}}
    podSelector: {matchLabels: {app: web}}
  - ipBlock: {cidr: 10.0.0.0/24, except: [10.0.0.2/32]}`);
    const peers = d.ingress.rules[0]!.peers!;
    expect(peers.map((p) => (p.type === 'pods' ? [p.namespaces.scope, p.pods.scope] : [p.type]))).toEqual([
      ['policy-namespace', 'selector'],
      ['all', 'all'],
      ['selector', 'selector'],
      ['ipBlock'],
    ]);
    expect(peers.map((p) => p.matchesNow)).toEqual([
      ['a/api'],
      ['a/api', 'a/web', 'b/db'],
      ['a/web'],
      ['a/web'],
    ]);
    expect(peers[2]).toMatchObject({ namespaces: { selects: ['a'] } });
    expect(d.ingress.rules[0]!.matchesNow).toEqual(['a/api', 'a/web', 'b/db']);
  });

  it('resolves named ports against the destinations now', () => {
    const d = describeOne(`podSelector: {}
ingress:
- ports: [{port: http}, {port: 80, endPort: 90}, {protocol: UDP}]`);
    const ports = d.ingress.rules[0]!.ports!;
    expect(ports[0]!.named).toEqual({
      resolves: [
        { port: 8080, pods: ['a/web'] },
        { port: 9000, pods: ['a/api'] },
      ],
      undeclared: [],
    });
    expect(ports.slice(1)).toMatchObject([
      { port: 80, endPort: 90 },
      { protocol: 'UDP', port: null },
    ]);
  });

  it('a rule without peers or ports is null for both', () => {
    const d = describeOne('podSelector: {}\ningress:\n- {}');
    expect(d.ingress.rules[0]).toMatchObject({ peers: null, ports: null });
  });
});

describe('targets', () => {
  it('groups policies with the same namespace and podSelector, empty selectors first', () => {
    const policy = (name: string, selector: string) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: a}\nspec: {podSelector: ${selector}}\n---\n`;
    const compiled = compile([
      CLUSTER,
      policy('web-1', '{matchLabels: {app: web}}') +
        policy('all', '{}') +
        policy('web-2', '{matchLabels: {app: web}}'),
    ]);
    const targets = describePolicies(compiled);
    expect(targets.map((t) => t.policies.map((p) => p.policy.name))).toEqual([['all'], ['web-1', 'web-2']]);
    expect(targets[1]).toMatchObject({ selects: ['a/web'], ingressIsolatedBy: ['a/web-1', 'a/web-2'] });
  });
});

describe('matchesNow agrees with the engine on random clusters', () => {
  it('every pod peer lists exactly the pods podPeerMatches admits', () => {
    fc.assert(
      fc.property(clusterArbitrary(), (gen) => {
        const compiled = compileCluster(loadGenerated(gen));
        for (const cp of compiled.policies) {
          const d = describePolicy(compiled, cp.policy);
          for (const rule of [...cp.ingressRules, ...cp.egressRules]) {
            const described = (rule.direction === 'ingress' ? d.ingress : d.egress).rules.find(
              (r) => r.index === rule.rule.index,
            );
            for (const peer of rule.peers ?? []) {
              if (peer.type !== 'pods') continue;
              const want = compiled.cluster.endpoints
                .filter(
                  (e) =>
                    peerNamespaceMatches(peer, e.namespace, compiled.namespaceLabels) &&
                    peerPodMatches(peer, e),
                )
                .map((e) => e.id)
                .sort();
              const got = described?.peers?.find((p) => p.index === peer.index)?.matchesNow;
              if (JSON.stringify(got) !== JSON.stringify(want))
                throw new Error(`${cp.policy.id} ${rule.direction}[${rule.rule.index}]: ${got} vs ${want}`);
            }
          }
        }
      }),
      { numRuns: 80 },
    );
  });
});
