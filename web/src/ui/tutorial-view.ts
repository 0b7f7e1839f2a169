import type { ExplanationView } from '../explain/types.js';
import {
  curlTranscript,
  stepIn,
  TUTORIAL_STEPS,
  type TutorialDialect,
  type TutorialStep,
} from '../tutorial/steps.js';
import { h, replace } from './dom.js';

export interface TutorialHandlers {
  onStep(index: number): void;
  onExit(): void;
  onDialect(dialect: TutorialDialect): void;
}

const DIALECTS: readonly { readonly id: TutorialDialect; readonly label: string; readonly title: string }[] =
  [
    {
      id: 'networkpolicy',
      label: 'NetworkPolicy',
      title: 'the policies as NetworkPolicies (examples/tutorial)',
    },
    {
      id: 'cilium',
      label: 'Cilium',
      title: 'the policies as CiliumNetworkPolicies (examples/tutorial-cilium)',
    },
  ];

/** The guided tutorial: one step at a time, with the kubectl commands and each probe's curl. */
export class TutorialView {
  readonly element: HTMLElement;

  constructor(private readonly handlers: TutorialHandlers) {
    this.element = h('section', { class: 'tutorial', 'aria-label': 'tutorial' });
  }

  render(index: number, probe: ExplanationView | undefined, dialect: TutorialDialect): void {
    const step: TutorialStep = stepIn(TUTORIAL_STEPS[index]!, dialect);
    const switcher = h(
      'div',
      { class: 'dialect-switch', role: 'group', 'aria-label': 'policy language' },
      ...DIALECTS.map((d) =>
        h(
          'button',
          {
            class: `small${d.id === dialect ? ' active' : ''}`,
            'aria-pressed': d.id === dialect ? 'true' : 'false',
            'data-dialect': d.id,
            title: d.title,
            onclick: () => this.handlers.onDialect(d.id),
          },
          d.label,
        ),
      ),
    );
    const last = index === TUTORIAL_STEPS.length - 1;
    const dots = h(
      'ol',
      { class: 'step-dots' },
      ...TUTORIAL_STEPS.map((s, i) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              class: `dot${i === index ? ' current' : ''}${i < index ? ' done' : ''}`,
              title: s.title,
              onclick: () => this.handlers.onStep(i),
            },
            String(i + 1),
          ),
        ),
      ),
    );
    const terminal: string[] = step.commands.map((c) => `$ ${c}`);
    if (step.probe !== undefined) {
      terminal.push(`$ ${step.probe.command}`);
      terminal.push(probe === undefined ? '…' : curlTranscript(step.probe, probe));
    }
    replace(
      this.element,
      h(
        'div',
        { class: 'tutorial-head' },
        h('h2', {}, `Tutorial · step ${index + 1} of ${TUTORIAL_STEPS.length}`),
        switcher,
        h(
          'button',
          { class: 'small', onclick: () => this.handlers.onExit(), 'data-action': 'exit-tutorial' },
          'Exit tutorial',
        ),
      ),
      dots,
      h('h3', { 'data-step': step.id }, step.title),
      ...step.text.map((t) => h('p', {}, t)),
      step.differs === undefined
        ? null
        : h(
            'aside',
            { class: 'dialect-differs', 'data-differs': step.id },
            h('strong', {}, 'NetworkPolicy and Cilium differ here'),
            ...step.differs.map((t) => h('p', {}, t)),
          ),
      terminal.length === 0
        ? null
        : h(
            'pre',
            {
              class: 'terminal',
              'data-probe': step.probe === undefined ? undefined : (probe?.verdict ?? 'pending'),
            },
            terminal.join('\n'),
          ),
      step.probe !== undefined && probe !== undefined
        ? h(
            'p',
            { class: `lesson ${probe.allowed ? 'allowed' : 'denied'}` },
            h(
              'strong',
              {},
              probe.allowed ? 'Allowed. ' : probe.verdict === 'no-such-port' ? 'No such port. ' : 'Denied. ',
            ),
            step.lesson ?? probe.headline,
          )
        : null,
      step.probe !== undefined
        ? h(
            'p',
            { class: 'meta' },
            'The explanation below shows every rule the engine consulted; click a line number to see it in the YAML.',
          )
        : null,
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            disabled: index === 0,
            onclick: () => this.handlers.onStep(index - 1),
            'data-action': 'tutorial-back',
          },
          '← Back',
        ),
        last
          ? h('button', { class: 'primary', onclick: () => this.handlers.onExit() }, 'Finish')
          : h(
              'button',
              {
                class: 'primary',
                onclick: () => this.handlers.onStep(index + 1),
                'data-action': 'tutorial-next',
              },
              'Next →',
            ),
      ),
    );
  }
}
