import {
  type ConnSet,
  formatConns,
  intersectConns,
  isAllConns,
  isEmptyConns,
  unionConns,
} from '../../../src/engine/port-set.js';
import { assertNever } from '../../../src/model/assert-never.js';
import { type EdgeChange, type EdgeChangeType, pairKey } from '../diff/changes.js';
import type { Coverage, GraphModel, NodeInfo } from '../view/types.js';

/** Which edges to draw: every allowed one, or only those a policy governs. */
export type EdgeMode = 'all' | 'isolated';

/**
 * How much of the cluster the graph shows: everything (`all`), one namespace drilled into (its
 * workloads, and the namespaces and address blocks it talks with, folded), or one workload in
 * focus (it and its in- and out-neighbours, each drawn on its own).
 */
export type GraphScope =
  | { readonly type: 'all' }
  | { readonly type: 'namespace'; readonly namespace: string }
  | { readonly type: 'focus'; readonly node: string };

export const ALL_SCOPE: GraphScope = { type: 'all' };

/** What the person chose to see. Arrays, not sets, so options cross `postMessage`. */
export interface GraphViewOptions {
  /** Absent: everything. */
  readonly scope?: GraphScope;
  /** Namespaces drawn as a single node. */
  readonly collapsed: readonly string[];
  /** Namespaces not drawn at all. */
  readonly hidden: readonly string[];
  readonly showExternal: boolean;
  readonly edges: EdgeMode;
  /** Only these ports count; `null` for every port of every protocol. */
  readonly filter: ConnSet | null;
}

/** `entity`: a Cilium entity (`host`, `remote-node`, `kube-apiserver`, `world`), outside every namespace. */
export type VisibleNodeType = 'node' | 'namespace' | 'external' | 'entity';

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
  /** The ports a Cilium L7 rule governs (allowed at L4, each request judged at run time). */
  readonly l7?: ConnSet;
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

/**
 * The largest graph drawn unfolded: beyond this many workloads, or this many connections between
 * them, labels no longer fit at a legible size and namespaces start folded. (A 47-workload,
 * 9-namespace shop with 893 connections is already a hairball.)
 */
export const LEGIBLE_NODES = 40;
export const LEGIBLE_EDGES = 150;
/** Above this many edges only governed ones show at first. */
export const GOVERNED_EDGES_ABOVE = 400;

/** Whether a graph of this many workloads and connections reads unfolded. */
export function legible(nodes: number, edges: number): boolean {
  return nodes <= LEGIBLE_NODES && edges <= LEGIBLE_EDGES;
}

/** Options that keep a first look readable: small graphs in full, large ones folded. */
export function defaultViewOptions(model: GraphModel): GraphViewOptions {
  let internal = 0;
  for (const n of model.nodes) if (n.kind !== 'External') internal++;
  return {
    collapsed: legible(internal, model.edges.length) ? [] : model.namespaces.map((n) => n.name),
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
  const cached = max === 28 ? labels.get(conns) : undefined;
  if (cached !== undefined) return cached;
  const text = formatConns(conns);
  const label = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  if (max === 28) labels.set(conns, label);
  return label;
}

/** Labels of port sets already seen (the engine interns them, so most edges share a few). */
const labels = new WeakMap<ConnSet, string>();

function nodeSublabel(n: NodeInfo): string {
  if (n.kind === 'External') return 'outside the cluster';
  if (n.kind === 'Entity') return 'Cilium entity';
  if (n.kind === 'Pod') return 'Pod';
  return `${n.kind} · ${n.pods} pod${n.pods === 1 ? '' : 's'}`;
}

interface MergedEdge {
  readonly src: string;
  readonly dst: string;
  conns: ConnSet;
  count: number;
  change?: EdgeChangeType;
  l7?: ConnSet;
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
  const scope = options.scope ?? ALL_SCOPE;
  const hidden = new Set(options.hidden);
  const infoById = new Map(model.nodes.map((n) => [n.id, n]));
  const collapsed = scopeCollapsed(model, options, scope);
  const keepEdge = scopeEdges(scope, infoById);
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
  // Cilium entities are parties of the cluster, outside every namespace: always drawn.
  for (const n of model.nodes) {
    if (n.kind !== 'Entity') continue;
    nodes.push({
      id: n.id,
      type: 'entity',
      label: n.name,
      sublabel: nodeSublabel(n),
      ingress: 'none',
      egress: 'none',
      members: [n.id],
    });
    visibleOf.set(n.id, n.id);
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
  // Visible nodes by number: pairs are keyed by a number, not a string (180,000 edges merge in
  // a blink instead of seconds of string hashing).
  const indexOf = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) indexOf.set(nodes[i]!.id, i);
  const visibleIndex = new Map<string, number>();
  for (const [modelId, visibleId] of visibleOf) visibleIndex.set(modelId, indexOf.get(visibleId)!);
  const width = nodes.length;
  const merged = new Map<number, MergedEdge>();
  const add = (
    srcId: string,
    dstId: string,
    conns: ConnSet,
    change: EdgeChangeType | undefined,
    l7?: ConnSet,
  ) => {
    const src = visibleIndex.get(srcId);
    const dst = visibleIndex.get(dstId);
    if (src === undefined || dst === undefined) return;
    const filtered = options.filter === null ? conns : intersectConns(conns, options.filter);
    if (isEmptyConns(filtered) && change === undefined) return;
    const governed =
      l7 === undefined ? undefined : options.filter === null ? l7 : intersectConns(l7, options.filter);
    const key = src * width + dst;
    const prev = merged.get(key);
    if (prev === undefined) {
      merged.set(key, {
        src: nodes[src]!.id,
        dst: nodes[dst]!.id,
        conns: filtered,
        count: 1,
        ...(change === undefined ? {} : { change }),
        ...(governed === undefined || isEmptyConns(governed) ? {} : { l7: governed }),
      });
    } else {
      prev.conns = unionConns(prev.conns, filtered);
      prev.count++;
      if (governed !== undefined && !isEmptyConns(governed))
        prev.l7 = prev.l7 === undefined ? governed : unionConns(prev.l7, governed);
      // A merged edge is "changed" when any of its parts changed, unless all agree.
      if (change !== undefined)
        prev.change = prev.change === undefined || prev.change === change ? change : 'changed';
    }
  };
  const changed = changeOf.size > 0;
  for (const e of model.edges) {
    if (!keepEdge(e.src, e.dst)) continue;
    const change = changed ? changeOf.get(pairKey(e.src, e.dst))?.type : undefined;
    if (options.edges === 'isolated' && change === undefined && !governed(e.src, e.dst)) continue;
    add(e.src, e.dst, e.conns, change, e.l7);
  }
  for (const c of changes)
    if (c.type === 'removed' && c.before !== undefined && keepEdge(c.src, c.dst))
      add(c.src, c.dst, c.before, 'removed');

  const edges: VisibleEdge[] = [];
  for (const e of merged.values())
    edges.push({
      id: `${e.src} -> ${e.dst}`,
      src: e.src,
      dst: e.dst,
      conns: e.conns,
      label: edgeLabel(e.conns),
      count: e.count,
      ...(e.change === undefined ? {} : { change: e.change }),
      ...(e.l7 === undefined ? {} : { l7: e.l7 }),
    });
  if (scope.type === 'all') return { groups, nodes, edges };
  return pruneToScope({ groups, nodes, edges }, scope);
}

/**
 * The namespaces drawn folded: as chosen in the overview; in a drilled-into namespace every
 * other one; in focus none (the neighbours are drawn one by one).
 */
function scopeCollapsed(model: GraphModel, options: GraphViewOptions, scope: GraphScope): Set<string> {
  switch (scope.type) {
    case 'all':
      return new Set(options.collapsed);
    case 'namespace':
      return new Set(model.namespaces.map((n) => n.name).filter((n) => n !== scope.namespace));
    case 'focus':
      return new Set();
    default:
      return assertNever(scope);
  }
}

/** Which model edges the scope shows: all, those touching the namespace, those of the node. */
function scopeEdges(
  scope: GraphScope,
  infoById: ReadonlyMap<string, NodeInfo>,
): (src: string, dst: string) => boolean {
  switch (scope.type) {
    case 'all':
      return () => true;
    case 'namespace': {
      const inside = (id: string) => infoById.get(id)?.namespace === scope.namespace;
      return (src, dst) => inside(src) || inside(dst);
    }
    case 'focus':
      return (src, dst) => src === scope.node || dst === scope.node;
    default:
      return assertNever(scope);
  }
}

/** Drops what the scope does not show: nodes no kept edge touches, except the scope's own. */
function pruneToScope(graph: VisibleGraph, scope: Exclude<GraphScope, { type: 'all' }>): VisibleGraph {
  const keep = new Set<string>();
  for (const e of graph.edges) {
    keep.add(e.src);
    keep.add(e.dst);
  }
  for (const n of graph.nodes) {
    if (scope.type === 'namespace' ? n.group === scope.namespace : n.id === scope.node) keep.add(n.id);
  }
  const groups: VisibleGroup[] = [];
  for (const g of graph.groups) {
    const nodes = g.nodes.filter((id) => keep.has(id));
    if (nodes.length > 0 || (scope.type === 'namespace' && g.id === scope.namespace))
      groups.push({ id: g.id, nodes });
  }
  return { groups, nodes: graph.nodes.filter((n) => keep.has(n.id)), edges: graph.edges };
}

/** The text a search looks in: id, name, namespace, kind, `key=value` labels, IPs, CIDRs. */
function haystack(n: NodeInfo): string {
  const parts = [n.id, n.name, n.namespace ?? '', n.kind];
  for (const [k, v] of Object.entries(n.labels)) parts.push(`${k}=${v}`);
  for (const ip of n.ips) parts.push(ip);
  for (const c of n.cidrs ?? []) parts.push(c);
  return parts.join('\n').toLowerCase();
}

function searchTerms(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== '');
}

/**
 * The model nodes a search matches: every whitespace-separated term must occur in the node's
 * id, name, namespace, kind, a `key=value` label, an IP or a CIDR (case-insensitive). An empty
 * query matches nothing.
 */
export function searchModel(model: GraphModel, query: string): string[] {
  const terms = searchTerms(query);
  if (terms.length === 0) return [];
  const out: string[] = [];
  for (const n of model.nodes) {
    const text = haystack(n);
    if (terms.every((t) => text.includes(t))) out.push(n.id);
  }
  return out;
}

/** What a search found, as the graph shows it. */
export interface SearchResult {
  /** Visible nodes that are a match or fold one (a collapsed namespace). */
  readonly hits: Set<string>;
  /** Model nodes that match, whether drawn or not. */
  readonly matches: readonly string[];
  /** Folded namespaces that hold matches: unfolding them reveals the matches. */
  readonly folded: readonly string[];
}

/**
 * Runs a search over the model and places it on the visible graph: a match drawn as a node is
 * a hit; a match folded into a namespace makes the namespace a hit and lists it in `folded`; a
 * collapsed namespace whose name matches is a hit too.
 */
export function searchVisible(graph: VisibleGraph, model: GraphModel, query: string): SearchResult {
  const matches = searchModel(model, query);
  const hits = new Set<string>();
  const folded = new Set<string>();
  const terms = searchTerms(query);
  if (terms.length === 0) return { hits, matches, folded: [] };
  const drawnAs = new Map<string, VisibleNode>();
  for (const v of graph.nodes) for (const m of v.members) drawnAs.set(m, v);
  for (const id of matches) {
    const v = drawnAs.get(id);
    if (v === undefined) continue;
    hits.add(v.id);
    if (v.type === 'namespace') folded.add(v.label);
  }
  for (const v of graph.nodes) {
    if (v.type === 'namespace' && terms.every((t) => v.label.toLowerCase().includes(t))) hits.add(v.id);
  }
  return { hits, matches, folded: [...folded] };
}

/** The visible nodes a search matches (see searchVisible). */
export function searchGraph(graph: VisibleGraph, model: GraphModel, query: string): Set<string> {
  return searchVisible(graph, model, query).hits;
}
