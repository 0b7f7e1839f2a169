/**
 * The pod matrix under Cilium where the node matters, found by the differential properties: a
 * hostNetwork pod is its node, `host` to the pods on that node (always admitted in; egress to it
 * policy-controlled) and `remote-node` to the others, and it holds the `kube-apiserver` identity
 * when it has an API server address. The matrix agrees with `check` on each pair.
 */
import { describe, expect, it } from 'vitest';
import { connsAllow } from '../../src/engine/port-set.js';
import { API_SERVER_IP, CILIUM_EXTRA, cnp, spec } from '../support/cilium.js';
import { compile, e2eManifest } from '../support/cluster.js';
import { matrixConns, probe, target } from '../support/probe.js';

/** A hostNetwork pod on n1 that holds the API server's address. */
const API_POD = `
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: w, labels: {pod: api}}
spec: {nodeName: n1, hostNetwork: true, containers: [{name: c, image: agnhost}]}
status: {phase: Running, podIP: ${API_SERVER_IP}}
`;

/** What the matrix allows from `src` to `dst` on a TCP port, after `check` agreed with it. */
function matrixAllows(manifests: readonly string[], src: string, dst: string, port: number): boolean {
  const compiled = compile([e2eManifest(), CILIUM_EXTRA, ...manifests], 'cilium');
  const party = (t: string) => {
    const resolved = target(compiled, t);
    if (resolved.type !== 'endpoint') throw new Error(`${t} is not one endpoint`);
    return { type: 'endpoint' as const, endpoint: resolved.endpoint };
  };
  const allowed = connsAllow(matrixConns(compiled, party(src), party(dst)), 'TCP', port);
  expect(probe(compiled, src, dst, port).allowed, `check ${src} -> ${dst}`).toBe(allowed);
  return allowed;
}

describe('Cilium: the matrix and a hostNetwork pod on the same node', () => {
  const denyAll = cnp('w', 'deny', spec('{}', 'ingress: [{}]'));

  it('a hostNetwork pod reaches a pod on its own node despite a deny-all (host is always admitted)', () => {
    // w/h (hostNetwork) and w/p2 run on n2, w/p1 on n1
    expect(matrixAllows([denyAll], 'w/h', 'w/p2', 80)).toBe(true);
    expect(matrixAllows([denyAll], 'w/h', 'w/p1', 80)).toBe(false);
  });

  it('egress to a hostNetwork pod on the own node is `host`, on another node `remote-node`', () => {
    const toRemote = cnp('w', 'to-remote', spec('{}', 'egress: [{toEntities: [remote-node]}]'));
    expect(matrixAllows([toRemote], 'w/p1', 'w/h', 80)).toBe(true);
    expect(matrixAllows([toRemote], 'w/p2', 'w/h', 80)).toBe(false);
    const toHost = cnp('w', 'to-host', spec('{}', 'egress: [{toEntities: [host]}]'));
    expect(matrixAllows([toHost], 'w/p1', 'w/h', 80)).toBe(false);
    expect(matrixAllows([toHost], 'w/p2', 'w/h', 80)).toBe(true);
  });
});

describe('Cilium: the matrix and a hostNetwork pod holding the API server address', () => {
  const toApi = cnp('w', 'to-api', spec('{}', 'egress: [{toEntities: [kube-apiserver]}]'));

  it('toEntities kube-apiserver matches it, from its own node and from another', () => {
    // w/api runs on n1 like w/p1; w/h (n2) is a node but not the API server
    expect(matrixAllows([API_POD, toApi], 'w/p1', 'w/api', 6443)).toBe(true);
    expect(matrixAllows([API_POD, toApi], 'w/p2', 'w/api', 6443)).toBe(true);
    expect(matrixAllows([API_POD, toApi], 'w/p1', 'w/h', 6443)).toBe(false);
  });

  it('an ingress deny-all still admits it into pods on its own node only', () => {
    const denyAll = cnp('w', 'deny', spec('{}', 'ingress: [{}]'));
    expect(matrixAllows([API_POD, denyAll], 'w/api', 'w/p1', 80)).toBe(true);
    expect(matrixAllows([API_POD, denyAll], 'w/api', 'w/p2', 80)).toBe(false);
  });
});
