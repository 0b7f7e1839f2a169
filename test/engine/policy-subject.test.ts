/**
 * hostNetwork pods are never the subject of a policy, in any tier or dialect (NetworkPolicy:
 * implementation-defined, no implementation selects them; AdminNetworkPolicy: "host-networked
 * pods are not included in subject selection"; Cilium: they carry their node's identity). One
 * function says so (`isPolicySubject`); everything that asks "which policies apply to this pod"
 * agrees with it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateDirection } from '../../src/engine/evaluate.js';
import { applicableRules, isolatingPolicies, selectingPolicies } from '../../src/engine/isolation.js';
import { isPolicySubject, subjectSelects } from '../../src/engine/match.js';
import { CILIUM_EXTRA, cnp, spec } from '../support/cilium.js';
import { compile, e2eManifest, endpointOf } from '../support/cluster.js';
import { policy } from '../support/scenarios.js';

const NETWORK_POLICY = policy('w', 'all-w', 'podSelector: {}\npolicyTypes: [Ingress, Egress]');
const CILIUM = cnp('w', 'all-w', spec('{}', 'ingress: [{}]\negress: [{}]'));
const ADMIN = `
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: w-pods}
spec:
  priority: 10
  subject: {pods: {namespaceSelector: {matchLabels: {ns: w}}, podSelector: {}}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]
  egress: [{action: Deny, to: [{namespaces: {}}]}]
`;

describe('isPolicySubject: hostNetwork pods are never a subject', () => {
  const compiled = compile([e2eManifest(), CILIUM_EXTRA, NETWORK_POLICY]);
  it('is false for a hostNetwork pod, true for a pod on the pod network', () => {
    expect(isPolicySubject(endpointOf(compiled.cluster, 'w/h'))).toBe(false);
    expect(isPolicySubject(endpointOf(compiled.cluster, 'w/p1'))).toBe(true);
  });

  it.each([
    { dialect: 'NetworkPolicy', manifests: [NETWORK_POLICY], cni: 'upstream' as const },
    { dialect: 'CiliumNetworkPolicy', manifests: [CILIUM], cni: 'cilium' as const },
    { dialect: 'AdminNetworkPolicy', manifests: [ADMIN], cni: 'upstream' as const },
  ])('$dialect: every question about applying policies agrees with it', ({ manifests, cni }) => {
    const c = compile([e2eManifest(), CILIUM_EXTRA, ...manifests], cni);
    const rulesOf = (id: string, direction: 'ingress' | 'egress') => {
      const r = applicableRules(c, endpointOf(c.cluster, id), direction);
      return [...r.admin, ...r.namespace, ...r.baseline].length + r.isolating.length;
    };
    const pod = endpointOf(c.cluster, 'w/p1');
    const host = endpointOf(c.cluster, 'w/h');
    // the same selector takes the pod on the pod network: the tests below can fail
    for (const direction of ['ingress', 'egress'] as const) {
      expect(rulesOf('w/p1', direction), direction).toBeGreaterThan(0);
      expect(rulesOf('w/h', direction), direction).toBe(0);
      const party = (endpoint: typeof pod) => ({ type: 'endpoint' as const, endpoint });
      expect(evaluateDirection(c, direction, party(host), party(pod)).state).toBe('host-network');
      expect(evaluateDirection(c, direction, party(pod), party(host)).state).not.toBe('host-network');
    }
    const policies = [...c.policies, ...c.adminPolicies, ...c.ciliumPolicies];
    expect(policies.some((p) => subjectSelects(p.subject, pod, c.namespaceLabels))).toBe(true);
    expect(policies.some((p) => subjectSelects(p.subject, host, c.namespaceLabels))).toBe(false);
    expect(selectingPolicies(c, host)).toEqual([]);
    expect(isolatingPolicies(c, host, 'ingress')).toEqual([]);
  });
});

describe('one rule, one place', () => {
  it('isolation and evaluation read hostNetwork only through isPolicySubject', () => {
    for (const file of ['src/engine/isolation.ts', 'src/engine/evaluate.ts']) {
      const text = readFileSync(file, 'utf8');
      expect(text.match(/\.hostNetwork\b/g) ?? [], file).toEqual([]);
      expect(text, file).toContain('isPolicySubject(');
    }
  });
});
