import type { GraphGranularity } from '../graph/model.js';
import type { EdgeMode, GraphViewOptions } from '../graph/project.js';
import { type ProtocolChoice, parsePortFilter } from '../matrix/filter.js';
import { appendAll } from './chunks.js';
import { h, replace } from './dom.js';
import type { GraphRenderInput } from './graph-view.js';

/** The port filter as typed (the view options hold it parsed). */
export interface PortsState {
  text: string;
  protocol: ProtocolChoice;
  error: string | undefined;
}

export interface ToolbarHandlers {
  onOptions(options: GraphViewOptions): void;
  onGranularity(granularity: GraphGranularity): void;
  onSearch(query: string, reveal: boolean): void;
  onFit(): void;
  /** Draws the toolbar again (after a filter the page could not read). */
  rerender(): void;
}

/**
 * The graph's toolbar: nodes (workloads or pods), which edges, external nodes, namespaces to
 * show, a port filter, folding, fit and search. Redrawn with every graph; keeps the search
 * field's focus and the namespace menu's open state across redraws.
 */
export function renderGraphToolbar(
  toolbar: HTMLElement,
  input: GraphRenderInput,
  portsState: PortsState,
  handlers: ToolbarHandlers,
): void {
  const { options, model } = input;
  const set = (patch: Partial<GraphViewOptions>) => handlers.onOptions({ ...options, ...patch });
  const select = <T extends string>(
    label: string,
    value: T,
    choices: readonly [T, string][],
    on: (v: T) => void,
  ) =>
    h(
      'label',
      { class: 'field' },
      label,
      h(
        'select',
        { onchange: (e: Event) => on((e.target as HTMLSelectElement).value as T), 'data-control': label },
        ...choices.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
      ),
    );
  // Built when the menu opens: thousands of namespaces cost nothing until then.
  const namespaceChecks = () =>
    model.namespaces.map((ns) =>
      h(
        'label',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          checked: !options.hidden.includes(ns.name),
          'data-namespace': ns.name,
          onchange: (e: Event) => {
            const on = (e.target as HTMLInputElement).checked;
            const rest = options.hidden.filter((n) => n !== ns.name);
            set({ hidden: on ? rest : [...rest, ns.name] });
          },
        }),
        ns.name,
      ),
    );
  const search = h('input', {
    type: 'search',
    class: 'search',
    placeholder: 'search pods, labels, IPs…',
    value: input.query,
    'aria-label': 'search the graph',
    oninput: (e: Event) => handlers.onSearch((e.target as HTMLInputElement).value, false),
    onkeydown: (e: Event) => {
      if ((e as KeyboardEvent).key === 'Enter') handlers.onSearch((e.target as HTMLInputElement).value, true);
    },
  });
  const previous = toolbar.querySelector<HTMLInputElement>('input.search');
  const hadFocus = previous !== null && document.activeElement === previous;
  const menuWasOpen = toolbar.querySelector<HTMLDetailsElement>('details.menu')?.open ?? false;
  const applyPorts = () => {
    const parsed = parsePortFilter(portsState.text, portsState.protocol);
    portsState.error = parsed.ok ? undefined : parsed.message;
    if (parsed.ok) set({ filter: parsed.filter });
    else handlers.rerender();
  };
  const ports = h(
    'span',
    { class: 'field' },
    'Ports',
    h(
      'select',
      {
        'aria-label': 'graph protocol',
        onchange: (e: Event) => {
          portsState.protocol = (e.target as HTMLSelectElement).value as ProtocolChoice;
          applyPorts();
        },
      },
      ...(['any', 'TCP', 'UDP', 'SCTP'] as const).map((p) =>
        h('option', { value: p, selected: p === portsState.protocol }, p),
      ),
    ),
    h('input', {
      type: 'text',
      class: `graph-ports${portsState.error === undefined ? '' : ' invalid'}`,
      placeholder: 'all',
      value: portsState.text,
      title: portsState.error ?? 'only connections on these ports, e.g. 443 or 8000-8100',
      'aria-label': 'graph ports',
      onchange: (e: Event) => {
        portsState.text = (e.target as HTMLInputElement).value;
        applyPorts();
      },
    }),
  );
  replace(
    toolbar,
    select<GraphGranularity>(
      'Nodes',
      input.granularity,
      [
        ['workload', 'workloads'],
        ['pod', 'pods'],
      ],
      (v) => handlers.onGranularity(v),
    ),
    select<EdgeMode>(
      'Edges',
      options.edges,
      [
        ['all', 'all allowed'],
        ['isolated', 'into/out of isolated pods'],
      ],
      (v) => set({ edges: v }),
    ),
    h(
      'label',
      { class: 'check' },
      h('input', {
        type: 'checkbox',
        checked: options.showExternal,
        onchange: (e: Event) => set({ showExternal: (e.target as HTMLInputElement).checked }),
      }),
      'external',
    ),
    h(
      'details',
      {
        class: 'menu',
        ontoggle: (e: Event) => {
          const menu = e.target as HTMLDetailsElement;
          const body = menu.querySelector('.menu-body');
          if (menu.open && body !== null && body.childElementCount === 0) appendAll(body, namespaceChecks());
        },
      },
      h(
        'summary',
        {},
        `Namespaces (${model.namespaces.length - options.hidden.length}/${model.namespaces.length})`,
      ),
      h('div', { class: 'menu-body' }),
    ),
    ports,
    h(
      'button',
      {
        onclick: () => set({ collapsed: model.namespaces.map((n) => n.name) }),
        title: 'draw each namespace as one node',
      },
      'Collapse all',
    ),
    h('button', { onclick: () => set({ collapsed: [] }) }, 'Expand all'),
    h('button', { onclick: () => handlers.onFit(), title: 'fit the graph to the window' }, 'Fit'),
    search,
    searchSummary(input),
  );
  const menu = toolbar.querySelector<HTMLDetailsElement>('details.menu');
  if (menu !== null) menu.open = menuWasOpen;
  if (hadFocus) {
    search.focus();
    search.setSelectionRange(search.value.length, search.value.length);
  }
}

/** How many matches, and where: "3 matches in 2 folded namespaces — Enter shows them". */
function searchSummary(input: GraphRenderInput): HTMLElement | null {
  const { matches, folded } = input.search;
  if (input.query.trim() === '') return null;
  const n = matches.length;
  const text =
    n === 0
      ? 'no match'
      : `${n} match${n === 1 ? '' : 'es'}${folded.length > 0 ? ` in ${folded.length} folded namespace${folded.length === 1 ? '' : 's'} — Enter shows them` : ''}`;
  return h('span', { class: 'meta search-summary', 'data-matches': n }, text);
}
