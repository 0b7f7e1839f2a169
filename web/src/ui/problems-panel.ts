import type { DiagnosticInfo, SourceLink } from '../view/types.js';
import type { RuleDoc } from '../worker/session.js';
import { appendAll } from './chunks.js';
import { confirmDialog } from './dialogs.js';
import { h, replace } from './dom.js';

/** At most this many problems are listed per severity; the editor still marks them all. */
export const MAX_LISTED_PROBLEMS = 300;

const SEVERITIES = ['error', 'warning', 'info'] as const;
const TITLES: Record<(typeof SEVERITIES)[number], string> = {
  error: 'Errors',
  warning: 'Warnings',
  info: 'Notes',
};

/** Codes of notes that say an object was skipped: folded into one line, they are many and alike. */
const SKIPPED_CODES = new Set(['UNSUPPORTED_KIND']);

/**
 * The Problems panel: lint findings and input diagnostics grouped by severity, each with its
 * rule (a click shows the rule's documentation) and a link to its line. Notes about skipped
 * kinds fold into one line.
 */
export class ProblemsPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly title: HTMLElement;

  constructor(private readonly onReveal: (link: SourceLink) => void) {
    this.list = h('div', { class: 'problem-groups' });
    this.title = h('h2', {}, 'Problems');
    this.element = h(
      'section',
      { class: 'panel diagnostics problems' },
      h('div', { class: 'panel-head' }, this.title),
      this.list,
    );
  }

  render(problems: readonly DiagnosticInfo[], rules: Readonly<Record<string, RuleDoc>>): void {
    const shown = problems.filter((d) => d.severity !== 'info' || d.code !== 'DEFAULT_NAMESPACE');
    const count = (s: string) => shown.filter((d) => d.severity === s).length;
    const errors = count('error');
    const warnings = count('warning');
    replace(
      this.title,
      `Problems (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`,
    );
    this.element.dataset.errors = String(errors);
    this.element.dataset.warnings = String(warnings);
    replace(this.list);
    if (shown.length === 0) {
      this.list.append(h('p', { class: 'empty' }, 'No problems found in the manifests.'));
      return;
    }
    for (const severity of SEVERITIES) {
      const items = shown.filter((d) => d.severity === severity);
      if (items.length === 0) continue;
      const skipped = items.filter((d) => SKIPPED_CODES.has(d.code));
      const rest = items.filter((d) => !SKIPPED_CODES.has(d.code));
      const list = h('ul', { class: 'diagnostic-list' });
      appendAll(
        list,
        rest.slice(0, MAX_LISTED_PROBLEMS).map((d) => this.item(d, rules)),
      );
      if (rest.length > MAX_LISTED_PROBLEMS)
        list.append(
          h(
            'li',
            { class: 'empty more' },
            `${rest.length - MAX_LISTED_PROBLEMS} more: the editor marks them at their lines.`,
          ),
        );
      if (skipped.length > 0) list.append(skippedLine(skipped));
      this.list.append(
        h(
          'details',
          { class: `problem-group ${severity}`, open: severity !== 'info', 'data-severity': severity },
          h('summary', {}, `${TITLES[severity]} (${items.length})`),
          list,
        ),
      );
    }
  }

  private item(d: DiagnosticInfo, rules: Readonly<Record<string, RuleDoc>>): HTMLElement {
    const doc = d.rule === undefined ? undefined : rules[d.rule];
    return h(
      'li',
      {
        class: `diagnostic ${d.severity}`,
        'data-code': d.code,
        ...(d.rule === undefined ? {} : { 'data-rule': d.rule }),
      },
      h('span', { class: `sev ${d.severity}` }, d.severity),
      h(
        'span',
        { class: 'message' },
        d.message,
        d.hint === undefined ? null : h('span', { class: 'hint' }, ` — ${d.hint}`),
        ' ',
        d.rule === undefined
          ? h('code', { class: 'code' }, d.code)
          : h(
              'button',
              {
                class: 'link rule',
                title: doc?.summary ?? 'what this rule catches',
                'data-rule-doc': d.rule,
                onclick: () => void showRuleDoc(d.rule!, doc),
              },
              d.rule,
            ),
      ),
      d.source === undefined
        ? null
        : h(
            'button',
            { class: 'link', onclick: () => this.onReveal(d.source!), title: d.source.file },
            `${d.source.file.split('/').pop()}:${d.source.line}`,
          ),
    );
  }
}

/** "12 objects skipped (not used for reachability): ServiceAccount ×8, ConfigMap ×4". */
function skippedLine(items: readonly DiagnosticInfo[]): HTMLElement {
  const kinds = new Map<string, number>();
  for (const d of items) {
    const kind = /^(?:\S+\/\S+ )?(\S+)/.exec(d.message)?.[1] ?? 'object';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const summary = [...kinds].map(([k, n]) => (n === 1 ? k : `${k} ×${n}`)).join(', ');
  const list = h('ul', { class: 'skipped-list' });
  appendAll(
    list,
    items.slice(0, MAX_LISTED_PROBLEMS).map((d) => h('li', {}, d.message)),
  );
  return h(
    'li',
    { class: 'diagnostic info skipped', 'data-code': 'skipped-kinds', 'data-count': items.length },
    h(
      'details',
      {},
      h(
        'summary',
        {},
        `${items.length} object${items.length === 1 ? '' : 's'} skipped, not used for reachability: ${summary}`,
      ),
      list,
    ),
  );
}

/** The documentation of a rule: what it catches, why, and how to configure it. */
async function showRuleDoc(id: string, doc: RuleDoc | undefined): Promise<void> {
  await confirmDialog(
    id,
    [
      ...(doc === undefined ? [] : [h('p', { class: 'rule-summary' }, doc.summary), doc.description]),
      h(
        'p',
        { class: 'meta' },
        `Default severity: ${doc?.severity ?? 'see kubereach lint --list-rules'}. Configure it in .kubereach.yaml:`,
      ),
      h('pre', { class: 'preview' }, `lint:\n  rules:\n    ${id}: warning   # error | warning | info | off`),
      h(
        'p',
        { class: 'meta' },
        'The same rule runs in `kubereach lint`; `kubereach lint --list-rules` lists them all.',
      ),
    ],
    'Close',
  );
}
