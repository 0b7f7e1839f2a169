/**
 * The tutorial written in Cilium's language (examples/tutorial-cilium) gives the tutorial's
 * verdicts, every probe cross-checked with the per-pair evaluation, the matrix and the naive
 * Cilium reference: as two CiliumNetworkPolicies, and with the Kubernetes deny-all beside the
 * CNP allow (Cilium adds the allows of both kinds up). Each policy is shown to matter: without
 * the deny-all nothing in dev2 is isolated, without kube-demo nothing gets in.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CheckVerdict } from '../../src/engine/check.js';
import type { Protocol } from '../../src/model/types.js';
import { compile } from '../support/cluster.js';
import { probe } from '../support/probe.js';

const dir = 'examples/tutorial-cilium';
const read = (file: string) => readFileSync(`${dir}/${file}`, 'utf8');

const VARIANTS: Readonly<Record<string, readonly string[]>> = {
  'two CNPs': ['cluster.yaml', 'policy-deny-all.yaml', 'policy-kube-demo.yaml'],
  'Kubernetes deny-all + CNP allow': ['cluster.yaml', 'mixed/policy-deny-all.yaml', 'policy-kube-demo.yaml'],
  'CNP allow alone': ['cluster.yaml', 'policy-kube-demo.yaml'],
  'CNP deny-all alone': ['cluster.yaml', 'policy-deny-all.yaml'],
  'Kubernetes deny-all alone': ['cluster.yaml', 'mixed/policy-deny-all.yaml'],
};

type Row = readonly [string, string, number, Protocol, CheckVerdict];

/** The tutorial's verdicts: dev1 → dev2 on TCP 80 only, nothing else into dev2, egress open. */
const TUTORIAL: readonly Row[] = [
  ['dev1/demo1', 'dev2/demo2', 80, 'TCP', 'allowed'],
  ['dev1/demo1', 'dev2/demo2', 80, 'UDP', 'denied'],
  ['dev1/demo1', 'dev2/demo2', 8080, 'TCP', 'denied'],
  ['dev1/demo1', 'dev2/http-echo', 8080, 'TCP', 'denied'],
  ['default/default', 'dev2/demo2', 80, 'TCP', 'denied'],
  ['dev2/http-echo', 'dev2/demo2', 80, 'TCP', 'denied'],
  ['203.0.113.5', 'dev2/demo2', 80, 'TCP', 'denied'],
  ['dev2/demo2', 'default/default', 443, 'TCP', 'allowed'],
  ['dev2/demo2', '203.0.113.5', 443, 'TCP', 'allowed'],
  // the pod's own node always gets in (allow-localhost); another node does not
  ['192.168.1.11', 'dev2/demo2', 80, 'TCP', 'allowed'],
  ['192.168.1.12', 'dev2/demo2', 80, 'TCP', 'denied'],
];

/** A deny-all alone: nothing gets into dev2 but the pod's own node. */
const DENY_ALONE: readonly Row[] = [
  ['dev1/demo1', 'dev2/demo2', 80, 'TCP', 'denied'],
  ['default/default', 'dev2/demo2', 80, 'TCP', 'denied'],
  ['192.168.1.11', 'dev2/demo2', 80, 'TCP', 'allowed'],
  ['dev2/demo2', 'default/default', 443, 'TCP', 'allowed'],
];

const EXPECTED: Readonly<Record<string, readonly Row[]>> = {
  'two CNPs': TUTORIAL,
  'Kubernetes deny-all + CNP allow': TUTORIAL,
  // without the deny-all, kube-demo isolates dev2 just the same: its ingress section does
  'CNP allow alone': TUTORIAL,
  'CNP deny-all alone': DENY_ALONE,
  'Kubernetes deny-all alone': DENY_ALONE,
};

describe('the tutorial as Cilium policies', () => {
  const cases = Object.entries(EXPECTED).flatMap(([variant, rows]) =>
    rows.map(([src, dst, port, protocol, verdict]) => ({ variant, src, dst, port, protocol, verdict })),
  );
  it.each(cases)('$variant: $src -> $dst $port/$protocol is $verdict', (c) => {
    const compiled = compile(VARIANTS[c.variant]!.map(read), 'cilium');
    expect(compiled.cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const result = probe(compiled, c.src, c.dst, c.port, c.protocol);
    expect(result.verdict).toBe(c.verdict);
  });

  it('written as NetworkPolicies, `ingress: [{}]` would be the opposite: allow all', () => {
    const asNetworkPolicy = read('policy-deny-all.yaml')
      .replace('apiVersion: cilium.io/v2', 'apiVersion: networking.k8s.io/v1')
      .replace('kind: CiliumNetworkPolicy', 'kind: NetworkPolicy')
      .replace('endpointSelector: {}', 'podSelector: {}');
    const compiled = compile([read('cluster.yaml'), asNetworkPolicy], 'cilium');
    expect(probe(compiled, 'default/default', 'dev2/demo2', 80, 'TCP').verdict).toBe('allowed');
  });
});
