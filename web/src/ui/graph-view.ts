import { formatConns } from '../../../src/engine/port-set.js';
import { edgeBends, edgeGeometry } from '../graph/geometry.js';
import type { Box, GraphLayout } from '../graph/layout.js';
import type { GraphGranularity } from '../graph/model.js';
import {
  ALL_SCOPE,
  type GraphScope,
  type GraphViewOptions,
  namespaceNodeId,
  type SearchResult,
  type VisibleEdge,
  type VisibleGraph,
  type VisibleNode,
} from '../graph/project.js';
import type { Coverage, GraphModel, NodeInfo } from '../view/types.js';
import { forEachSliced } from './chunks.js';
import { h, replace, s } from './dom.js';
import { type PortsState, renderGraphToolbar } from './graph-toolbar.js';

export interface GraphHandlers {
  onEdge(edge: VisibleEdge): void;
  /** A workload, pod or address block was clicked: focus on it. */
  onNode(node: VisibleNode): void;
  /** A folded namespace was clicked: open it. */
  onNamespace(namespace: string): void;
  /** An unfolded namespace's title was clicked: fold it. */
  onCollapse(namespace: string): void;
  /** A breadcrumb was clicked: back to the overview or the namespace. */
  onScope(scope: GraphScope): void;
  onOptions(options: GraphViewOptions): void;
  onGranularity(granularity: GraphGranularity): void;
  /** The search text changed; `reveal` when the person asked to be shown the matches (Enter). */
  onSearch(query: string, reveal: boolean): void;
}

export interface GraphRenderInput {
  readonly model: GraphModel;
  readonly graph: VisibleGraph;
  readonly layout: GraphLayout;
  readonly options: GraphViewOptions;
  readonly granularity: GraphGranularity;
  readonly search: SearchResult;
  readonly query: string;
  readonly selectedEdge?: string;
  /** Edges left out of `graph` because there were too many to draw. */
  readonly omittedEdges: number;
  /** Why the view is not quite the one asked for. */
  readonly notice?: string;
}

/** Above this many edges, labels show only where they matter (see render). */
export const MAX_LABELLED_EDGES = 30;
/** In focus, every edge is labelled up to this many. */
const MAX_LABELLED_FOCUS_EDGES = 80;
/**
 * The smallest zoom the graph opens at: the smallest text (11 px sublabels, pills and edge
 * labels) stays at least 11 px on screen. A graph larger than the canvas opens at this zoom at
 * its top-left corner; "Fit" shows it whole, smaller.
 */
export const LEGIBLE_ZOOM = 1;

const COVERAGE_TEXT: Record<Coverage, string> = {
  all: 'isolated',
  some: 'partly isolated',
  none: 'not isolated (open to all)',
};

/** One drawn edge or node, with what it was drawn from (`sig`) and its edge label, if any. */
interface DrawnElement {
  readonly sig: string;
  readonly el: SVGGElement;
  readonly label?: SVGTextElement;
}

/**
 * The canvas's layers and elements by id. `frame` is what every element depends on besides
 * its own edge or node (namespace boxes, labelling): when it stays, a render patches.
 */
interface DrawnGraph {
  readonly frame: string;
  complete: boolean;
  readonly groups: SVGGElement;
  readonly edgeLayer: SVGGElement;
  readonly labels: SVGGElement;
  readonly nodeLayer: SVGGElement;
  readonly edges: Map<string, DrawnElement>;
  readonly nodes: Map<string, DrawnElement>;
}

/** The graph tab: toolbar, breadcrumb, SVG canvas with pan and zoom, tooltips. */
export class GraphView {
  readonly element: HTMLElement;
  readonly svg: SVGSVGElement;
  private readonly viewport: SVGGElement;
  private readonly tooltip: HTMLElement;
  private readonly toolbar: HTMLElement;
  private readonly crumbs: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly notice: HTMLElement;
  private transform = { x: 0, y: 0, k: 1 };
  private fittedKey = '';
  private input: GraphRenderInput | undefined;
  private generation = 0;
  /** What is on the canvas, element by element, for the next render to patch. */
  private drawn: DrawnGraph | undefined;
  /** The edges and model nodes of the last render, which event handlers read when they fire. */
  private liveEdges = new Map<string, VisibleEdge>();
  private liveInfo: ReadonlyMap<string, NodeInfo> = new Map();
  /** The port filter as typed (the view options hold it parsed). */
  private readonly ports: PortsState = {
    text: '',
    protocol: 'any',
    error: undefined,
  };

  constructor(private readonly handlers: GraphHandlers) {
    this.toolbar = h('div', { class: 'toolbar' });
    this.crumbs = h('nav', { class: 'breadcrumb', 'aria-label': 'graph scope' });
    this.viewport = s('g', { class: 'viewport' });
    this.svg = s(
      'svg',
      {
        class: 'graph',
        xmlns: 'http://www.w3.org/2000/svg',
        role: 'img',
        'aria-label': 'connectivity graph',
      },
      s(
        'defs',
        {},
        ...(['plain', 'added', 'removed', 'changed', 'focus'] as const).map((kind) =>
          s(
            'marker',
            {
              id: `arrow-${kind}`,
              viewBox: '0 0 10 10',
              refX: '9',
              refY: '5',
              // fixed size, whatever the width of the line it ends
              markerUnits: 'userSpaceOnUse',
              markerWidth: '10',
              markerHeight: '10',
              orient: 'auto-start-reverse',
            },
            s('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrowhead ${kind}` }),
          ),
        ),
      ),
      this.viewport,
    );
    this.tooltip = h('div', { class: 'tooltip', role: 'tooltip', hidden: true });
    this.legend = h(
      'div',
      { class: 'legend' },
      h('span', { class: 'pill all' }, 'IN'),
      h('span', { class: 'pill all' }, 'EG'),
      ' isolated for ingress / egress · ',
      h('span', { class: 'pill none' }, 'IN'),
      ' open to all · ',
      h('span', { class: 'pill some' }, 'IN'),
      ' some pods · ',
      h('span', { class: 'swatch added' }),
      ' added ',
      h('span', { class: 'swatch removed' }),
      ' removed ',
      h('span', { class: 'swatch changed' }),
      ' changed · ',
      h('span', { class: 'swatch l7', title: 'a Cilium L7 rule (HTTP, DNS, Kafka) governs these ports' }),
      ' L7: allowed at L4, each request judged at run time · ',
      h('span', { class: 'swatch entity' }),
      ' Cilium entity · ',
      h('span', { class: 'legend-ports' }, ''),
    );
    this.notice = h('div', { class: 'graph-notice', role: 'status', hidden: true });
    const canvas = h('div', { class: 'canvas' }, this.svg, this.tooltip, this.notice, this.legend);
    this.canvas = canvas;
    this.element = h('section', { class: 'graph-view' }, this.toolbar, this.crumbs, canvas);
    this.installPanZoom(canvas);
    new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      this.setSize(box === undefined || box.width === 0 || box.height === 0 ? undefined : box);
    }).observe(canvas);
  }

  private readonly canvas: HTMLElement;
  /** The canvas's size as last reported, while it is shown. */
  private size: { readonly width: number; readonly height: number } | undefined;

  /**
   * Sizes the SVG in pixels, as the canvas was measured. Sized in percent of the canvas, it
   * would be laid out again, every node and label, whenever anything above it changes (the
   * toolbar, the breadcrumb, the tabs), though its size stays the same.
   */
  private setSize(size: { readonly width: number; readonly height: number } | undefined) {
    this.size = size === undefined ? undefined : { width: size.width, height: size.height };
    const width = size === undefined ? '' : `${size.width}px`;
    const height = size === undefined ? '' : `${size.height}px`;
    if (this.svg.style.width !== width) this.svg.style.width = width;
    if (this.svg.style.height !== height) this.svg.style.height = height;
  }

  /** The canvas's size: as reported when `known` and shown, else measured now. */
  private canvasSize(known: boolean): { readonly width: number; readonly height: number } {
    if (known && this.size !== undefined) return this.size;
    const rect = this.canvas.getBoundingClientRect();
    return { width: rect.width || 800, height: rect.height || 500 };
  }

  private installPanZoom(canvas: HTMLElement) {
    let drag: { x: number; y: number; tx: number; ty: number } | undefined;
    canvas.addEventListener('pointerdown', (e) => {
      if ((e.target as Element).closest('.edge, .node, .group-head') !== null) return;
      drag = { x: e.clientX, y: e.clientY, tx: this.transform.x, ty: this.transform.y };
      canvas.setPointerCapture(e.pointerId);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (drag === undefined) return;
      this.transform.x = drag.tx + e.clientX - drag.x;
      this.transform.y = drag.ty + e.clientY - drag.y;
      this.applyTransform();
    });
    canvas.addEventListener('pointerup', () => {
      drag = undefined;
    });
    canvas.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const rect = this.svg.getBoundingClientRect();
        const px = e.clientX - rect.left;
        const py = e.clientY - rect.top;
        const k = Math.min(4, Math.max(0.1, this.transform.k * Math.exp(-e.deltaY * 0.0015)));
        this.transform.x = px - ((px - this.transform.x) * k) / this.transform.k;
        this.transform.y = py - ((py - this.transform.y) * k) / this.transform.k;
        this.transform.k = k;
        this.applyTransform();
      },
      { passive: false },
    );
  }

  private applyTransform() {
    const { x, y, k } = this.transform;
    const transform = `translate(${x.toFixed(1)},${y.toFixed(1)}) scale(${k.toFixed(4)})`;
    // Set again unchanged, it would still lay out every node and label of the graph anew.
    if (this.viewport.getAttribute('transform') === transform) return;
    this.viewport.setAttribute('transform', transform);
    this.svg.dataset.zoom = k.toFixed(4);
  }

  /**
   * Fits the graph into the canvas. By default never below the legible zoom: a larger graph
   * opens at its top-left corner, to be panned; `whole` shrinks it to fit entirely.
   */
  fit(whole = false, known = false): void {
    const layout = this.input?.layout;
    if (layout === undefined) return;
    // `known`: the size the canvas last reported (reading it now would lay out the page first)
    const { width: w, height: hgt } = this.canvasSize(known);
    const fitting = Math.min(1.25, w / (layout.width + 40), hgt / (layout.height + 40));
    const k = whole ? Math.max(0.05, fitting) : Math.max(LEGIBLE_ZOOM, fitting);
    const x = layout.width * k <= w ? (w - layout.width * k) / 2 : 8;
    const y = layout.height * k <= hgt ? Math.max(8, (hgt - layout.height * k) / 2) : 8;
    this.transform = { k, x, y };
    this.applyTransform();
  }

  /** Scrolls the canvas so that node `id` is in the middle, at a legible zoom. */
  centreOn(id: string): boolean {
    const box = this.input?.layout.nodes.find((b) => b.id === id);
    if (box === undefined) return false;
    const size = this.canvasSize(false);
    const k = Math.max(LEGIBLE_ZOOM, this.transform.k);
    this.transform = {
      k,
      x: size.width / 2 - (box.x + box.width / 2) * k,
      y: size.height / 2 - (box.y + box.height / 2) * k,
    };
    this.applyTransform();
    return true;
  }

  /**
   * Draws the graph, in slices so that a large one never blocks the page; resolves `false`
   * when a newer render replaced this one before it finished.
   */
  async render(input: GraphRenderInput): Promise<boolean> {
    const generation = ++this.generation;
    const cancelled = () => generation !== this.generation;
    this.input = input;
    this.hideTooltip();
    this.renderToolbar(input);
    this.renderCrumbs(input);
    const { graph, layout, model } = input;
    const boxes = new Map<string, Box>();
    for (const b of layout.nodes) boxes.set(b.id, b);
    this.liveInfo = new Map(model.nodes.map((n) => [n.id, n]));
    this.liveEdges = new Map(graph.edges.map((e) => [e.id, e]));
    const searching = input.query.trim() !== '';
    const scope = input.options.scope ?? ALL_SCOPE;
    const focus = scope.type === 'focus' ? scope.node : undefined;
    const hits = input.search.hits;
    const foldable = scope.type === 'all';
    // Many labels overlap into noise: beyond a few dozen edges only the focused node's, the
    // changed ones and the hovered one (its tooltip) carry their ports.
    const labelAll =
      graph.edges.length <= MAX_LABELLED_EDGES ||
      (focus !== undefined && graph.edges.length <= MAX_LABELLED_FOCUS_EDGES);
    const frame = JSON.stringify([layout.groups, foldable, labelAll, graph.edges.length > 60]);

    this.svg.dataset.rendering = 'true';
    this.svg.dataset.edges = String(graph.edges.length);
    this.svg.dataset.nodes = String(graph.nodes.length);
    this.svg.dataset.scope = scope.type;
    // Many edges: drawn lighter, so the nodes stay readable; the hovered one stands out.
    this.svg.classList.toggle('many', graph.edges.length > 60);
    this.renderNotice(input);
    const key = `${layout.width}x${layout.height}:${graph.nodes.length}:${graph.nodes[0]?.id ?? ''}:${scope.type === 'all' ? '' : JSON.stringify(scope)}`;
    if (key !== this.fittedKey) {
      this.fittedKey = key;
      this.fit(false, true);
    } else this.applyTransform();

    // The same frame (namespace boxes, labelling) as the last complete drawing: only the edges
    // and nodes that differ are drawn again, the others stay as they are.
    const prior = this.drawn;
    const last = prior?.complete === true && prior.frame === frame ? prior : undefined;
    const patching = last !== undefined;
    this.svg.dataset.patched = String(patching);
    const drawn: DrawnGraph =
      last !== undefined
        ? { ...last, complete: false, edges: new Map(), nodes: new Map() }
        : {
            frame,
            complete: false,
            groups: s('g', { class: 'groups' }),
            edges: new Map(),
            labels: s('g', { class: 'edge-labels' }),
            edgeLayer: s('g', { class: 'edges' }),
            nodes: new Map(),
            nodeLayer: s('g', { class: 'nodes' }),
          };
    this.drawn = drawn;
    const previous = (kind: 'edges' | 'nodes', id: string, sig: string): DrawnElement | undefined => {
      if (last === undefined) return undefined;
      const old = last[kind].get(id);
      if (old === undefined) return undefined;
      last[kind].delete(id);
      if (old.sig === sig) return old;
      old.el.remove();
      old.label?.remove();
      return undefined;
    };
    if (!patching) {
      replace(this.viewport, drawn.groups, drawn.edgeLayer, drawn.labels, drawn.nodeLayer);
      const ok = await forEachSliced(
        layout.groups,
        (g) => drawn.groups.appendChild(this.groupElement(g, foldable)),
        cancelled,
      );
      if (!ok) return false;
    }

    const bends = edgeBends(graph.edges);
    let ok = await forEachSliced(
      graph.edges,
      (e, i) => {
        const a = boxes.get(e.src);
        const b = boxes.get(e.dst);
        if (a === undefined || b === undefined) return;
        const geo = edgeGeometry(a, b, e.src === e.dst ? 0 : bends[i]!);
        const kind = e.change ?? 'plain';
        const dim = searching && !(hits.has(e.src) || hits.has(e.dst));
        const selected = input.selectedEdge === e.id;
        const labelled = e.label !== '' && (labelAll || e.change !== undefined);
        const l7 = e.l7 === undefined ? '' : formatConns(e.l7);
        const sig = JSON.stringify([
          e.src,
          e.dst,
          e.label,
          e.count,
          kind,
          l7,
          geo.d,
          dim,
          selected,
          labelled,
        ]);
        const kept = previous('edges', e.id, sig);
        if (kept !== undefined) {
          drawn.edges.set(e.id, kept);
          return;
        }
        const el = this.edgeElement(e, geo.d, kind, dim, selected);
        drawn.edgeLayer.appendChild(el);
        const label = labelled
          ? s(
              'text',
              {
                x: geo.label.x,
                y: geo.label.y - 3,
                class: `edge-label ${kind}${e.l7 === undefined ? '' : ' l7'}${dim ? ' dim' : ''}`,
                'text-anchor': 'middle',
              },
              e.l7 === undefined ? e.label : `${e.label} · L7`,
            )
          : undefined;
        if (label !== undefined) drawn.labels.appendChild(label);
        drawn.edges.set(e.id, { sig, el, ...(label === undefined ? {} : { label }) });
      },
      cancelled,
    );
    if (!ok) return false;

    ok = await forEachSliced(
      graph.nodes,
      (n) => {
        const b = boxes.get(n.id);
        if (b === undefined) return;
        const hit = hits.has(n.id);
        const dim = searching && !hit;
        const focused = focus === n.id;
        const sig = JSON.stringify([n, b.x, b.y, b.width, b.height, hit, dim, focused]);
        const old = last?.nodes.get(n.id);
        if (old !== undefined && old.sig === sig) {
          last?.nodes.delete(n.id);
          drawn.nodes.set(n.id, old);
          return;
        }
        const el = this.nodeElement(n, b, hit, dim, focused);
        if (old !== undefined) {
          last?.nodes.delete(n.id);
          old.el.replaceWith(el);
        } else drawn.nodeLayer.appendChild(el);
        drawn.nodes.set(n.id, { sig, el });
      },
      cancelled,
    );
    if (!ok) return false;
    // What the last drawing had and this one has not.
    if (last !== undefined) {
      for (const old of [...last.edges.values(), ...last.nodes.values()]) {
        old.el.remove();
        old.label?.remove();
      }
    }
    drawn.complete = true;

    const legendPorts = this.legend.querySelector('.legend-ports');
    if (legendPorts !== null)
      legendPorts.textContent = labelAll
        ? 'unlabelled edges: every port'
        : 'ports: hover an edge, or click a node to label its edges';
    this.svg.dataset.rendering = 'false';
    return true;
  }

  private groupElement(g: Box, foldable: boolean): SVGGElement {
    const head = s(
      'g',
      {
        class: 'group-head',
        'data-namespace': g.id,
        onclick: foldable ? () => this.handlers.onCollapse(g.id) : undefined,
      },
      s('text', { x: g.x + 12, y: g.y + 21, class: 'group-label' }, foldable ? `▾ ${g.id}` : g.id),
      s('title', {}, foldable ? `namespace ${g.id} — click to fold` : `namespace ${g.id}`),
    );
    return s(
      'g',
      { class: 'group', 'data-namespace': g.id },
      s('rect', { x: g.x, y: g.y, width: g.width, height: g.height, rx: 10, class: 'group-box' }),
      head,
    );
  }

  private edgeElement(e: VisibleEdge, d: string, kind: string, dim: boolean, selected: boolean): SVGGElement {
    const ports = e.label === '' ? 'all ports' : e.label;
    const title = `${e.src} → ${e.dst}: ${e.change === 'removed' ? `no longer allowed (was ${ports})` : ports}${e.count > 1 ? ` · ${e.count} connections` : ''} — click to ${e.src.startsWith('namespace:') || e.dst.startsWith('namespace:') ? 'open the namespace' : 'explain'}`;
    const l7 =
      e.l7 === undefined
        ? []
        : [
            `L7 ${formatConns(e.l7)}: allowed at L4; an L7 rule judges each request at run time (explain: what decides)`,
          ];
    return s(
      'g',
      {
        class: `edge ${kind}${e.l7 === undefined ? '' : ' l7'}${dim ? ' dim' : ''}${selected ? ' selected' : ''}`,
        'data-src': e.src,
        'data-dst': e.dst,
        'data-change': e.change,
        'data-count': e.count,
        'data-l7': e.l7 === undefined ? undefined : formatConns(e.l7),
        onclick: () => this.handlers.onEdge(this.liveEdges.get(e.id) ?? e),
        onmouseenter: (ev: Event) => this.showTooltip(ev as MouseEvent, [title, ...l7]),
        onmouseleave: () => this.hideTooltip(),
      },
      s('path', { d, class: 'edge-hit' }),
      s('path', { d, class: 'edge-line', 'marker-end': `url(#arrow-${kind})` }),
    );
  }

  private nodeElement(n: VisibleNode, b: Box, hit: boolean, dim: boolean, focused: boolean): SVGGElement {
    const cls = `node ${n.type}${hit ? ' hit' : ''}${dim ? ' dim' : ''}${focused ? ' selected' : ''} ingress-${n.ingress}`;
    return s(
      'g',
      {
        class: cls,
        'data-id': n.id,
        transform: `translate(${b.x},${b.y})`,
        onclick: () =>
          n.type === 'namespace' ? this.handlers.onNamespace(n.label) : this.handlers.onNode(n),
        onmouseenter: (ev: Event) => this.showTooltip(ev as MouseEvent, this.nodeTooltip(n, this.liveInfo)),
        onmouseleave: () => this.hideTooltip(),
      },
      n.type === 'entity'
        ? s('path', { d: hexagon(b.width, b.height), class: 'node-box' })
        : s('rect', {
            width: b.width,
            height: b.height,
            rx: n.type === 'external' ? 22 : 7,
            class: 'node-box',
          }),
      s(
        'text',
        { x: n.type === 'entity' ? 16 : 10, y: 19, class: 'node-label' },
        n.type === 'namespace' ? `▸ ${n.label}` : n.label,
      ),
      s('text', { x: n.type === 'entity' ? 16 : 10, y: 37, class: 'node-sublabel' }, n.sublabel),
      ...(n.type === 'external' || n.type === 'entity'
        ? []
        : [
            this.pill(b.width - 62, 'IN', n.ingress, `ingress: ${COVERAGE_TEXT[n.ingress]}`),
            this.pill(b.width - 32, 'EG', n.egress, `egress: ${COVERAGE_TEXT[n.egress]}`),
          ]),
    );
  }

  private renderCrumbs(input: GraphRenderInput) {
    const scope = input.options.scope ?? ALL_SCOPE;
    const crumb = (label: string, to: GraphScope | undefined, id: string) =>
      to === undefined
        ? h('span', { class: 'crumb current', 'data-crumb': id, 'aria-current': 'page' }, label)
        : h(
            'button',
            { class: 'crumb link', 'data-crumb': id, onclick: () => this.handlers.onScope(to) },
            label,
          );
    const folded = input.graph.nodes.filter((n) => n.type === 'namespace').length;
    if (scope.type === 'all') {
      replace(
        this.crumbs,
        crumb('All namespaces', undefined, 'all'),
        h(
          'span',
          { class: 'meta' },
          folded > 0
            ? ` · ${folded} folded: click one to open it, a workload to focus on it`
            : ' · click a workload to focus on it',
        ),
      );
      return;
    }
    if (scope.type === 'namespace') {
      replace(
        this.crumbs,
        crumb('All namespaces', ALL_SCOPE, 'all'),
        h('span', { class: 'sep' }, '›'),
        crumb(`namespace ${scope.namespace}`, undefined, 'namespace'),
        h('span', { class: 'meta' }, ' · with the namespaces it talks with'),
      );
      return;
    }
    const ns = input.model.nodes.find((n) => n.id === scope.node)?.namespace;
    replace(
      this.crumbs,
      crumb('All namespaces', ALL_SCOPE, 'all'),
      ...(ns === undefined
        ? []
        : [
            h('span', { class: 'sep' }, '›'),
            crumb(`namespace ${ns}`, { type: 'namespace', namespace: ns }, 'namespace'),
          ]),
      h('span', { class: 'sep' }, '›'),
      crumb(scope.node, undefined, 'focus'),
      h('span', { class: 'meta' }, ' · in focus: its in- and out-neighbours only'),
    );
  }

  private renderNotice(input: GraphRenderInput) {
    const text = input.notice;
    this.notice.hidden = text === undefined;
    this.notice.textContent = text ?? '';
    this.svg.dataset.omittedEdges = String(input.omittedEdges);
  }

  private pill(x: number, text: string, coverage: Coverage, title: string): SVGGElement {
    return s(
      'g',
      { class: `pill ${coverage}`, transform: `translate(${x},8)` },
      s('rect', { width: 27, height: 16, rx: 4 }),
      s('text', { x: 13.5, y: 12, 'text-anchor': 'middle' }, text),
      s('title', {}, title),
    );
  }

  private nodeTooltip(n: VisibleNode, info: ReadonlyMap<string, NodeInfo>): string[] {
    if (n.type === 'namespace') {
      return [`namespace ${n.label}`, n.sublabel, `ingress: ${COVERAGE_TEXT[n.ingress]}`, 'click to expand'];
    }
    const i = info.get(n.id);
    if (i === undefined) return [n.id];
    if (i.kind === 'External') return [`${(i.cidrs ?? []).join(', ')}`, 'addresses outside the cluster'];
    if (i.kind === 'Entity') return [`Cilium entity ${i.name}`, ENTITY_TEXT[i.name] ?? 'a reserved identity'];
    const labels = Object.entries(i.labels).map(([k, v]) => `  ${k}=${v}`);
    return [
      `${i.kind} ${i.id}`,
      ...(i.pods > 1 ? [`${i.pods} pods`] : []),
      ...(i.ips.length > 0 ? [`IP ${i.ips.slice(0, 4).join(', ')}${i.ips.length > 4 ? ', …' : ''}`] : []),
      labels.length === 0 ? 'no labels' : 'labels:',
      ...labels,
      `ingress: ${COVERAGE_TEXT[i.ingress]}`,
      `egress: ${COVERAGE_TEXT[i.egress]}`,
    ];
  }

  private showTooltip(event: MouseEvent, lines: readonly string[]) {
    replace(this.tooltip, ...lines.map((l, i) => h('div', { class: i === 0 ? 'tt-head' : 'tt-line' }, l)));
    this.tooltip.hidden = false;
    // Next to the pointer, flipped to stay inside the canvas.
    const host = this.tooltip.parentElement!.getBoundingClientRect();
    const x = event.clientX - host.left;
    const y = event.clientY - host.top;
    const w = this.tooltip.offsetWidth;
    const ht = this.tooltip.offsetHeight;
    const left = x + 14 + w > host.width ? Math.max(0, x - w - 10) : x + 14;
    const top = y + 14 + ht > host.height ? Math.max(0, y - ht - 10) : y + 14;
    this.tooltip.style.left = `${left}px`;
    this.tooltip.style.top = `${top}px`;
  }

  private hideTooltip() {
    this.tooltip.hidden = true;
  }

  private renderToolbar(input: GraphRenderInput) {
    renderGraphToolbar(this.toolbar, input, this.ports, {
      onOptions: (o) => this.handlers.onOptions(o),
      onGranularity: (g) => this.handlers.onGranularity(g),
      onSearch: (q, reveal) => this.handlers.onSearch(q, reveal),
      onFit: () => this.fit(true),
      rerender: () => this.renderToolbar(input),
    });
  }

  /** The graph as a standalone SVG document, styled inline, for exports. */
  standaloneSvg(css: string): string {
    const layout = this.input?.layout;
    const clone = this.svg.cloneNode(true) as SVGSVGElement;
    const width = Math.ceil(layout?.width ?? 800);
    const height = Math.ceil(layout?.height ?? 600);
    clone.setAttribute('width', String(width));
    clone.setAttribute('height', String(height));
    clone.setAttribute('viewBox', `0 -40 ${width} ${height + 40}`);
    clone.querySelector('.viewport')?.removeAttribute('transform');
    // sized by its attributes, not as the page's canvas
    clone.removeAttribute('style');
    const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
    style.textContent = css;
    clone.insertBefore(style, clone.firstChild);
    return new XMLSerializer().serializeToString(clone);
  }
}

/** What each entity drawn as a node stands for, in a tooltip. */
const ENTITY_TEXT: Readonly<Record<string, string>> = {
  host: "each pod's own node (Cilium always admits traffic from it)",
  'remote-node': 'the other nodes of the cluster',
  'kube-apiserver': 'the API server (the endpoints of default/kubernetes)',
  world: 'addresses outside the cluster that no CIDR rule names',
};

/** A hexagon filling a node's box: entities are drawn apart from pods and address blocks. */
function hexagon(width: number, height: number): string {
  const k = 12;
  return `M${k},0 L${width - k},0 L${width},${height / 2} L${width - k},${height} L${k},${height} L0,${height / 2} Z`;
}

/** The collapsed-namespace node id for a namespace (re-exported for the app). */
export { namespaceNodeId };
