import { edgeBends, edgeGeometry } from '../graph/geometry.js';
import type { Box, GraphLayout } from '../graph/layout.js';
import type { GraphGranularity } from '../graph/model.js';
import type { GraphViewOptions, VisibleEdge, VisibleGraph, VisibleNode } from '../graph/project.js';
import { namespaceNodeId } from '../graph/project.js';
import type { Coverage, GraphModel, NodeInfo } from '../view/types.js';
import { h, replace, s } from './dom.js';
import { type PortsState, renderGraphToolbar } from './graph-toolbar.js';

export interface GraphHandlers {
  onEdge(edge: VisibleEdge): void;
  onNode(node: VisibleNode): void;
  onOptions(options: GraphViewOptions): void;
  onGranularity(granularity: GraphGranularity): void;
  onSearch(query: string): void;
}

export interface GraphRenderInput {
  readonly model: GraphModel;
  readonly graph: VisibleGraph;
  readonly layout: GraphLayout;
  readonly options: GraphViewOptions;
  readonly granularity: GraphGranularity;
  readonly search: ReadonlySet<string>;
  readonly query: string;
  readonly selectedNode?: string;
  readonly selectedEdge?: string;
}

/** Above this many edges, labels show only where they matter (see render). */
export const MAX_LABELLED_EDGES = 30;

const COVERAGE_TEXT: Record<Coverage, string> = {
  all: 'isolated',
  some: 'partly isolated',
  none: 'not isolated (open to all)',
};

/** The graph tab: toolbar, SVG canvas with pan and zoom, tooltips. */
export class GraphView {
  readonly element: HTMLElement;
  readonly svg: SVGSVGElement;
  private readonly viewport: SVGGElement;
  private readonly tooltip: HTMLElement;
  private readonly toolbar: HTMLElement;
  private readonly legend: HTMLElement;
  private transform = { x: 0, y: 0, k: 1 };
  private fittedKey = '';
  private input: GraphRenderInput | undefined;
  /** The port filter as typed (the view options hold it parsed). */
  private readonly ports: PortsState = {
    text: '',
    protocol: 'any',
    error: undefined,
  };

  constructor(private readonly handlers: GraphHandlers) {
    this.toolbar = h('div', { class: 'toolbar' });
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
      h('span', { class: 'legend-ports' }, ''),
    );
    const canvas = h('div', { class: 'canvas' }, this.svg, this.tooltip, this.legend);
    this.element = h('section', { class: 'graph-view' }, this.toolbar, canvas);
    this.installPanZoom(canvas);
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
    this.viewport.setAttribute(
      'transform',
      `translate(${x.toFixed(1)},${y.toFixed(1)}) scale(${k.toFixed(4)})`,
    );
  }

  /** Fits the whole graph into the canvas. */
  fit(): void {
    const layout = this.input?.layout;
    if (layout === undefined) return;
    const rect = this.svg.getBoundingClientRect();
    const w = rect.width || 800;
    const hgt = rect.height || 500;
    const k = Math.min(1.25, Math.max(0.1, Math.min(w / (layout.width + 40), hgt / (layout.height + 40))));
    this.transform = { k, x: (w - layout.width * k) / 2, y: Math.max(8, (hgt - layout.height * k) / 2) };
    this.applyTransform();
  }

  render(input: GraphRenderInput): void {
    this.input = input;
    this.renderToolbar(input);
    const { graph, layout, model } = input;
    const boxes = new Map<string, Box>(layout.nodes.map((b) => [b.id, b]));
    const info = new Map(model.nodes.map((n) => [n.id, n]));
    const searching = input.query.trim() !== '';
    const focus = input.selectedNode;
    const touches = (e: VisibleEdge) => focus === undefined || e.src === focus || e.dst === focus;

    const groups = layout.groups.map((g) => {
      const head = s(
        'g',
        {
          class: 'group-head',
          'data-namespace': g.id,
          onclick: () => this.toggleNamespace(g.id, true),
        },
        s('text', { x: g.x + 12, y: g.y + 21, class: 'group-label' }, `▾ ${g.id}`),
        s('title', {}, `namespace ${g.id} — click to collapse`),
      );
      return s(
        'g',
        { class: 'group', 'data-namespace': g.id },
        s('rect', { x: g.x, y: g.y, width: g.width, height: g.height, rx: 10, class: 'group-box' }),
        head,
      );
    });

    const bends = edgeBends(graph.edges);
    // Many labels overlap into noise: beyond a few dozen edges only the selected node's, the
    // changed ones and the hovered one (its tooltip) carry their ports.
    const labelAll = graph.edges.length <= MAX_LABELLED_EDGES;
    const edgeEls: SVGGElement[] = [];
    const labelEls: SVGTextElement[] = [];
    graph.edges.forEach((e, i) => {
      const a = boxes.get(e.src);
      const b = boxes.get(e.dst);
      if (a === undefined || b === undefined) return;
      const geo = edgeGeometry(a, b, e.src === e.dst ? 0 : bends[i]!);
      const kind = e.change ?? 'plain';
      const dim = (searching && !(input.search.has(e.src) || input.search.has(e.dst))) || !touches(e);
      const cls = `edge ${kind}${dim ? ' dim' : ''}${input.selectedEdge === e.id ? ' selected' : ''}`;
      const ports = e.label === '' ? 'all ports' : e.label;
      const title = `${e.src} → ${e.dst}: ${e.change === 'removed' ? `no longer allowed (was ${ports})` : ports}${e.count > 1 ? ` · ${e.count} connections` : ''} — click to explain`;
      const group = s(
        'g',
        {
          class: cls,
          'data-src': e.src,
          'data-dst': e.dst,
          'data-change': e.change,
          onclick: () => this.handlers.onEdge(e),
          onmouseenter: (ev: Event) => this.showTooltip(ev as MouseEvent, [title]),
          onmouseleave: () => this.hideTooltip(),
        },
        s('path', { d: geo.d, class: 'edge-hit' }),
        s('path', { d: geo.d, class: 'edge-line', 'marker-end': `url(#arrow-${kind})` }),
      );
      edgeEls.push(group);
      if (e.label !== '' && (labelAll || e.change !== undefined || (focus !== undefined && touches(e))))
        labelEls.push(
          s(
            'text',
            {
              x: geo.label.x,
              y: geo.label.y - 3,
              class: `edge-label ${kind}${dim ? ' dim' : ''}`,
              'text-anchor': 'middle',
            },
            e.label,
          ),
        );
    });

    const nodes = graph.nodes.map((n) => {
      const b = boxes.get(n.id);
      if (b === undefined) return null;
      const hit = input.search.has(n.id);
      const dim = searching && !hit;
      const cls = `node ${n.type}${hit ? ' hit' : ''}${dim ? ' dim' : ''}${focus === n.id ? ' selected' : ''} ingress-${n.ingress}`;
      const lines = this.nodeTooltip(n, info);
      return s(
        'g',
        {
          class: cls,
          'data-id': n.id,
          transform: `translate(${b.x},${b.y})`,
          onclick: () =>
            n.type === 'namespace' ? this.toggleNamespace(n.label, false) : this.handlers.onNode(n),
          onmouseenter: (ev: Event) => this.showTooltip(ev as MouseEvent, lines),
          onmouseleave: () => this.hideTooltip(),
        },
        s('rect', {
          width: b.width,
          height: b.height,
          rx: n.type === 'external' ? 22 : 7,
          class: 'node-box',
        }),
        s('text', { x: 10, y: 19, class: 'node-label' }, n.type === 'namespace' ? `▸ ${n.label}` : n.label),
        s('text', { x: 10, y: 35, class: 'node-sublabel' }, n.sublabel),
        ...(n.type === 'external'
          ? []
          : [
              this.pill(b.width - 56, 'IN', n.ingress, `ingress: ${COVERAGE_TEXT[n.ingress]}`),
              this.pill(b.width - 29, 'EG', n.egress, `egress: ${COVERAGE_TEXT[n.egress]}`),
            ]),
      );
    });

    replace(
      this.viewport,
      s('g', { class: 'groups' }, ...groups),
      s('g', { class: 'edges' }, ...edgeEls),
      s('g', { class: 'edge-labels' }, ...labelEls),
      s('g', { class: 'nodes' }, ...nodes),
    );
    const legendPorts = this.legend.querySelector('.legend-ports');
    if (legendPorts !== null)
      legendPorts.textContent = labelAll
        ? 'unlabelled edges: every port'
        : 'ports: hover an edge, or click a node to label its edges';
    this.svg.dataset.edges = String(graph.edges.length);
    this.svg.dataset.nodes = String(graph.nodes.length);
    const key = `${layout.width}x${layout.height}:${graph.nodes.map((n) => n.id).join(',')}`;
    if (key !== this.fittedKey) {
      this.fittedKey = key;
      requestAnimationFrame(() => this.fit());
    } else this.applyTransform();
  }

  private pill(x: number, text: string, coverage: Coverage, title: string): SVGGElement {
    return s(
      'g',
      { class: `pill ${coverage}`, transform: `translate(${x},8)` },
      s('rect', { width: 23, height: 14, rx: 4 }),
      s('text', { x: 11.5, y: 10.5, 'text-anchor': 'middle' }, text),
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

  private toggleNamespace(ns: string, collapse: boolean) {
    const options = this.input?.options;
    if (options === undefined) return;
    const rest = options.collapsed.filter((c) => c !== ns);
    this.handlers.onOptions({ ...options, collapsed: collapse ? [...rest, ns] : rest });
  }

  private renderToolbar(input: GraphRenderInput) {
    renderGraphToolbar(this.toolbar, input, this.ports, {
      onOptions: (o) => this.handlers.onOptions(o),
      onGranularity: (g) => this.handlers.onGranularity(g),
      onSearch: (q) => this.handlers.onSearch(q),
      onFit: () => this.fit(),
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
    const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
    style.textContent = css;
    clone.insertBefore(style, clone.firstChild);
    return new XMLSerializer().serializeToString(clone);
  }
}

/** The collapsed-namespace node id for a namespace (re-exported for the app). */
export { namespaceNodeId };
