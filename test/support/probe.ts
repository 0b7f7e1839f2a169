/**
 * Answers one probe every way kubereach can: `checkConnection` (the verdict), the per-pair
 * evaluation it runs, the class-based matrix, and the naive reference evaluator. Callers assert
 * the verdict; `crossCheck` asserts that every other answer agrees with it, probe by probe.
 */
import { expect } from 'vitest';
import { type CheckResult, checkConnection } from '../../src/engine/check.js';
import { isApiServer, nodeOfParty } from '../../src/engine/cilium-match.js';
import type { CompiledCluster } from '../../src/engine/compile.js';
import type { Party } from '../../src/engine/evaluate.js';
import { buildMatrix, type Matrix } from '../../src/engine/matrix.js';
import { type ConnSet, connsAllow, EMPTY_CONNS } from '../../src/engine/port-set.js';
import { computeReachability, type Reachability } from '../../src/engine/reachability.js';
import { resolveTarget, type Target } from '../../src/engine/targets.js';
import { parseIp } from '../../src/model/ip.js';
import type { Protocol } from '../../src/model/types.js';
import { type NaiveParty, naiveAllowed } from '../reference/naive.js';
import { naiveCiliumAllowed } from '../reference/naive-cilium.js';
import { writtenObjects } from './cluster.js';

interface MatrixView {
  readonly reach: Reachability;
  readonly matrix: Matrix;
  readonly conns: ReadonlyMap<string, ConnSet>;
}

const views = new WeakMap<CompiledCluster, MatrixView>();

/** The pod-granularity matrix of a compiled cluster, computed once. */
export function matrixView(compiled: CompiledCluster): MatrixView {
  let view = views.get(compiled);
  if (view === undefined) {
    const reach = computeReachability(compiled);
    const matrix = buildMatrix(reach, { granularity: 'pod' });
    const conns = new Map(matrix.connections.map((c) => [`${c.src}\u0000${c.dst}`, c.conns]));
    view = { reach, matrix, conns };
    views.set(compiled, view);
  }
  return view;
}

/** The matrix node id of a party: the endpoint id, or the external node holding the address. */
export function matrixNodeId(view: MatrixView, party: Party): string {
  if (party.type === 'endpoint') return party.endpoint.id;
  const node = view.reach.external.nodes[view.reach.external.nodeOf(party.address)];
  if (node === undefined) throw new Error(`no external node holds ${party.label}`);
  return node.id;
}

/** What the matrix says about a pair (nothing when the pair is absent). */
export function matrixConns(compiled: CompiledCluster, src: Party, dst: Party): ConnSet {
  const view = matrixView(compiled);
  return view.conns.get(`${matrixNodeId(view, src)}\u0000${matrixNodeId(view, dst)}`) ?? EMPTY_CONNS;
}

export function naiveParty(party: Party): NaiveParty {
  return party.type === 'endpoint' ? party.endpoint : party.label;
}

/** Resolves a target as the CLI would; fails the test when it does not resolve. */
export function target(compiled: CompiledCluster, text: string): Target {
  const resolved = resolveTarget(compiled.cluster, text);
  if (!resolved.ok) throw new Error(`${text}: ${resolved.message}`);
  return resolved.target;
}

/** Runs `check` for a probe written as the CLI takes it and cross-checks every answer. */
export function probe(
  compiled: CompiledCluster,
  src: string,
  dst: string,
  port: number | string,
  protocol: Protocol = 'TCP',
): CheckResult {
  const result = checkConnection(compiled, target(compiled, src), target(compiled, dst), port, protocol);
  crossCheck(compiled, result);
  return result;
}

/**
 * For every pod-to-pod (or pod-to-address) probe of a check: the naive evaluator agrees, and
 * the matrix agrees (a pod to itself is always allowed and left out of the matrix).
 */
export function crossCheck(compiled: CompiledCluster, result: CheckResult): void {
  for (const p of result.probes) {
    const where = `${naiveLabel(p.src)} -> ${naiveLabel(p.dst)} ${p.port}/${result.protocol}`;
    const naive =
      compiled.options.cni === 'cilium' && compiled.cluster.adminPolicies.length === 0
        ? naiveCiliumAllowed(
            compiled.cluster,
            writtenObjects(compiled.cluster),
            naiveParty(p.src),
            naiveParty(p.dst),
            p.port,
            result.protocol,
          )
        : naiveAllowed(
            compiled.cluster,
            naiveParty(p.src),
            naiveParty(p.dst),
            p.port,
            result.protocol,
            compiled.options.cni,
          );
    expect(naive, `naive reference, ${where}`).toBe(p.allowed);
    const self = p.src.type === 'endpoint' && p.dst.type === 'endpoint' && p.src.endpoint === p.dst.endpoint;
    if (self) {
      expect(p.allowed, `a pod to itself, ${where}`).toBe(true);
      continue;
    }
    expect(connsAllow(p.evaluation.allowed, result.protocol, p.port), `evaluation, ${where}`).toBe(p.allowed);
    // Node and API server addresses are not matrix parties: under Cilium they are entities
    // (host, remote-node, kube-apiserver), which the matrix draws as entity nodes.
    if (ciliumEntityParty(compiled, p.src) || ciliumEntityParty(compiled, p.dst)) continue;
    const m = matrixConns(compiled, p.src, p.dst);
    expect(connsAllow(m, result.protocol, p.port), `matrix, ${where}`).toBe(p.allowed);
  }
}

/** A node's address or an API server address, under Cilium (hostNetwork pods are matrix parties). */
function ciliumEntityParty(compiled: CompiledCluster, p: Party): boolean {
  const nodes = compiled.match.cilium;
  if (nodes === null || p.type !== 'external') return false;
  return nodeOfParty(nodes, p) !== undefined || isApiServer(nodes, p);
}

function naiveLabel(p: Party): string {
  return p.type === 'endpoint' ? p.endpoint.id : p.label;
}

/** An external party for an address literal. */
export function externalParty(address: string): Party {
  const parsed = parseIp(address);
  if (parsed === undefined) throw new Error(`not an address: ${address}`);
  return { type: 'external', address: parsed, label: address };
}
