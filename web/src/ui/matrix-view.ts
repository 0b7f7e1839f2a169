import type { Granularity } from '../../../src/engine/matrix.js';
import type { ProtocolChoice } from '../matrix/filter.js';
import { CELL, type Heatmap } from '../matrix/heatmap.js';
import { appendAll } from './chunks.js';
import { h, replace } from './dom.js';

export interface MatrixFilterState {
  readonly granularity: Granularity;
  readonly protocol: ProtocolChoice;
  readonly ports: string;
  /** A message when `ports` cannot be read. */
  readonly error?: string;
}

export interface MatrixHandlers {
  onFilter(state: MatrixFilterState): void;
  onCell(src: string, dst: string): void;
  /** Fold (or unfold) a namespace's rows and columns into one. */
  onFold(namespace: string, fold: boolean): void;
}

const STATE_TEXT = ['denied', 'partially allowed', 'allowed', 'not applicable'] as const;
const STATE_CLASS = ['denied', 'partial', 'allowed', 'none'] as const;

/** The matrix tab: a source × destination heatmap with a port/protocol filter. */
export class MatrixView {
  readonly element: HTMLElement;
  private readonly toolbar: HTMLElement;
  private readonly body: HTMLElement;
  private grid: HeatGrid | undefined;
  /** A namespace to scroll to once the next heatmap is drawn. */
  private reveal: string | undefined;

  constructor(private readonly handlers: MatrixHandlers) {
    this.toolbar = h('div', { class: 'toolbar' });
    this.body = h('div', { class: 'heatmap-host' });
    this.element = h('section', { class: 'matrix-view' }, this.toolbar, this.body);
  }

  /** While the heatmap is being computed. */
  pending(state: MatrixFilterState): void {
    this.renderToolbar(state);
    replace(this.body, h('p', { class: 'empty' }, 'Computing the matrix…'));
  }

  render(heatmap: Heatmap, state: MatrixFilterState): void {
    this.renderToolbar(state);
    const n = heatmap.nodes.length;
    if (heatmap.omitted !== undefined) {
      replace(
        this.body,
        h(
          'p',
          { class: 'empty' },
          `${heatmap.omitted} rows are too many: fold namespaces, or choose namespaces as rows.`,
        ),
      );
      return;
    }
    if (n === 0) {
      replace(this.body, h('p', { class: 'empty' }, 'Nothing to show: the workspace has no pods.'));
      return;
    }
    const previous = this.grid?.element;
    this.grid = new HeatGrid(heatmap, state, {
      ...this.handlers,
      onFold: (ns, fold) => {
        this.reveal = ns;
        this.handlers.onFold(ns, fold);
      },
    });
    replace(this.body, this.grid.element, legend(state));
    // Keep the place, or go to the namespace just (un)folded.
    const at = this.reveal === undefined ? -1 : heatmap.nodes.findIndex((e) => e.namespace === this.reveal);
    this.reveal = undefined;
    if (at >= 0) this.grid.scrollTo(at);
    else if (previous !== undefined) {
      this.grid.element.scrollTop = previous.scrollTop;
      this.grid.element.scrollLeft = previous.scrollLeft;
    }
    this.grid.draw();
  }

  private renderToolbar(state: MatrixFilterState) {
    const emit = (patch: Partial<MatrixFilterState>) => {
      const { error: _drop, ...rest } = { ...state, ...patch };
      this.handlers.onFilter(rest);
    };
    const ports = h('input', {
      type: 'text',
      class: 'ports',
      placeholder: 'all ports (e.g. 80,443 or 8000-8100)',
      value: state.ports,
      'aria-label': 'ports',
      onchange: (e: Event) => emit({ ports: (e.target as HTMLInputElement).value }),
    });
    replace(
      this.toolbar,
      h(
        'label',
        { class: 'field' },
        'Rows',
        h(
          'select',
          {
            onchange: (e: Event) =>
              emit({ granularity: (e.target as HTMLSelectElement).value as Granularity }),
          },
          ...(['namespace', 'workload', 'pod'] as const).map((g) =>
            h('option', { value: g, selected: g === state.granularity }, `${g}s`),
          ),
        ),
      ),
      h(
        'label',
        { class: 'field' },
        'Protocol',
        h(
          'select',
          {
            'aria-label': 'protocol',
            onchange: (e: Event) =>
              emit({ protocol: (e.target as HTMLSelectElement).value as ProtocolChoice }),
          },
          ...(['any', 'TCP', 'UDP', 'SCTP'] as const).map((p) =>
            h('option', { value: p, selected: p === state.protocol }, p),
          ),
        ),
      ),
      h('label', { class: 'field' }, 'Ports', ports),
      state.error === undefined ? null : h('span', { class: 'error-text' }, state.error),
    );
  }
}

function legend(state: MatrixFilterState): HTMLElement {
  return h(
    'p',
    { class: 'heat-legend' },
    h('span', { class: 'swatch allowed' }),
    ' allowed ',
    h('span', { class: 'swatch partial' }),
    ' partially allowed (some ports or some pods) ',
    h('span', { class: 'swatch denied' }),
    ' denied ',
    h('span', { class: 'swatch none' }),
    ' n/a',
    state.granularity === 'namespace'
      ? ' · pick workloads or pods to explain a cell'
      : ' · click a cell to explain it, a namespace (▸ ▾) to fold or unfold it',
  );
}

/** Cell size and header sizes of the heatmap grid, in px. */
const CELL_PX = 22;
const ROW_HEAD_PX = 260;
const COL_HEAD_PX = 150;
const GROUP_PX = 22;

/**
 * The heatmap as a grid drawn only where it is in view: rows and columns scroll, headers stay
 * (namespace groups above the column names), and a thousand rows cost no more than thirty.
 */
class HeatGrid {
  readonly element: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly layer: HTMLElement;
  private frame = 0;

  constructor(
    private readonly heatmap: Heatmap,
    private readonly state: MatrixFilterState,
    private readonly handlers: MatrixHandlers,
  ) {
    const n = heatmap.nodes.length;
    this.layer = h('div', { class: 'heat-layer' });
    this.canvas = h(
      'div',
      {
        class: 'heat-canvas',
        style: `width:${ROW_HEAD_PX + n * CELL_PX}px;height:${GROUP_PX + COL_HEAD_PX + n * CELL_PX}px`,
      },
      this.layer,
    );
    this.element = h('div', { class: 'heat-scroll', 'data-rows': n }, this.canvas);
    this.element.addEventListener('scroll', () => {
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(() => this.draw());
    });
  }

  /** Scrolls row and column `index` to the top-left of the view. */
  scrollTo(index: number): void {
    this.element.scrollTop = index * CELL_PX;
    this.element.scrollLeft = index * CELL_PX;
  }

  /** Draws the cells and headers in view (plus a margin). */
  draw(): void {
    const { nodes, cells, titles } = this.heatmap;
    const n = nodes.length;
    const view = this.element;
    const width = view.clientWidth || 900;
    const height = view.clientHeight || 600;
    const top = GROUP_PX + COL_HEAD_PX;
    const r0 = Math.max(0, Math.floor((view.scrollTop - 0) / CELL_PX) - 4);
    const r1 = Math.min(n, Math.ceil((view.scrollTop + height - top) / CELL_PX) + 4);
    const c0 = Math.max(0, Math.floor(view.scrollLeft / CELL_PX) - 4);
    const c1 = Math.min(n, Math.ceil((view.scrollLeft + width - ROW_HEAD_PX) / CELL_PX) + 4);
    const out: HTMLElement[] = [];
    const clickable = this.state.granularity !== 'namespace';
    for (let r = r0; r < r1; r++) {
      const row = nodes[r]!;
      for (let c = c0; c < c1; c++) {
        const col = nodes[c]!;
        const code = cells[r * n + c] ?? CELL.none;
        const extra = titles[r * n + c];
        const canClick =
          clickable && code !== CELL.none && row.folded === undefined && col.folded === undefined;
        out.push(
          h('div', {
            class: `cell ${STATE_CLASS[code]}${canClick ? ' clickable' : ''}`,
            style: `left:${ROW_HEAD_PX + c * CELL_PX}px;top:${top + r * CELL_PX}px`,
            title: `${row.id} → ${col.id}: ${STATE_TEXT[code]}${extra ? ` (${extra})` : ''}`,
            'data-src': row.id,
            'data-dst': col.id,
            'data-state': STATE_CLASS[code],
            onclick: canClick ? () => this.handlers.onCell(row.id, col.id) : undefined,
          }),
        );
      }
    }
    // Row headers stick to the left edge, column headers and groups to the top.
    const left = view.scrollLeft;
    const up = view.scrollTop;
    for (let r = r0; r < r1; r++) {
      const row = nodes[r]!;
      out.push(
        h(
          'div',
          {
            class: `row-head${row.folded === undefined ? '' : ' folded'}`,
            style: `left:${left}px;top:${top + r * CELL_PX}px;width:${ROW_HEAD_PX}px`,
            title: row.id,
            'data-row': row.id,
          },
          this.axisLabel(row, true),
        ),
      );
    }
    for (let c = c0; c < c1; c++) {
      const col = nodes[c]!;
      out.push(
        h(
          'div',
          {
            class: `col-head${col.folded === undefined ? '' : ' folded'}`,
            style: `left:${ROW_HEAD_PX + c * CELL_PX}px;top:${up + GROUP_PX}px;height:${COL_HEAD_PX}px`,
            title: col.id,
            'data-col': col.id,
          },
          h('span', {}, this.axisLabel(col, false)),
        ),
      );
    }
    // Namespace groups over the columns in view: one band per run of the same namespace.
    let c = c0;
    while (c < c1) {
      const ns = nodes[c]!.namespace;
      let end = c + 1;
      while (end < c1 && nodes[end]!.namespace === ns) end++;
      if (ns !== undefined) {
        const folded = nodes[c]!.folded !== undefined;
        out.push(
          h(
            'button',
            {
              class: `group-band${folded ? ' folded' : ''}`,
              style: `left:${ROW_HEAD_PX + c * CELL_PX}px;top:${up}px;width:${(end - c) * CELL_PX}px;height:${GROUP_PX}px`,
              title: `namespace ${ns} — click to ${folded ? 'unfold' : 'fold'}`,
              'data-group': ns,
              onclick: () => this.handlers.onFold(ns, !folded),
            },
            `${folded ? '▸' : '▾'} ${ns}`,
          ),
        );
      }
      c = end;
    }
    out.push(
      h(
        'div',
        {
          class: 'heat-corner',
          style: `left:${left}px;top:${up}px;width:${ROW_HEAD_PX}px;height:${top}px`,
        },
        'source ↓  destination →',
      ),
    );
    replace(this.layer);
    appendAll(this.layer, out);
    this.element.dataset.drawn = `${r1 - r0}x${c1 - c0}`;
  }

  /** A row is `namespace/name` (a folded namespace: `▸ namespace (N)`); a column its name. */
  private axisLabel(e: Heatmap['nodes'][number], row: boolean): Node | string {
    if (e.folded !== undefined) {
      const ns = e.namespace ?? e.id;
      return row
        ? h(
            'button',
            { class: 'link fold', 'data-unfold': ns, onclick: () => this.handlers.onFold(ns, false) },
            `▸ ${ns} (${e.folded} pods)`,
          )
        : `▸ ${ns}`;
    }
    if (e.external) return e.label;
    return row && e.namespace !== undefined ? `${e.namespace}/${e.label}` : e.label;
  }
}
