import { assertNever } from '../../../src/model/assert-never.js';
import type { Protocol } from '../../../src/model/types.js';
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
}

/** Lets the person pick a template, fill it in and choose the file it goes into. */
export function templateDialog(
  namespaces: readonly string[],
  files: readonly string[],
  activeFile: string | undefined,
): Promise<TemplateChoice | undefined> {
  return new Promise((resolve) => {
    let template: PolicyTemplate = TEMPLATES[0]!;
    const values: Record<string, string> = {
      namespace: namespaces.find((n) => n !== 'default' && n !== 'kube-system') ?? namespaces[0] ?? 'default',
      from: namespaces[0] ?? 'default',
      port: '',
      protocol: 'TCP',
      label: 'app=web',
    };
    const preview = h('pre', { class: 'preview' });
    const error = h('p', { class: 'error-text' });
    const fields = h('div', { class: 'fields' });
    const addButton = h(
      'button',
      { class: 'primary', 'data-action': 'confirm', onclick: () => submit() },
      'Add policy',
    );
    const fileSelect = h(
      'select',
      { 'aria-label': 'file' },
      ...files.map((f) => h('option', { value: f, selected: f === activeFile }, f)),
    );
    const current = (): TemplateValues => ({
      namespace: values.namespace ?? '',
      from: values.from ?? '',
      port: values.port ?? '',
      protocol: (values.protocol ?? 'TCP') as Protocol,
      label: values.label ?? '',
    });
    const update = () => {
      const r = template.render(current());
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
            case 'protocol':
              return h(
                'label',
                { class: 'field' },
                'Protocol',
                h(
                  'select',
                  {
                    onchange: (e: Event) => {
                      values.protocol = (e.target as HTMLSelectElement).value;
                      update();
                    },
                  },
                  ...TEMPLATE_PROTOCOLS.map((p) =>
                    h('option', { value: p, selected: p === values.protocol }, p),
                  ),
                ),
              );
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
      ...TEMPLATES.map((t) => h('option', { value: t.id }, t.title)),
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
      h(
        'div',
        { class: 'actions' },
        h('button', { 'data-action': 'cancel', onclick: () => done(undefined) }, 'Cancel'),
        addButton,
      ),
    );
    const submit = () => {
      const r = template.render(current());
      if (r.ok) done({ yaml: r.yaml, file: fileSelect.value });
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
