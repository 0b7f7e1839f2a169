import { assertNever } from '../../../src/model/assert-never.js';
import type { Protocol } from '../../../src/model/types.js';
import { TEMPLATE_ENTITIES } from '../templates/cilium-templates.js';
import {
  type PolicyTemplate,
  TEMPLATE_PROTOCOLS,
  TEMPLATES,
  type TemplateValues,
} from '../templates/templates.js';
import { h, replace } from './dom.js';

/** Asks a yes/no question in a modal dialog. */
export function confirmDialog(
  title: string,
  body: readonly (string | Node)[],
  confirm: string,
): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h(
      'dialog',
      { class: 'dialog', 'data-dialog': 'confirm' },
      h('h2', {}, title),
      ...body.map((b) => (typeof b === 'string' ? h('p', {}, b) : b)),
      h(
        'div',
        { class: 'actions' },
        h('button', { onclick: () => done(false), 'data-action': 'cancel' }, 'Cancel'),
        h('button', { class: 'primary', onclick: () => done(true), 'data-action': 'confirm' }, confirm),
      ),
    );
    const done = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.addEventListener('cancel', () => done(false));
    document.body.append(dialog);
    dialog.showModal();
  });
}

export interface TemplateChoice {
  readonly yaml: string;
  /** The file to add it to. */
  readonly file: string;
  /** True when `file` is a new file, made for this policy. */
  readonly create: boolean;
}

/** Where a new policy may go. */
export interface PolicyTargets {
  /** Every file of the workspace. */
  readonly files: readonly string[];
  /**
   * The file holding most of a namespace's policies, if it has any: of the template's dialect
   * (NetworkPolicy, or Cilium's) when some are, else of any.
   */
  policyFileOf(namespace: string, dialect?: 'cilium'): string | undefined;
  /** The folder new files go into (where policies already live, or the first file's). */
  readonly folder: string;
}

/**
 * The file a policy is added to by default: the one holding the namespace's other policies,
 * else a new file named after the policy (`FOLDER/NAME.yaml`, numbered if taken).
 */
export function defaultPolicyTarget(
  targets: PolicyTargets,
  namespace: string,
  policyName: string,
  dialect?: 'cilium',
): { file: string; create: boolean } {
  const existing = targets.policyFileOf(namespace, dialect);
  if (existing !== undefined) return { file: existing, create: false };
  return { file: newFileName(targets, policyName), create: true };
}

/** `FOLDER/NAME.yaml`, with `-2`, `-3`… when a file of that name exists. */
export function newFileName(targets: PolicyTargets, policyName: string): string {
  const base = policyName.replace(/[^A-Za-z0-9._-]+/g, '-') || 'policy';
  const taken = new Set(targets.files);
  const prefix = targets.folder === '' ? '' : `${targets.folder}/`;
  let name = `${prefix}${base}.yaml`;
  for (let i = 2; taken.has(name); i++) name = `${prefix}${base}-${i}.yaml`;
  return name;
}

/** The `metadata.name` of a rendered template. */
function policyNameOf(yaml: string): string {
  const name = /^metadata:\n(?:\s+.*\n)*?\s+name:\s*(\S+)/m.exec(yaml)?.[1] ?? 'policy';
  return name.replace(/^["']|["']$/g, '');
}

/**
 * Lets the person pick a template and fill it in; the file it goes into is chosen for them
 * (the namespace's policy file, or a new file named after the policy), shown, and can be changed.
 */
export function templateDialog(
  namespaces: readonly string[],
  targets: PolicyTargets,
): Promise<TemplateChoice | undefined> {
  return new Promise((resolve) => {
    let template: PolicyTemplate = TEMPLATES[0]!;
    const values: Record<string, string> = {
      namespace: namespaces.find((n) => n !== 'default' && n !== 'kube-system') ?? namespaces[0] ?? 'default',
      from: namespaces[0] ?? 'default',
      port: '',
      protocol: 'TCP',
      label: 'app=web',
      entity: 'world',
    };
    const preview = h('pre', { class: 'preview' });
    const error = h('p', { class: 'error-text' });
    const fields = h('div', { class: 'fields' });
    const addButton = h(
      'button',
      { class: 'primary', 'data-action': 'confirm', onclick: () => submit() },
      'Add policy',
    );
    // The target follows the namespace and the policy's name until the person picks one.
    let picked: string | undefined;
    const NEW = '\u0000new';
    const fileSelect = h('select', {
      'aria-label': 'file',
      'data-field': 'file',
      onchange: (e: Event) => {
        picked = (e.target as HTMLSelectElement).value;
        update();
      },
    });
    const targetNote = h('p', { class: 'meta target-note' });
    const target = (yaml: string | undefined) => {
      const name = yaml === undefined ? 'policy' : policyNameOf(yaml);
      const auto = defaultPolicyTarget(targets, values.namespace ?? '', name, template.dialect);
      const fresh = newFileName(targets, name);
      const chosen =
        picked === undefined
          ? auto
          : picked === NEW
            ? { file: fresh, create: true }
            : { file: picked, create: false };
      replace(
        fileSelect,
        h('option', { value: NEW, selected: chosen.create }, `new file ${fresh}`),
        ...targets.files.map((f) =>
          h('option', { value: f, selected: !chosen.create && f === chosen.file }, f),
        ),
      );
      replace(
        targetNote,
        chosen.create
          ? `A new file, ${chosen.file}, named after the policy.`
          : chosen.file === targets.policyFileOf(values.namespace ?? '', template.dialect)
            ? `Added to ${chosen.file}, which holds the other policies of ${values.namespace}.`
            : `Added to ${chosen.file}.`,
      );
      fileSelect.dataset.target = chosen.file;
      return chosen;
    };
    const current = (): TemplateValues => ({
      namespace: values.namespace ?? '',
      from: values.from ?? '',
      port: values.port ?? '',
      protocol: (values.protocol ?? 'TCP') as Protocol,
      label: values.label ?? '',
      entity: values.entity ?? '',
    });
    const update = () => {
      const r = template.render(current());
      target(r.ok ? r.yaml : undefined);
      if (r.ok) {
        replace(preview, r.yaml);
        replace(error);
        addButton.disabled = false;
      } else {
        replace(preview);
        replace(error, r.message);
        addButton.disabled = true;
      }
    };
    const nsList = h(
      'datalist',
      { id: 'template-namespaces' },
      ...namespaces.map((n) => h('option', { value: n })),
    );
    const input = (key: string, label: string, attrs: Record<string, string> = {}) =>
      h(
        'label',
        { class: 'field' },
        label,
        h('input', {
          type: 'text',
          value: values[key] ?? '',
          'data-field': key,
          ...attrs,
          oninput: (e: Event) => {
            values[key] = (e.target as HTMLInputElement).value;
            update();
          },
        }),
      );
    const choice = (key: string, label: string, options: readonly string[]) =>
      h(
        'label',
        { class: 'field' },
        label,
        h(
          'select',
          {
            'data-field': key,
            onchange: (e: Event) => {
              values[key] = (e.target as HTMLSelectElement).value;
              update();
            },
          },
          ...options.map((o) => h('option', { value: o, selected: o === values[key] }, o)),
        ),
      );
    const renderFields = () => {
      replace(
        fields,
        h('p', { class: 'meta' }, template.description),
        ...template.fields.map((f) => {
          switch (f) {
            case 'namespace':
              return input('namespace', 'Namespace', { list: 'template-namespaces' });
            case 'from':
              return input('from', 'From namespace', { list: 'template-namespaces' });
            case 'port':
              return input('port', 'Port (empty: every port)', { placeholder: '80' });
            case 'label':
              return input('label', 'Pod label', { placeholder: 'app=web' });
            case 'entity':
              return choice('entity', 'Entity', TEMPLATE_ENTITIES);
            case 'protocol':
              return choice('protocol', 'Protocol', TEMPLATE_PROTOCOLS);
            default:
              return assertNever(f);
          }
        }),
      );
      update();
    };
    const chooser = h(
      'select',
      {
        'aria-label': 'template',
        'data-field': 'template',
        onchange: (e: Event) => {
          template = TEMPLATES.find((t) => t.id === (e.target as HTMLSelectElement).value) ?? template;
          renderFields();
        },
      },
      h(
        'optgroup',
        { label: 'NetworkPolicy' },
        ...TEMPLATES.filter((t) => t.dialect === undefined).map((t) => h('option', { value: t.id }, t.title)),
      ),
      h(
        'optgroup',
        { label: 'CiliumNetworkPolicy' },
        ...TEMPLATES.filter((t) => t.dialect === 'cilium').map((t) => h('option', { value: t.id }, t.title)),
      ),
    );
    const dialog = h(
      'dialog',
      { class: 'dialog wide', 'data-dialog': 'template' },
      h('h2', {}, 'Add a policy from a template'),
      h('label', { class: 'field' }, 'Template', chooser),
      fields,
      nsList,
      error,
      preview,
      h('label', { class: 'field' }, 'Add to file', fileSelect),
      targetNote,
      h(
        'div',
        { class: 'actions' },
        h('button', { 'data-action': 'cancel', onclick: () => done(undefined) }, 'Cancel'),
        addButton,
      ),
    );
    const submit = () => {
      const r = template.render(current());
      if (r.ok) done({ yaml: r.yaml, ...target(r.yaml) });
    };
    const done = (choice: TemplateChoice | undefined) => {
      dialog.close();
      dialog.remove();
      resolve(choice);
    };
    dialog.addEventListener('cancel', () => done(undefined));
    renderFields();
    document.body.append(dialog);
    dialog.showModal();
  });
}
