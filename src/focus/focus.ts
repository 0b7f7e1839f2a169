import type { Matrix, MatrixConnection, MatrixNode } from '../engine/matrix.js';
import type { MatrixFqdn } from '../engine/matrix-cilium.js';
import {
  type ConnSet,
  EMPTY_CONNS,
  intersectConns,
  intersectIntervals,
  isEmptyConns,
  rangeIntervals,
  unionIntervals,
} from '../engine/port-set.js';
import { PROTOCOLS, type Protocol } from '../model/types.js';
import { type EndpointPattern, nodeMatches, type PatternContext } from './pattern.js';

/** A port of `--port`: a number, a range `lo-hi`, or a container port name. */
export type PortFilter =
  | { readonly type: 'range'; readonly lo: number; readonly hi: number }
  | { readonly type: 'name'; readonly name: string };

/** Display filters: they choose what is shown, never what is evaluated. */
export interface Focus {
  /** Sources to show (any of them); empty or absent: every node. */
  readonly from?: readonly EndpointPattern[];
  /** Destinations to show (any of them); empty or absent: every node. */
  readonly to?: readonly EndpointPattern[];
  /** Show only connections with an end in this namespace. */
  readonly namespace?: string;
  /** Show only what is allowed on this port, and only that port. */
  readonly port?: PortFilter;
  /** Show only what is allowed on this protocol. */
  readonly protocol?: Protocol;
  /** Whether a pod's connection to itself is part of the matrix (for counting pairs). */
  readonly includeSelf?: boolean;
}

/**
 * The part of a matrix to show: the filtered matrix (its nodes are the sources and
 * destinations, in matrix order), the rows and columns of a grid, and how many pairs the
 * view covers.
 */
export interface MatrixView {
  readonly matrix: Matrix;
  /** Node ids shown as sources (grid rows). */
  readonly sources: readonly string[];
  /** Node ids shown as destinations (grid columns). */
  readonly destinations: readonly string[];
  /** Ordered pairs the view covers (external → external excluded). */
  readonly pairs: number;
  /** True when a filter narrowed the matrix. */
  readonly filtered: boolean;
  /** Connections of the unfiltered matrix. */
  readonly totalConnections: number;
  /** Patterns of `from`/`to` that matched no node. */
  readonly unmatched: readonly string[];
}

/** The whole matrix as a view. */
export function viewMatrix(matrix: Matrix, includeSelf = false): MatrixView {
  return focusMatrix(matrix, { includeSelf }, { services: [], workloads: new Map() });
}

/** Applies display filters to a matrix. Pure; the matrix itself is left as it is. */
export function focusMatrix(matrix: Matrix, focus: Focus, context: PatternContext): MatrixView {
  const from = focus.from ?? [];
  const to = focus.to ?? [];
  const unmatched = [...from, ...to]
    .filter((p) => !matrix.nodes.some((n) => nodeMatches(p, n, context)))
    .map((p) => p.text);
  const matchesAny = (patterns: readonly EndpointPattern[], node: MatrixNode) =>
    patterns.length === 0 || patterns.some((p) => nodeMatches(p, node, context));
  const inNamespace = (node: MatrixNode) =>
    focus.namespace === undefined ||
    node.namespace === focus.namespace ||
    (node.kind === 'Namespace' && node.name === focus.namespace);
  const fromOk = new Set(matrix.nodes.filter((n) => matchesAny(from, n)).map((n) => n.id));
  const toOk = new Set(matrix.nodes.filter((n) => matchesAny(to, n)).map((n) => n.id));
  const byId = new Map(matrix.nodes.map((n) => [n.id, n]));
  const pairInFocus = (s: MatrixNode, d: MatrixNode) =>
    fromOk.has(s.id) && toOk.has(d.id) && (inNamespace(s) || inNamespace(d));

  const filtered =
    from.length > 0 ||
    to.length > 0 ||
    focus.namespace !== undefined ||
    focus.port !== undefined ||
    focus.protocol !== undefined;
  // Without filters every connection is shown: millions of them are not copied one by one.
  const focused = (): MatrixConnection[] => {
    const out: MatrixConnection[] = [];
    for (const c of matrix.connections) {
      const s = byId.get(c.src);
      const d = byId.get(c.dst);
      if (s === undefined || d === undefined || !pairInFocus(s, d)) continue;
      const conns = filterConns(c.conns, d, focus);
      if (isEmptyConns(conns)) continue;
      if (conns === c.conns) out.push(c);
      else {
        const { l7, ...rest } = c;
        const governed = l7 === undefined ? undefined : intersectConns(l7, conns);
        out.push(
          governed === undefined || isEmptyConns(governed)
            ? { ...rest, conns }
            : { ...rest, conns, l7: governed },
        );
      }
    }
    return out;
  };
  const connections = filtered ? focused() : matrix.connections;
  const focusMark = (m: MatrixFqdn): MatrixFqdn[] => {
    const s = byId.get(m.src);
    const d = byId.get(m.dst);
    if (s === undefined || d === undefined || !pairInFocus(s, d)) return [];
    const conns = filterConns(m.conns, d, focus);
    return isEmptyConns(conns) ? [] : [{ ...m, conns }];
  };
  const connected = new Set<string>();
  if (focus.namespace !== undefined) {
    for (const c of connections) connected.add(c.src).add(c.dst);
  }
  const shown = (n: MatrixNode, ok: Set<string>) =>
    ok.has(n.id) && (focus.namespace === undefined || inNamespace(n) || connected.has(n.id));
  const sourceNodes = matrix.nodes.filter((n) => shown(n, fromOk));
  const destinationNodes = matrix.nodes.filter((n) => shown(n, toOk));
  const keep = new Set([...sourceNodes, ...destinationNodes].map((n) => n.id));
  const selfOk = (n: MatrixNode) => n.endpoints.length >= (focus.includeSelf ? 1 : 2);
  let pairs = countPairs(sourceNodes, destinationNodes, selfOk);
  if (focus.namespace !== undefined) {
    // A pair is in focus when one of its ends is in the namespace.
    const outside = (n: MatrixNode) => !inNamespace(n);
    pairs -= countPairs(sourceNodes.filter(outside), destinationNodes.filter(outside), selfOk);
  }
  // The pairs an FQDN rule could change, narrowed as the connections are.
  const { fqdn: allFqdn, ...rest } = matrix;
  const fqdn = allFqdn === undefined ? [] : filtered ? allFqdn.flatMap(focusMark) : allFqdn;
  const narrowed = { ...rest, nodes: matrix.nodes.filter((n) => keep.has(n.id)), connections };
  return {
    matrix: fqdn.length === 0 ? narrowed : { ...narrowed, fqdn },
    sources: sourceNodes.map((n) => n.id),
    destinations: destinationNodes.map((n) => n.id),
    pairs,
    filtered,
    totalConnections: matrix.connections.length,
    unmatched,
  };
}

/**
 * Ordered pairs of sources × destinations, without pairs of two external or entity nodes and without a
 * node paired with itself unless `selfOk` (a workload of several pods talks to itself).
 * Counted, not enumerated: views of 10,000 pods have 10⁸ pairs.
 */
function countPairs(
  sources: readonly MatrixNode[],
  destinations: readonly MatrixNode[],
  selfOk: (n: MatrixNode) => boolean,
): number {
  // External address nodes and Cilium entity nodes are never paired with one another.
  const outside = (n: MatrixNode) => n.kind === 'External' || n.kind === 'Entity';
  const external = (list: readonly MatrixNode[]) => list.filter(outside).length;
  const inDestinations = new Set(destinations);
  const same = sources.filter((n) => !outside(n) && inDestinations.has(n) && !selfOk(n)).length;
  return sources.length * destinations.length - external(sources) * external(destinations) - same;
}

/** Narrows a connection's ports to the focused port and protocol. */
function filterConns(conns: ConnSet, destination: MatrixNode, focus: Focus): ConnSet {
  if (focus.port === undefined && focus.protocol === undefined) return conns;
  const protocols = focus.protocol === undefined ? PROTOCOLS : [focus.protocol];
  const out: Record<Protocol, readonly number[]> = { ...EMPTY_CONNS };
  for (const protocol of protocols) {
    const port = focus.port;
    if (port === undefined) out[protocol] = conns[protocol];
    else if (port.type === 'range')
      out[protocol] = intersectIntervals(conns[protocol], rangeIntervals(port.lo, port.hi));
    else {
      // A named port resolves per destination pod and protocol, as the API defines it.
      let named: readonly number[] = [];
      for (const e of destination.endpoints)
        for (const cp of e.ports)
          if (cp.name === port.name && cp.protocol === protocol)
            named = unionIntervals(named, rangeIntervals(cp.port, cp.port));
      out[protocol] = intersectIntervals(conns[protocol], named);
    }
  }
  return out;
}
