/**
 * fix against a Cilium deny rule: deny beats every allow, so no proposal may add an allow alone;
 * the proposals narrow or remove the deny rule (with a new allow where the pod is isolated), each
 * verified by re-evaluating; a deny that no known edit lifts is a blocker naming the rule.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { proposeFixes } from '../../src/fix/propose.js';
import type { FixReport, FixRequest } from '../../src/fix/types.js';
import { generatePolicies } from '../../src/generate/generate.js';
import { renderFixText } from '../../src/render/fix-text.js';
import { PLAIN } from '../../src/render/style.js';

const read = (name: string) => ({ name, text: readFileSync(name, 'utf8') });
const dir = 'examples/tutorial-cilium';
const cluster = read(`${dir}/cluster.yaml`);
const denyAll = read(`${dir}/policy-deny-all.yaml`);
const kubeDemo = read(`${dir}/policy-kube-demo.yaml`);
const noDev1 = read('test/fixtures/cilium/deny-dev1.yaml');
const noDev2 = {
  name: 'no-dev2.yaml',
  text: `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: no-dev2
spec:
  endpointSelector:
    matchLabels:
      k8s:io.kubernetes.pod.namespace: dev1
  egressDeny:
    - toEndpoints:
        - matchLabels:
            k8s:io.kubernetes.pod.namespace: dev2
        - matchLabels:
            k8s:io.kubernetes.pod.namespace: default
`,
};
const request: FixRequest = {
  src: 'dev1/demo1',
  dst: 'dev2/demo2',
  port: 80,
  protocol: 'TCP',
  want: 'allowed',
};

const addsObjects = (report: FixReport) =>
  report.proposals.filter((p) => p.edits.some((e) => e.type === 'add-object'));

describe('fix: a Cilium deny beats any allow', () => {
  it('proposes narrowing or removing the deny rule, never an allow alone; each proposal works', () => {
    const report = proposeFixes([cluster, denyAll, kubeDemo, noDev1], request);
    expect(report.blocker).toBeUndefined();
    expect(report.proposals.map((p) => [p.strategy, p.works])).toEqual([
      ['cilium-deny', true],
      ['cilium-deny', true],
    ]);
    expect(report.proposals.map((p) => p.title)).toEqual([
      expect.stringMatching(
        /^remove the deny rule CiliumNetworkPolicy dev2\/no-dev1 spec\.ingressDeny\[0\]$/,
      ),
      expect.stringMatching(/^narrow fromEndpoints\[0\] of the deny rule .* \(run NotIn \[demo1\]\)$/),
    ]);
    expect(addsObjects(report)).toEqual([]);
    // the world deny (ingressDeny[1]) stays
    expect(report.proposals[0]!.files[0]!.after).toContain('- world');
  });

  it('where nothing allows the connection once the deny is gone, a new allow goes with it', () => {
    const report = proposeFixes([cluster, denyAll, noDev1], request);
    const first = report.proposals[0]!;
    expect(first).toMatchObject({ strategy: 'cilium-deny', works: true });
    expect(first.title).toMatch(/^remove the deny rule .*; and add NetworkPolicy dev2\//);
    expect(first.edits.map((e) => e.type).sort()).toEqual(['add-object', 'remove']);
  });

  it('deny rules on both sides (a CNP ingressDeny and a CCNP egressDeny) are lifted together', () => {
    const report = proposeFixes([cluster, denyAll, kubeDemo, noDev1, noDev2], request);
    expect(report.proposals.length).toBeGreaterThan(0);
    for (const p of report.proposals) expect(p).toMatchObject({ strategy: 'cilium-deny', works: true });
    const both = report.proposals.find((p) => p.files.length === 2)!;
    expect(both.title).toContain('no-dev1');
    expect(both.title).toContain('no-dev2');
    expect(addsObjects(report)).toEqual([]);
  });

  it('the NetworkPolicy strategies still run when no Cilium deny decides', () => {
    const report = proposeFixes([cluster, denyAll, kubeDemo], { ...request, port: 8080 });
    expect(report.proposals.some((p) => p.strategy === 'add-policy' && p.works)).toBe(true);
    expect(report.proposals.some((p) => p.strategy === 'cilium-deny')).toBe(false);
  });

  it('a deny no known edit lifts is a blocker naming the rule', () => {
    const report: FixReport = {
      request,
      before: 'denied',
      proposals: [],
      cni: 'cilium',
      blocker: {
        code: 'CILIUM_DENY_DECIDES',
        kind: 'CiliumNetworkPolicy',
        policy: 'cnp/dev2/no-dev1',
        rule: 'spec.ingressDeny[0]',
        direction: 'ingress',
      },
    };
    expect(renderFixText(report, PLAIN)).toContain(
      'CiliumNetworkPolicy cnp/dev2/no-dev1 spec.ingressDeny[0] denies ingress, and a Cilium deny beats every allow',
    );
  });
});

describe('fix and generate on Cilium input take the Cilium profile, as every verb', () => {
  // An ipBlock holding the pod addresses: it admits dev1 upstream, never under Cilium.
  const ipBlock = {
    name: 'ipblock.yaml',
    text: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-pod-range, namespace: dev2}
spec:
  podSelector: {}
  ingress:
    - from: [{ipBlock: {cidr: 10.0.0.0/8}}]
`,
  };

  it('fix evaluates with the Cilium profile unless told otherwise', () => {
    const files = [cluster, denyAll, ipBlock];
    expect(proposeFixes(files, request)).toMatchObject({ cni: 'cilium', before: 'denied' });
    expect(proposeFixes(files, request, { cni: 'upstream' })).toMatchObject({
      cni: 'upstream',
      blocker: { code: 'ALREADY' },
    });
  });

  it('generate --from-current freezes what Cilium allows (the ipBlock admits no pod)', () => {
    const today = (options: { cni?: 'upstream' }) =>
      generatePolicies([cluster, denyAll, ipBlock], { type: 'current' }, options).intent.some(
        (f) => f.src.id === 'dev1/demo1' && f.dst.id === 'dev2/demo2',
      );
    expect(today({})).toBe(false);
    expect(today({ cni: 'upstream' })).toBe(true);
  });
});
