import type { Matrix, MatrixNode } from '../../../src/engine/matrix.js';
import {
  ALL_CONNS,
  type ConnSet,
  connsEqual,
  EMPTY_CONNS,
  formatConns,
  intersectConns,
  isEmptyConns,
  unionConns,
} from '../../../src/engine/port-set.js';
import type { Reachability } from '../../../src/engine/reachability.js';
import type { Endpoint } from '../../../src/model/types.js';

/**
 * What pods may send to and receive from the Cilium entities of a matrix (nodes of kind
 * `Entity`): `undefined` when nothing is allowed. Entities are no class of the reachability, so
 * their cells come from the matrix's own edges.
 */
export type EntityLinks = (pod: Endpoint, entity: string, direction: 'to' | 'from') => ConnSet | undefined;

/** The entity links of a matrix: each pod answers for the row (workload, pod, namespace) it is in. */
export function entityLinks(matrix: Matrix): EntityLinks {
  const entities = new Set(matrix.nodes.filter((n) => n.kind === 'Entity').map((n) => n.id));
  const rowOf = new Map<Endpoint, string>();
  for (const n of matrix.nodes) for (const e of n.endpoints) rowOf.set(e, n.id);
  const links = new Map<string, ConnSet>();
  if (entities.size > 0)
    for (const c of matrix.connections)
      if (entities.has(c.src) || entities.has(c.dst)) links.set(`${c.src}\u0000${c.dst}`, c.conns);
  return (pod, entity, direction) => {
    const row = rowOf.get(pod);
    if (row === undefined) return undefined;
    return links.get(direction === 'to' ? `${row}\u0000${entity}` : `${entity}\u0000${row}`);
  };
}

/** A cell's state, as stored in `Heatmap.cells`. */
export const CELL = { denied: 0, partial: 1, allowed: 2, none: 3 } as const;
export type CellCode = (typeof CELL)[keyof typeof CELL];

export interface HeatmapAxisEntry {
  readonly id: string;
  readonly label: string;
  readonly namespace?: string;
  readonly external: boolean;
  /** A Cilium entity (`host`, `remote-node`, `kube-apiserver`), outside every namespace. */
  readonly entity?: boolean;
  /** A folded namespace: one row and column for all its workloads (how many). */
  readonly folded?: number;
}

/** Beyond this many rows a heatmap is not computed (the page draws only what is in view). */
export const MAX_HEATMAP_NODES = 1200;
/** Above this many rows, namespaces start folded, as in the graph. */
export const LEGIBLE_HEATMAP_ROWS = 60;
/** Above this many rows, cells carry no port titles (hover says the state; click explains). */
export const TITLED_HEATMAP_NODES = 250;

/** A square source × destination heatmap. */
export interface Heatmap {
  readonly nodes: readonly HeatmapAxisEntry[];
  /** Row-major (`row * n + col`), one CellCode per cell. */
  readonly cells: readonly CellCode[];
  /** Allowed ports per cell within the filter (`''` for denied and empty cells). */
  readonly titles: readonly string[];
  /** Set instead of cells when there were too many rows (how many). */
  readonly omitted?: number;
  /** The namespaces drawn folded. */
  readonly folded?: readonly string[];
}

/** What stands for a heatmap of `rows` rows, too many to compute or show. */
export function omittedHeatmap(rows: number): Heatmap {
  return { nodes: [], cells: [], titles: [], omitted: rows };
}

/**
 * Classifies every source × destination pair of matrix nodes against a port filter:
 * `allowed` when every pod pair allows every port of the filter, `partial` when some pod pair
 * allows some of it, `denied` when none does, `none` when there is no pair to judge (a single
 * pod against itself, or two external nodes). Works on classes, so it is cheap per cell.
 */
export function buildHeatmap(
  reach: Reachability,
  nodes: readonly MatrixNode[],
  filter: ConnSet | null,
  folded: ReadonlySet<string> = new Set(),
  links: EntityLinks = () => undefined,
): Heatmap {
  const scope = filter ?? ALL_CONNS;
  const externalIndex = new Map(reach.external.nodes.map((x, i) => [x.id, i]));
  const parties = nodes.map((node): Map<number, number> => {
    const counts = new Map<number, number>();
    if (node.kind === 'External') {
      const x = externalIndex.get(node.id);
      if (x !== undefined) counts.set(reach.externalParty(x), 1);
      return counts;
    }
    for (const e of node.endpoints) {
      const c = reach.classOf(e);
      if (c >= 0) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    return counts;
  });
  // The engine interns port sets: judge each distinct set against the filter once.
  const judged = new Map<ConnSet, { conns: ConnSet; empty: boolean; full: boolean }>();
  const judge = (raw: ConnSet) => {
    let hit = judged.get(raw);
    if (hit === undefined) {
      const conns = intersectConns(raw, scope);
      hit = { conns, empty: isEmptyConns(conns), full: connsEqual(conns, scope) };
      judged.set(raw, hit);
    }
    return hit;
  };
  const n = nodes.length;
  const cells: CellCode[] = new Array(n * n);
  const titled = n <= TITLED_HEATMAP_NODES;
  const titles: string[] = titled ? new Array(n * n) : [];
  const lists = parties.map((m) => [...m]);
  const isEntity = nodes.map((node) => node.kind === 'Entity');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      let pairs = 0;
      let full = true;
      const seen = new Set<ConnSet>();
      if (isEntity[r] || isEntity[c]) {
        // a pod to or from an entity: each pod of the other side, as the matrix's edges say
        const entity = isEntity[r] ? nodes[r]! : nodes[c]!;
        const other = isEntity[r] ? nodes[c]! : nodes[r]!;
        if (!(isEntity[r] && isEntity[c]))
          for (const e of other.endpoints) {
            pairs++;
            const j = judge(links(e, entity.id, isEntity[r] ? 'from' : 'to') ?? EMPTY_CONNS);
            if (!j.empty) seen.add(j.conns);
            if (!j.full) full = false;
          }
      }
      for (const [ps, sc] of lists[r]!) {
        for (const [pd] of lists[c]!) {
          if (r === c && ps === pd && sc < 2) continue;
          if (reach.isExternal(ps) && reach.isExternal(pd)) continue;
          pairs++;
          const j = judge(reach.connsBetween(ps, pd));
          if (!j.empty) seen.add(j.conns);
          if (!j.full) full = false;
        }
      }
      const i = r * n + c;
      if (pairs === 0) cells[i] = CELL.none;
      else if (seen.size === 0) cells[i] = CELL.denied;
      else cells[i] = full ? CELL.allowed : CELL.partial;
      if (!titled) continue;
      let union = EMPTY_CONNS;
      for (const conns of seen) union = unionConns(union, conns);
      titles[i] = seen.size === 0 ? '' : formatConns(union);
    }
  }
  return {
    ...(folded.size === 0 ? {} : { folded: [...folded] }),
    nodes: nodes.map((node) => ({
      id: node.id,
      label:
        node.kind === 'External'
          ? (node.cidrs ?? [node.id]).join(', ')
          : node.kind === 'Entity'
            ? `entity ${node.name ?? node.id}`
            : (node.name ?? node.id),
      ...(node.namespace !== undefined
        ? { namespace: node.namespace }
        : node.kind === 'Namespace'
          ? { namespace: node.id }
          : {}),
      external: node.kind === 'External',
      ...(node.kind === 'Entity' ? { entity: true } : {}),
      ...(node.kind === 'Namespace' && folded.has(node.id) ? { folded: node.endpoints.length } : {}),
    })),
    cells,
    titles,
  };
}

/**
 * The rows of a heatmap with some namespaces folded: each folded namespace's workloads give way
 * to one namespace row (from the namespace-granularity matrix), in place.
 */
export function foldRows(
  rows: readonly MatrixNode[],
  namespaceRows: readonly MatrixNode[],
  folded: ReadonlySet<string>,
): MatrixNode[] {
  if (folded.size === 0) return [...rows];
  const byName = new Map<string, MatrixNode>();
  for (const n of namespaceRows) if (n.kind === 'Namespace') byName.set(n.id, n);
  const out: MatrixNode[] = [];
  const placed = new Set<string>();
  for (const row of rows) {
    const ns = row.namespace;
    if (ns === undefined || !folded.has(ns)) {
      out.push(row);
      continue;
    }
    if (placed.has(ns)) continue;
    placed.add(ns);
    const node = byName.get(ns);
    if (node !== undefined) out.push(node);
  }
  return out;
}
