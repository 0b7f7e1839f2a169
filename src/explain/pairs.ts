import { evaluateConnection, type IsolationState, type Party } from '../engine/evaluate.js';
import type { Matrix, MatrixNode } from '../engine/matrix.js';
import { entityParty, type MatrixEntity } from '../engine/matrix-cilium.js';
import { EMPTY_CONNS, isEmptyConns, unionConns } from '../engine/port-set.js';
import type { Reachability } from '../engine/reachability.js';
import type { AnyPolicy, CompiledRule } from '../engine/rules.js';
import type { Direction } from '../model/types.js';
import { locate, policyRef, portRanges, ruleItemPath } from './refs.js';
import type { Location, PolicyRef, PortRanges } from './types.js';

/** A rule that opens ports for a pair, in short. */
export interface DecidingRule {
  readonly policy: string;
  readonly direction: Direction;
  readonly index: number;
  readonly at: Location;
  readonly opens: PortRanges;
}

/** One direction of a matrix pair in short: who isolates it and which rules open it. */
export interface CompactDirection {
  /** Distinct states over the pods of the pair (usually one). */
  readonly states: readonly IsolationState[];
  /** Policies isolating the direction. */
  readonly policies: readonly PolicyRef[];
  /** Rules whose peers include the other side and that open some port. */
  readonly rules: readonly DecidingRule[];
  /**
   * The Cilium entity this side is, when it is a matrix node of kind `Entity` (`host`,
   * `remote-node`, `kube-apiserver`, `world`): no policy applies to it; absent otherwise.
   */
  readonly entity?: string;
}

/** The deciding policies of one matrix pair. */
export interface PairExplanation {
  readonly src: string;
  readonly dst: string;
  readonly allowed: PortRanges;
  readonly egress: CompactDirection;
  readonly ingress: CompactDirection;
}

/** Which pairs `explainMatrix` explains besides the matrix's connections. */
export interface MatrixExplainOptions {
  /** Also explain pairs with nothing allowed (the matrix leaves them out). */
  readonly denied?: boolean;
  /** Node ids to consider as sources of denied pairs (default: every node). */
  readonly sources?: readonly string[];
  /** Node ids to consider as destinations of denied pairs (default: every node). */
  readonly destinations?: readonly string[];
}

/**
 * For each pair of the matrix, the policies and rules that decided it, compactly: evaluated
 * once per pair of endpoint classes (pods every policy treats alike) and merged per node.
 * Pairs are the matrix's connections, then (with `denied`) the pairs of distinct nodes with
 * nothing allowed, in node order.
 */
export function explainMatrix(
  reach: Reachability,
  matrix: Matrix,
  options: MatrixExplainOptions = {},
): PairExplanation[] {
  const { compiled } = reach;
  // Each class pair is usually evaluated once, so evaluations are not kept; positions and
  // policy references repeat across pairs and are.
  const refs = new Map<string, PolicyRef>();
  const policyRefOf = (p: AnyPolicy) => {
    let ref = refs.get(p.id);
    if (ref === undefined) {
      ref = policyRef(compiled, p);
      refs.set(p.id, ref);
    }
    return ref;
  };
  const locations = new Map<string, Location>();
  const ruleLocation = (rule: CompiledRule) => {
    const path = ruleItemPath(rule);
    const key = `${rule.policy.id}#${path.join('.')}`;
    let at = locations.get(key);
    if (at === undefined) {
      at = locate(compiled, rule.policy, path);
      locations.set(key, at);
    }
    return at;
  };
  const nodeParties = new Map(matrix.nodes.map((n) => [n.id, partiesOf(reach, n)]));
  type NodeParty = { party: Party; key: string; size: number };
  /**
   * The party pairs of two nodes. An entity node (Cilium's host, remote-node, kube-apiserver)
   * is a party only seen from a pod: each pod class of the other node meets the entity as it is
   * for that pod (its own node, another node, the API server's address).
   */
  const partyPairs = (src: MatrixNode, dst: MatrixNode): [NodeParty, NodeParty][] => {
    const entityOf = (entity: MatrixNode, pod: NodeParty): NodeParty | null =>
      pod.party.type !== 'endpoint' || pod.party.endpoint.hostNetwork
        ? null
        : {
            party: entityParty(compiled, entity.name as MatrixEntity, pod.party.endpoint),
            key: `e${entity.id}`,
            size: 1,
          };
    const out: [NodeParty, NodeParty][] = [];
    if (src.kind === 'Entity' || dst.kind === 'Entity') {
      if (src.kind === 'Entity' && dst.kind === 'Entity') return out;
      const podNode = src.kind === 'Entity' ? dst : src;
      const entity = src.kind === 'Entity' ? src : dst;
      for (const pod of nodeParties.get(podNode.id) ?? []) {
        const e = entityOf(entity, pod);
        if (e !== null) out.push(src.kind === 'Entity' ? [e, pod] : [pod, e]);
      }
      return out;
    }
    for (const s of nodeParties.get(src.id) ?? [])
      for (const d of nodeParties.get(dst.id) ?? []) out.push([s, d]);
    return out;
  };
  const explainPair = (src: MatrixNode, dst: MatrixNode): PairExplanation => {
    const acc = { egress: emptyAcc(), ingress: emptyAcc() };
    let allowed = EMPTY_CONNS;
    for (const [s, d] of partyPairs(src, dst)) {
      // Within one node, distinct pods only: a one-pod class paired with itself is a pod and itself.
      if (src === dst && s.key === d.key && s.size < 2) continue;
      const ev = evaluateConnection(compiled, s.party, d.party);
      allowed = unionConns(allowed, ev.allowed);
      for (const direction of ['egress', 'ingress'] as const) {
        const dir = ev[direction];
        const a = acc[direction];
        a.states.add(dir.state);
        for (const p of dir.policies) a.policies.set(p.id, policyRefOf(p));
        for (const m of dir.matches) {
          if (isEmptyConns(m.ports)) continue;
          const at = ruleLocation(m.rule);
          const key = `${m.rule.policy.id}#${at.path.join('.')}`;
          const prev = a.rules.get(key);
          a.rules.set(key, {
            policy: m.rule.policy.id,
            direction,
            index: m.rule.rule.index,
            at,
            conns: prev === undefined ? m.ports : unionConns(prev.conns, m.ports),
          });
        }
      }
    }
    return {
      src: src.id,
      dst: dst.id,
      allowed: portRanges(allowed),
      egress: compact(acc.egress, src),
      ingress: compact(acc.ingress, dst),
    };
  };
  const byId = new Map(matrix.nodes.map((n) => [n.id, n]));
  const out = matrix.connections.map((c) => explainPair(byId.get(c.src)!, byId.get(c.dst)!));
  if (options.denied) {
    const allowedPairs = new Set(matrix.connections.map((c) => `${c.src}\u0000${c.dst}`));
    const pick = (ids: readonly string[] | undefined) =>
      ids === undefined ? matrix.nodes : ids.map((id) => byId.get(id)).filter((n) => n !== undefined);
    for (const s of pick(options.sources)) {
      for (const d of pick(options.destinations)) {
        // addresses and Cilium entities are never paired with one another
        const outside = (n: MatrixNode) => n.kind === 'External' || n.kind === 'Entity';
        if (s === d || (outside(s) && outside(d))) continue;
        if (allowedPairs.has(`${s.id}\u0000${d.id}`)) continue;
        out.push(explainPair(s, d));
      }
    }
  }
  return out;
}

interface Acc {
  readonly states: Set<IsolationState>;
  readonly policies: Map<string, PolicyRef>;
  readonly rules: Map<string, Omit<DecidingRule, 'opens'> & { conns: Parameters<typeof portRanges>[0] }>;
}

function emptyAcc(): Acc {
  return { states: new Set(), policies: new Map(), rules: new Map() };
}

/** One direction in short; `side` is the node whose policies the direction is about. */
function compact(acc: Acc, side: MatrixNode): CompactDirection {
  return {
    states: [...acc.states],
    policies: [...acc.policies.values()],
    rules: [...acc.rules.values()].map(({ conns, ...rule }) => ({ ...rule, opens: portRanges(conns) })),
    ...(side.kind === 'Entity' && side.name !== undefined ? { entity: side.name } : {}),
  };
}

/** The distinct classes of a node's pods (or its external address), each with a cache key. */
function partiesOf(reach: Reachability, node: MatrixNode): { party: Party; key: string; size: number }[] {
  if (node.kind === 'External') {
    const index = reach.external.nodes.findIndex((x) => x.id === node.id);
    const x = reach.external.nodes[index];
    if (x === undefined) return [];
    return [{ party: { type: 'external', address: x.address, label: x.id }, key: `x${index}`, size: 1 }];
  }
  const byClass = new Map<number, { party: Party; key: string; size: number }>();
  for (const e of node.endpoints) {
    const c = reach.classOf(e);
    const prev = byClass.get(c);
    if (prev === undefined)
      byClass.set(c, { party: { type: 'endpoint', endpoint: e }, key: `c${c}`, size: 1 });
    else byClass.set(c, { ...prev, size: prev.size + 1 });
  }
  return [...byClass.values()];
}
