import {
  type ConnSet,
  formatConns,
  intersectConns,
  isAllConns,
  isEmptyConns,
  unionConns,
} from '../../../src/engine/port-set.js';
import { type EdgeChange, type EdgeChangeType, pairKey } from '../diff/changes.js';
import type { Coverage, GraphModel, NodeInfo } from '../view/types.js';

/** Which edges to draw: every allowed one, or only those a policy governs. */
export type EdgeMode = 'all' | 'isolated';

/** What the person chose to see. Arrays, not sets, so options cross `postMessage`. */
export interface GraphViewOptions {
  /** Namespaces drawn as a single node. */
  readonly collapsed: readonly string[];
  /** Namespaces not drawn at all. */
  readonly hidden: readonly string[];
  readonly showExternal: boolean;
  readonly edges: EdgeMode;
  /** Only these ports count; `null` for every port of every protocol. */
  readonly filter: ConnSet | null;
}

export type VisibleNodeType = 'node' | 'namespace' | 'external';

export interface VisibleNode {
  /** The node id, or `namespace:NAME` for a collapsed namespace. */
  readonly id: string;
  readonly type: VisibleNodeType;
  readonly label: string;
  readonly sublabel: string;
  /** The group the node is drawn in; absent for collapsed namespaces and external nodes. */
  readonly group?: string;
  readonly ingress: Coverage;
  readonly egress: Coverage;
  /** Ids of the model nodes it stands for. */
  readonly members: readonly string[];
}

export interface VisibleGroup {
  /** The namespace name. */
  readonly id: string;
  readonly nodes: readonly string[];
}

export interface VisibleEdge {
  readonly id: string;
  readonly src: string;
  readonly dst: string;
  readonly conns: ConnSet;
  readonly label: string;
  /** How many model edges it stands for. */
  readonly count: number;
  readonly change?: EdgeChangeType;
}

export interface VisibleGraph {
  readonly groups: readonly VisibleGroup[];
  readonly nodes: readonly VisibleNode[];
  readonly edges: readonly VisibleEdge[];
}

/** The id of a collapsed namespace's node. */
export function namespaceNodeId(namespace: string): string {
  return `namespace:${namespace}`;
}

/** Above this many nodes namespaces start collapsed; above this many edges only governed ones show. */
export const COLLAPSE_ABOVE_NODES = 60;
export const GOVERNED_EDGES_ABOVE = 400;

/** Options that keep a first look readable: small graphs in full, large ones folded. */
export function defaultViewOptions(model: GraphModel): GraphViewOptions {
  const internal = model.nodes.filter((n) => n.kind !== 'External').length;
  return {
    collapsed: internal > COLLAPSE_ABOVE_NODES ? model.namespaces.map((n) => n.name) : [],
    hidden: [],
    showExternal: true,
    edges: model.edges.length > GOVERNED_EDGES_ABOVE ? 'isolated' : 'all',
    filter: null,
  };
}

function mergeCoverage(list: readonly Coverage[]): Coverage {
  if (list.length === 0) return 'none';
  if (list.every((c) => c === 'all')) return 'all';
  if (list.every((c) => c === 'none')) return 'none';
  return 'some';
}

/**
 * The short text on an edge: `TCP 80`, long lists cut at `max` characters, and nothing for
 * every port of every protocol (the common case; the legend says so).
 */
export function edgeLabel(conns: ConnSet, max = 28): string {
  if (isAllConns(conns)) return '';
  const text = formatConns(conns);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function nodeSublabel(n: NodeInfo): string {
  if (n.kind === 'External') return 'outside the cluster';
  if (n.kind === 'Pod') return 'Pod';
  return `${n.kind} · ${n.pods} pod${n.pods === 1 ? '' : 's'}`;
}

/**
 * Applies the view options to the model: hides namespaces, folds collapsed ones into one node
 * (their edges merged, ports united), filters ports, keeps only governed edges when asked, and
 * marks edges added, changed or removed since the loaded state (removed ones are drawn too).
 */
export function projectGraph(
  model: GraphModel,
  options: GraphViewOptions,
  changes: readonly EdgeChange[] = [],
): VisibleGraph {
  const hidden = new Set(options.hidden);
  const collapsed = new Set(options.collapsed);
  const infoById = new Map(model.nodes.map((n) => [n.id, n]));
  const visibleOf = new Map<string, string>();
  const nodes: VisibleNode[] = [];
  const groups: VisibleGroup[] = [];
  const byNamespace = new Map<string, NodeInfo[]>();
  for (const n of model.nodes) {
    if (n.namespace === undefined) continue;
    const list = byNamespace.get(n.namespace) ?? [];
    list.push(n);
    byNamespace.set(n.namespace, list);
  }
  for (const ns of model.namespaces) {
    if (hidden.has(ns.name)) continue;
    const members = byNamespace.get(ns.name) ?? [];
    if (collapsed.has(ns.name)) {
      const id = namespaceNodeId(ns.name);
      nodes.push({
        id,
        type: 'namespace',
        label: ns.name,
        sublabel: `namespace · ${members.length} workload${members.length === 1 ? '' : 's'}`,
        ingress: mergeCoverage(members.map((m) => m.ingress)),
        egress: mergeCoverage(members.map((m) => m.egress)),
        members: members.map((m) => m.id),
      });
      for (const m of members) visibleOf.set(m.id, id);
      continue;
    }
    groups.push({ id: ns.name, nodes: members.map((m) => m.id) });
    for (const m of members) {
      nodes.push({
        id: m.id,
        type: 'node',
        label: m.name,
        sublabel: nodeSublabel(m),
        group: ns.name,
        ingress: m.ingress,
        egress: m.egress,
        members: [m.id],
      });
      visibleOf.set(m.id, m.id);
    }
  }
  if (options.showExternal) {
    for (const n of model.nodes) {
      if (n.kind !== 'External') continue;
      nodes.push({
        id: n.id,
        type: 'external',
        label: n.name,
        sublabel: nodeSublabel(n),
        ingress: 'none',
        egress: 'none',
        members: [n.id],
      });
      visibleOf.set(n.id, n.id);
    }
  }

  const governed = (src: string, dst: string) =>
    infoById.get(dst)?.ingress !== 'none' || infoById.get(src)?.egress !== 'none';
  const changeOf = new Map(changes.map((c) => [pairKey(c.src, c.dst), c]));
  const merged = new Map<
    string,
    { src: string; dst: string; conns: ConnSet; count: number; change?: EdgeChangeType }
  >();
  const add = (srcId: string, dstId: string, conns: ConnSet, change: EdgeChangeType | undefined) => {
    const src = visibleOf.get(srcId);
    const dst = visibleOf.get(dstId);
    if (src === undefined || dst === undefined) return;
    const filtered = options.filter === null ? conns : intersectConns(conns, options.filter);
    if (isEmptyConns(filtered) && change === undefined) return;
    const key = pairKey(src, dst);
    const prev = merged.get(key);
    if (prev === undefined) {
      merged.set(key, { src, dst, conns: filtered, count: 1, ...(change === undefined ? {} : { change }) });
    } else {
      prev.conns = unionConns(prev.conns, filtered);
      prev.count++;
      // A merged edge is "changed" when any of its parts changed, unless all agree.
      if (change !== undefined)
        prev.change = prev.change === undefined || prev.change === change ? change : 'changed';
    }
  };
  for (const e of model.edges) {
    const change = changeOf.get(pairKey(e.src, e.dst))?.type;
    if (options.edges === 'isolated' && change === undefined && !governed(e.src, e.dst)) continue;
    add(e.src, e.dst, e.conns, change);
  }
  for (const c of changes)
    if (c.type === 'removed' && c.before !== undefined) add(c.src, c.dst, c.before, 'removed');

  const edges: VisibleEdge[] = [...merged.values()].map((e) => ({
    id: `${e.src} -> ${e.dst}`,
    src: e.src,
    dst: e.dst,
    conns: e.conns,
    label: edgeLabel(e.conns),
    count: e.count,
    ...(e.change === undefined ? {} : { change: e.change }),
  }));
  return { groups, nodes, edges };
}

/**
 * The visible nodes a search matches: every whitespace-separated term must occur in the node's
 * id, name, namespace, kind, a `key=value` label, an IP or a CIDR (case-insensitive). A collapsed
 * namespace matches when one of its members does. An empty query matches nothing.
 */
export function searchGraph(graph: VisibleGraph, model: GraphModel, query: string): Set<string> {
  const terms = query
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== '');
  const hits = new Set<string>();
  if (terms.length === 0) return hits;
  const infoById = new Map(model.nodes.map((n) => [n.id, n]));
  const haystack = (n: NodeInfo) =>
    [
      n.id,
      n.name,
      n.namespace ?? '',
      n.kind,
      ...Object.entries(n.labels).map(([k, v]) => `${k}=${v}`),
      ...n.ips,
      ...(n.cidrs ?? []),
    ]
      .join('\n')
      .toLowerCase();
  for (const v of graph.nodes) {
    const texts = v.members
      .map((id) => infoById.get(id))
      .filter((n) => n !== undefined)
      .map(haystack);
    if (v.type === 'namespace') texts.push(v.label.toLowerCase());
    if (texts.some((t) => terms.every((term) => t.includes(term)))) hits.add(v.id);
  }
  return hits;
}
