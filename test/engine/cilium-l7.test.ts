/**
 * L7 rules and toFQDNs (design.md, Cilium): the connection is decided at L4 as usual, but whether
 * a request passes is decided at run time (language.rst "Layer 7 Examples", "DNS based"):
 * kubereach marks those verdicts not statically decidable and names what decides.
 */
import { describe, expect, it } from 'vitest';
import { explainCheck } from '../../src/explain/connection.js';
import { cnp, spec } from '../support/cilium.js';
import { compile, e2eManifest } from '../support/cluster.js';
import { probe } from '../support/probe.js';

function marks(manifest: string, src: string, dst: string, port: number) {
  const compiled = compile([e2eManifest(), manifest], 'cilium');
  const result = probe(compiled, src, dst, port, 'TCP');
  const p = explainCheck(compiled, result).probes[0]!;
  return {
    allowed: result.allowed,
    undecidable: p.egress.undecidable || p.ingress.undecidable,
    l7: [...p.egress.l7, ...p.ingress.l7].map((l) => l.type),
  };
}

describe('Cilium: L7 and FQDN verdicts are flagged, never claimed', () => {
  const http = cnp(
    'x',
    'http',
    spec(
      '{matchLabels: {pod: a}}',
      `ingress: [{fromEndpoints: [{matchLabels: {pod: b}}], toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET, path: /public}]}}]}]`,
    ),
  );
  const fqdn = cnp(
    'x',
    'fqdn',
    spec(
      '{matchLabels: {pod: a}}',
      'egress: [{toFQDNs: [{matchName: api.example.com}], toPorts: [{ports: [{port: "443", protocol: TCP}]}]}]',
    ),
  );

  it('an http rule: allowed at L4, not decidable, the L7 rule named', () => {
    expect(marks(http, 'x/b', 'x/a', 80)).toEqual({ allowed: true, undecidable: true, l7: ['http'] });
  });

  it('a port the http rule does not cover is decided', () => {
    expect(marks(http, 'x/b', 'x/a', 81)).toEqual({ allowed: false, undecidable: false, l7: [] });
  });

  it('toFQDNs: an outside address on its port is denied statically but not decidable', () => {
    expect(marks(fqdn, 'x/a', '203.0.113.7', 443)).toMatchObject({ allowed: false, undecidable: true });
  });

  it('toFQDNs: another port, or a pod, is decided', () => {
    expect(marks(fqdn, 'x/a', '203.0.113.7', 80)).toMatchObject({ allowed: false, undecidable: false });
    expect(marks(fqdn, 'x/a', 'y/b', 443)).toMatchObject({ allowed: false, undecidable: false });
  });
});
