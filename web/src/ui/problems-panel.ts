import type { DiagnosticInfo, SourceLink } from '../view/types.js';
import type { RuleDoc } from '../worker/session.js';
import { appendAll } from './chunks.js';
import { confirmDialog } from './dialogs.js';
import { h, reconcile, replace } from './dom.js';

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
    // After an edit most problems are those shown already: their rows stay in place (built
    // again, hundreds of rows would be laid out again), only the new ones are made.
    const rows = new Map<string, HTMLElement>();
    const row = (shows: string, make: () => HTMLElement) => {
      // the same problem twice (two alike objects) is two rows
      let key = shows;
      for (let n = 2; rows.has(key); n++) key = `${shows}\u0000${n}`;
      const el = this.rows.get(key) ?? make();
      rows.set(key, el);
      return el;
    };
    const groups: HTMLElement[] = [];
    for (const severity of SEVERITIES) {
      const items = shown.filter((d) => d.severity === severity);
      if (items.length === 0) continue;
      const skipped = items.filter((d) => SKIPPED_CODES.has(d.code));
      const rest = items.filter((d) => !SKIPPED_CODES.has(d.code));
      const children = rest
        .slice(0, MAX_LISTED_PROBLEMS)
        .map((d) =>
          row(JSON.stringify([d, d.rule === undefined ? null : rules[d.rule]]), () => this.item(d, rules)),
        );
      if (rest.length > MAX_LISTED_PROBLEMS) {
        const more = rest.length - MAX_LISTED_PROBLEMS;
        children.push(
          row(`more\u0000${more}`, () =>
            h('li', { class: 'empty more' }, `${more} more: the editor marks them at their lines.`),
          ),
        );
      }
      if (skipped.length > 0)
        children.push(
          row(JSON.stringify(['skipped', skipped.map((d) => d.message)]), () => skippedLine(skipped)),
        );
      const group = this.group(severity);
      group.details.open = severity !== 'info';
      group.summary.textContent = `${TITLES[severity]} (${items.length})`;
      reconcile(group.list, children);
      groups.push(group.details);
    }
    this.rows = rows;
    reconcile(this.list, groups.length === 0 ? [this.empty] : groups);
  }

  /** The rows shown, by what they show. */
  private rows = new Map<string, HTMLElement>();
  /** "No problems", kept to be shown again. */
  private readonly empty = h('p', { class: 'empty' }, 'No problems found in the manifests.');
  /** The group of each severity, made when first needed and kept (its rows are reconciled). */
  private readonly groups = new Map<
    (typeof SEVERITIES)[number],
    { details: HTMLDetailsElement; summary: HTMLElement; list: HTMLElement }
  >();

  private group(severity: (typeof SEVERITIES)[number]) {
    let group = this.groups.get(severity);
    if (group === undefined) {
      const summary = h('summary', {});
      const list = h('ul', { class: 'diagnostic-list' });
      const details = h(
        'details',
        { class: `problem-group ${severity}`, 'data-severity': severity },
        summary,
        list,
      );
      group = { details, summary, list };
      this.groups.set(severity, group);
    }
    return group;
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
