import './builder.css';
import type { Want } from '../../../src/fix/types.js';
import { h, replace } from '../ui/dom.js';
import type { FixView, ProposalView } from './fix-view.js';

export interface FixPanelHandlers {
  /** Asks for proposals that make the shown connection `want`. */
  onAsk(want: Want): void;
  /** Applies a proposal to the editor (an undoable edit). */
  onApply(proposal: ProposalView): void;
}

/**
 * "Make this allowed" / "Make this denied" under an explanation: the buttons, then the
 * proposals, each with what else it changes, its diff and an Apply button.
 */
export class FixPanel {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;

  constructor(private readonly handlers: FixPanelHandlers) {
    this.body = h('div', { class: 'fix-body' });
    this.element = h(
      'div',
      { class: 'fix-panel', 'aria-label': 'fix proposals' },
      h(
        'div',
        { class: 'fix-actions' },
        h(
          'button',
          { class: 'fix-ask', 'data-want': 'allowed', onclick: () => this.ask('allowed') },
          'Make this allowed',
        ),
        h(
          'button',
          { class: 'fix-ask', 'data-want': 'denied', onclick: () => this.ask('denied') },
          'Make this denied',
        ),
      ),
      this.body,
    );
  }

  private ask(want: Want) {
    replace(this.body, h('p', { class: 'empty' }, 'evaluating proposals…'));
    this.handlers.onAsk(want);
  }

  render(view: FixView): void {
    if (view.blocker !== undefined) {
      replace(
        this.body,
        h('p', { class: 'fix-blocker', 'data-want': view.want }, `${view.subject}: ${view.blocker}.`),
      );
      return;
    }
    replace(
      this.body,
      h(
        'p',
        { class: 'fix-head' },
        `${view.proposals.length} way(s) to make it ${view.want}, each evaluated on a copy:`,
      ),
      h('ol', { class: 'fix-proposals' }, ...view.proposals.map((p, i) => this.proposal(p, i))),
    );
  }

  private proposal(p: ProposalView, index: number): HTMLElement {
    return h(
      'li',
      {
        class: 'fix-proposal',
        'data-index': index,
        'data-strategy': p.strategy,
        'data-side-effects': p.sideEffects.length,
      },
      h(
        'p',
        { class: 'fix-title' },
        p.title,
        h('span', { class: 'fix-tag' }, p.repair ? ' repair' : ' edit'),
      ),
      p.sideEffects.length === 0
        ? h('p', { class: 'fix-effects none' }, 'changes no other connection')
        : h(
            'div',
            { class: 'fix-effects' },
            h('p', {}, `also changes ${p.sideEffects.length} other connection(s):`),
            h('ul', {}, ...p.sideEffects.map((s) => h('li', { class: 'fix-effect' }, s))),
          ),
      h('pre', { class: 'fix-patch' }, p.patch),
      h('button', { class: 'fix-apply primary', onclick: () => this.handlers.onApply(p) }, 'Apply'),
    );
  }

  clear(): void {
    replace(this.body);
  }
}
