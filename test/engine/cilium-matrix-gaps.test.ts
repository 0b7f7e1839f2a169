/**
 * What the pod matrix cannot tell apart yet under Cilium (TODO #14), found by the differential
 * properties: the classes group pods by labels, not by node, and see every hostNetwork pod as a
 * remote node. `check` and the per-pair evaluation answer these right (cilium-entities tests);
 * these tests fail until the matrix does too, and then must become plain tests.
 */
import { describe, expect, it } from 'vitest';
import { connsAllow } from '../../src/engine/port-set.js';
import { CILIUM_EXTRA, cnp, spec } from '../support/cilium.js';
import { compile, e2eManifest } from '../support/cluster.js';
import { matrixConns, target } from '../support/probe.js';

function matrixAllows(manifest: string, src: string, dst: string, port: number): boolean {
  const compiled = compile([e2eManifest(), CILIUM_EXTRA, manifest], 'cilium');
  const party = (t: string) => {
    const resolved = target(compiled, t);
    if (resolved.type !== 'endpoint') throw new Error(`${t} is not one endpoint`);
    return { type: 'endpoint' as const, endpoint: resolved.endpoint };
  };
  return connsAllow(matrixConns(compiled, party(src), party(dst)), 'TCP', port);
}

describe('Cilium: the matrix and a hostNetwork pod on the same node', () => {
  it.fails('a hostNetwork pod reaches a pod on its own node despite a deny-all (host is always admitted)', () => {
    // w/h (hostNetwork) and w/p2 run on n2
    expect(matrixAllows(cnp('w', 'deny', spec('{}', 'ingress: [{}]')), 'w/h', 'w/p2', 80)).toBe(true);
  });
});
