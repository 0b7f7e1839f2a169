import { formatConns } from '../../../src/engine/port-set.js';
import { type ChangeCause, countChanges, type EdgeChange } from '../diff/changes.js';
import type { PolicyInfo, SourceLink } from '../view/types.js';
import { appendAll } from './chunks.js';
import { h, replace } from './dom.js';

/** At most this many policies are listed at once; a filter finds the others. */
export const MAX_LISTED_POLICIES = 200;

/** The list of policies with on/off switches and links to their YAML. */
export class PoliciesPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly filter: HTMLInputElement;
  private policies: readonly PolicyInfo[] = [];
  private shownKey: string | undefined;

  constructor(
    private readonly onToggle: (id: string, enabled: boolean) => void,
    private readonly onReveal: (link: SourceLink) => void,
    onAdd: () => void,
  ) {
    this.list = h('ul', { class: 'policy-list' });
    this.filter = h('input', {
      type: 'search',
      class: 'policy-filter',
      placeholder: 'filter',
      'aria-label': 'filter policies',
      oninput: () => this.render(this.policies),
    });
    this.element = h(
      'section',
      { class: 'panel policies' },
      h(
        'div',
        { class: 'panel-head' },
        h('h2', {}, 'Policies'),
        this.filter,
        h('button', { class: 'primary small', onclick: onAdd, 'data-action': 'add-policy' }, '+ Add policy'),
      ),
      this.list,
    );
  }

  render(policies: readonly PolicyInfo[]): void {
    // An edit rarely changes the list: hundreds of rows are not built again for nothing.
    const key = JSON.stringify([policies, this.filter.value]);
    if (key === this.shownKey) return;
    this.shownKey = key;
    this.policies = policies;
    if (policies.length === 0) {
      replace(
        this.list,
        h('li', { class: 'empty' }, 'No NetworkPolicy: every pod can reach every other pod.'),
      );
      return;
    }
    const needle = this.filter.value.trim().toLowerCase();
    const matching = needle === '' ? policies : policies.filter((p) => p.id.toLowerCase().includes(needle));
    const shown = matching.slice(0, MAX_LISTED_POLICIES);
    replace(this.list);
    appendAll(
      this.list,
      shown.map((p) =>
        h(
          'li',
          { class: `policy${p.enabled ? '' : ' off'}`, 'data-policy': p.id },
          h('input', {
            type: 'checkbox',
            checked: p.enabled,
            title: p.enabled ? 'switch this policy off (what-if)' : 'switch this policy on',
            'aria-label': `policy ${p.id} enabled`,
            onchange: (e: Event) => this.onToggle(p.id, (e.target as HTMLInputElement).checked),
          }),
          h(
            'button',
            {
              class: 'link policy-name',
              onclick: () => this.onReveal(p.source),
              title: `${p.source.file}:${p.source.line}`,
            },
            p.id,
          ),
          h(
            'span',
            { class: 'meta' },
            `${p.tier === undefined ? '' : `${p.kind ?? 'admin policy'} · ${p.tier} tier${p.priority === undefined ? '' : `, priority ${p.priority}`} · `}${p.policyTypes.join('+')} · selects ${p.selects} pod${p.selects === 1 ? '' : 's'}`,
          ),
        ),
      ),
    );
    if (matching.length > shown.length)
      this.list.append(
        h(
          'li',
          { class: 'empty more' },
          `${matching.length - shown.length} more of ${policies.length}: type in the filter to find one.`,
        ),
      );
  }
}

const EFFECT_TEXT: Record<ChangeCause['effect'], string> = {
  allows: 'allows it',
  'no-longer-allows': 'no longer allows it',
  isolates: 'isolates',
  'no-longer-isolates': 'no longer isolates',
  denies: 'denies it',
  'no-longer-denies': 'no longer denies it',
};

/** What changed against the loaded state. */
export class ChangesView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;

  constructor(
    private readonly onPick: (change: EdgeChange) => void,
    onAccept: () => void,
    private readonly onReveal: (link: SourceLink) => void,
  ) {
    this.body = h('div', { class: 'changes-body' });
    this.element = h(
      'section',
      { class: 'changes-view' },
      h(
        'div',
        { class: 'toolbar' },
        h(
          'span',
          { class: 'meta' },
          'Connections added, removed or changed since the manifests were loaded (policies switched off count as edits).',
        ),
        h(
          'button',
          { onclick: onAccept, title: 'compare future edits with the current state' },
          'Make this the baseline',
        ),
      ),
      this.body,
    );
  }

  private cause(c: ChangeCause): HTMLElement {
    const text = `${c.policy} ${EFFECT_TEXT[c.effect]} (${c.direction})`;
    // Lines of the baseline's text may no longer be where they were: link only into the current text.
    if (c.source === undefined || c.version !== 'after') return h('span', { class: 'cause' }, text);
    const source = c.source;
    return h(
      'button',
      {
        class: 'link cause',
        title: `${source.file}:${source.line}`,
        onclick: (e: Event) => {
          e.stopPropagation();
          this.onReveal(source);
        },
      },
      text,
    );
  }

  render(changes: readonly EdgeChange[]): void {
    if (changes.length === 0) {
      replace(
        this.body,
        h(
          'p',
          { class: 'empty' },
          'Nothing changed: edit a policy or switch one off to see its effect here and in the graph.',
        ),
      );
      return;
    }
    const c = countChanges(changes);
    replace(
      this.body,
      h('p', { class: 'summary' }, `${c.added} added, ${c.removed} removed, ${c.changed} changed`),
      h(
        'table',
        { class: 'changes' },
        h(
          'tr',
          {},
          h('th', {}, ''),
          h('th', {}, 'source'),
          h('th', {}, 'destination'),
          h('th', {}, 'before'),
          h('th', {}, 'after'),
        ),
        ...changes.map((ch) =>
          h(
            'tr',
            { class: `change ${ch.type}`, 'data-change': ch.type, onclick: () => this.onPick(ch) },
            h(
              'td',
              { class: 'badge' },
              ch.type === 'added' ? '+ added' : ch.type === 'removed' ? '− removed' : '~ changed',
            ),
            h('td', {}, ch.src),
            h('td', {}, ch.dst),
            h('td', {}, ch.before === undefined ? '' : formatConns(ch.before)),
            h('td', {}, ch.after === undefined ? '' : formatConns(ch.after)),
            h('td', { class: 'causes' }, ...ch.causes.map((c) => this.cause(c))),
          ),
        ),
      ),
    );
  }
}
