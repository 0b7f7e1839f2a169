import { PROTOCOLS, type Protocol } from '../../../src/model/types.js';
import type { ExplanationView } from '../explain/types.js';
import type { ProbeQuery, SourceLink } from '../view/types.js';
import { h, replace } from './dom.js';

export interface ExplainHandlers {
  onQuery(query: ProbeQuery): void;
  onReveal(link: SourceLink): void;
}

/** The most names the endpoint pickers suggest. */
const MAX_SUGGESTIONS = 2000;

const VERDICT_TEXT: Record<string, string> = {
  allowed: 'allowed',
  denied: 'denied',
  partial: 'partially allowed',
  'no-such-port': 'no such port',
  'no-endpoints': 'no endpoints',
  'no-such-named-port': 'no such named port',
  error: 'cannot check',
};

/** The explain panel: a "from → to : port" picker and the explanation, each line linked to YAML. */
export class ExplainView {
  readonly element: HTMLElement;
  private readonly src: HTMLInputElement;
  private readonly dst: HTMLInputElement;
  private readonly port: HTMLInputElement;
  private readonly protocol: HTMLSelectElement;
  private readonly suggestions: HTMLDataListElement;
  private readonly body: HTMLElement;

  constructor(private readonly handlers: ExplainHandlers) {
    this.suggestions = h('datalist', { id: 'endpoint-suggestions' });
    this.src = h('input', {
      type: 'text',
      list: 'endpoint-suggestions',
      placeholder: 'from (ns/name)',
      'aria-label': 'from',
      class: 'endpoint',
      onfocus: () => this.fillSuggestions(),
    });
    this.dst = h('input', {
      type: 'text',
      list: 'endpoint-suggestions',
      placeholder: 'to (ns/name, ns/svc/name, IP)',
      'aria-label': 'to',
      class: 'endpoint',
      onfocus: () => this.fillSuggestions(),
    });
    this.port = h('input', { type: 'text', placeholder: '80', 'aria-label': 'port', class: 'port' });
    this.protocol = h(
      'select',
      { 'aria-label': 'protocol' },
      ...PROTOCOLS.map((p) => h('option', { value: p }, p)),
    );
    const form = h(
      'form',
      {
        class: 'picker',
        onsubmit: (e: Event) => {
          e.preventDefault();
          this.submit();
        },
      },
      this.src,
      h('span', { class: 'arrow' }, '→'),
      this.dst,
      h('span', { class: 'colon' }, ':'),
      this.port,
      this.protocol,
      h('button', { type: 'submit', class: 'primary' }, 'Explain'),
      this.suggestions,
    );
    this.body = h(
      'div',
      { class: 'explain-body' },
      h(
        'p',
        { class: 'empty' },
        'Click an edge or a matrix cell, or pick "from → to : port" to see why a connection is allowed or denied.',
      ),
    );
    const splitter = h('div', {
      class: 'splitter',
      role: 'separator',
      'aria-orientation': 'horizontal',
      title: 'drag to resize',
    });
    this.element = h(
      'section',
      { class: 'explain', 'aria-label': 'explanation', hidden: true },
      splitter,
      h(
        'div',
        { class: 'panel-head' },
        h('h2', {}, 'Explain'),
        h(
          'button',
          { class: 'small', 'data-action': 'close-explain', title: 'close', onclick: () => this.close() },
          '×',
        ),
      ),
      form,
      this.body,
    );
    installResize(splitter, this.element);
  }

  /** Shows the panel (it starts closed, leaving the graph the room); `focus` puts the cursor in "from". */
  open(focus = false): void {
    this.element.hidden = false;
    if (focus) this.src.focus();
  }

  close(): void {
    this.element.hidden = true;
  }

  private submit() {
    const portText = this.port.value.trim();
    const port = portText === '' ? undefined : /^\d+$/.test(portText) ? Number(portText) : portText;
    this.handlers.onQuery({
      src: this.src.value,
      dst: this.dst.value,
      ...(port === undefined ? {} : { port }),
      protocol: this.protocol.value as Protocol,
    });
  }

  setSuggestions(targets: readonly string[]): void {
    const shown = targets.slice(0, MAX_SUGGESTIONS);
    const same = (a: readonly string[] | undefined) =>
      a !== undefined && a.length === shown.length && a.every((t, i) => t === shown[i]);
    if (
      same(this.pendingSuggestions) ||
      (this.pendingSuggestions === undefined && same(this.shownSuggestions))
    )
      return;
    // Thousands of options cost the page a long task: filled when the picker is first used.
    this.pendingSuggestions = shown;
  }

  private pendingSuggestions: readonly string[] | undefined;
  private shownSuggestions: readonly string[] | undefined;

  private fillSuggestions(): void {
    const pending = this.pendingSuggestions;
    if (pending === undefined) return;
    this.pendingSuggestions = undefined;
    this.shownSuggestions = pending;
    replace(this.suggestions, ...pending.map((t) => h('option', { value: t })));
  }

  /** Sets the source of the picker (a node was picked in the graph). */
  setSource(src: string): void {
    this.src.value = src;
  }

  /** Fills the picker (without running it). */
  setQuery(query: ProbeQuery): void {
    this.src.value = query.src;
    this.dst.value = query.dst;
    this.port.value = query.port === undefined ? '' : String(query.port);
    this.protocol.value = query.protocol;
  }

  /** Back to the empty state (the shown explanation no longer applies). */
  clear(
    message = 'Click an edge or a matrix cell, or pick "from → to : port" to see why a connection is allowed or denied.',
  ): void {
    replace(this.body, h('p', { class: 'empty' }, message));
  }

  render(view: ExplanationView): void {
    const verdictClass =
      view.verdict === 'allowed' ? 'allowed' : view.verdict === 'partial' ? 'partial' : 'denied';
    replace(
      this.body,
      h(
        'div',
        { class: 'explain-head', 'data-verdict': view.verdict },
        h('span', { class: `verdict ${verdictClass}` }, VERDICT_TEXT[view.verdict] ?? view.verdict),
        h('span', { class: 'query' }, `${view.src} → ${view.dst} : ${view.port}/${view.protocol}`),
      ),
      h('p', { class: 'headline' }, view.headline),
      h(
        'ol',
        { class: 'steps' },
        ...view.lines.map((l) =>
          h(
            'li',
            { class: `step tone-${l.tone}`, style: `margin-left:${l.depth * 16}px` },
            h('span', { class: 'step-text' }, l.text),
            l.source === undefined
              ? null
              : h(
                  'button',
                  {
                    class: 'link',
                    title: 'show in the editor',
                    'data-file': l.source.file,
                    'data-line': l.source.line,
                    onclick: () => this.handlers.onReveal(l.source!),
                  },
                  `${l.source.file.split('/').pop()}:${l.source.line}`,
                ),
          ),
        ),
      ),
    );
  }
}

/** Dragging the splitter sets the panel's height, kept between 120 px and most of its parent. */
function installResize(splitter: HTMLElement, panel: HTMLElement): void {
  let start: { y: number; height: number } | undefined;
  splitter.addEventListener('pointerdown', (e) => {
    start = { y: e.clientY, height: panel.getBoundingClientRect().height };
    splitter.setPointerCapture(e.pointerId);
    e.preventDefault();
  });
  splitter.addEventListener('pointermove', (e) => {
    if (start === undefined) return;
    const room = panel.parentElement?.getBoundingClientRect().height ?? 800;
    const height = Math.min(room - 160, Math.max(120, start.height + start.y - e.clientY));
    panel.style.height = `${Math.round(height)}px`;
  });
  splitter.addEventListener('pointerup', () => {
    start = undefined;
  });
}
