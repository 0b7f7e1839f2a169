import type { Granularity } from '../../../src/engine/matrix.js';
import type { ProtocolChoice } from '../matrix/filter.js';
import { CELL, type Heatmap } from '../matrix/heatmap.js';
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
}

const STATE_TEXT = ['denied', 'partially allowed', 'allowed', 'not applicable'] as const;
const STATE_CLASS = ['denied', 'partial', 'allowed', 'none'] as const;

/** The matrix tab: a source × destination heatmap with a port/protocol filter. */
export class MatrixView {
  readonly element: HTMLElement;
  private readonly toolbar: HTMLElement;
  private readonly body: HTMLElement;

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
          `${heatmap.omitted} rows are too many to read: choose namespaces as rows, or filter the graph instead.`,
        ),
      );
      return;
    }
    if (n === 0) {
      replace(this.body, h('p', { class: 'empty' }, 'Nothing to show: the workspace has no pods.'));
      return;
    }
    const head = h(
      'tr',
      {},
      h('th', { class: 'corner' }, 'source ↓  destination →'),
      ...heatmap.nodes.map((c) => h('th', { class: 'col', title: c.id }, h('span', {}, c.label))),
    );
    const rows = heatmap.nodes.map((row, r) =>
      h(
        'tr',
        {},
        h(
          'th',
          { class: 'row', title: row.id },
          row.namespace === undefined ? row.label : `${row.namespace}/${row.label}`,
        ),
        ...heatmap.nodes.map((col, c) => {
          const code = heatmap.cells[r * n + c] ?? CELL.none;
          const extra = heatmap.titles[r * n + c];
          const title = `${row.id} → ${col.id}: ${STATE_TEXT[code]}${extra ? ` (${extra})` : ''}`;
          const clickable = code !== CELL.none && state.granularity !== 'namespace';
          return h('td', {
            class: `cell ${STATE_CLASS[code]}${clickable ? ' clickable' : ''}`,
            title,
            'data-src': row.id,
            'data-dst': col.id,
            'data-state': STATE_CLASS[code],
            onclick: clickable ? () => this.handlers.onCell(row.id, col.id) : undefined,
          });
        }),
      ),
    );
    replace(
      this.body,
      h('table', { class: 'heatmap' }, h('thead', {}, head), h('tbody', {}, ...rows)),
      h(
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
          : ' · click a cell to explain it',
      ),
    );
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
