import './builder.css';
import { loadManifests } from '../../../src/load.js';
import type { Cluster, Direction, Protocol } from '../../../src/model/types.js';
import type { InputFile } from '../../../src/sources/parse.js';
import { h, replace } from '../ui/dom.js';
import { appendDocument } from '../workspace/workspace.js';
import {
  type BuilderPeer,
  type BuilderPort,
  type BuilderSpec,
  builderYaml,
  type PeerArea,
  portChoices,
} from './builder.js';

/** What the builder needs from the studio. */
export interface BuilderHost {
  files(): readonly InputFile[];
  activeFile(): string | undefined;
  /** Replaces a file's text as a user edit (undoable); the studio re-evaluates. */
  write(file: string, text: string): void;
}

const AREAS: readonly { value: PeerArea; label: string }[] = [
  { value: 'namespace', label: 'this namespace' },
  { value: 'cluster', label: 'the cluster' },
  { value: 'outside', label: 'outside the cluster' },
];

/**
 * The visual policy builder: pick a workload or namespace, add "allow from / to" peers from
 * three areas, tick ports from the pods and Services. Every change rewrites the draft policy at
 * the end of the chosen file, so the YAML and the graph change together; Discard restores the
 * file as it was.
 */
export class BuilderPanel {
  readonly element: HTMLElement;
  private cluster: Cluster | undefined;
  private file: string | undefined;
  private base = '';
  private subject = '';
  private direction: Direction = 'ingress';
  private peers: BuilderPeer[] = [];
  private ports: BuilderPort[] = [];
  private readonly body: HTMLElement;

  constructor(private readonly host: BuilderHost) {
    this.body = h('div', { class: 'builder-body' });
    this.element = h(
      'aside',
      { class: 'builder', 'aria-label': 'policy builder', hidden: true },
      h('h2', {}, 'Build a policy'),
      this.body,
    );
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  open(): void {
    const files = this.host.files();
    this.cluster = loadManifests(files);
    this.file = this.host.activeFile() ?? files[0]?.name;
    this.base = files.find((f) => f.name === this.file)?.text ?? '';
    const first = this.cluster.workloads[0];
    this.subject = first?.id ?? `${[...this.cluster.namespaces.keys()][0] ?? 'default'}/*`;
    this.direction = 'ingress';
    this.peers = [];
    this.ports = [];
    this.element.hidden = false;
    this.render();
  }

  private spec(): BuilderSpec {
    return { subject: this.subject, direction: this.direction, peers: this.peers, ports: this.ports };
  }

  private subjects(): string[] {
    const c = this.cluster!;
    return [...c.workloads.map((w) => w.id), ...[...c.namespaces.keys()].map((n) => `${n}/*`)];
  }

  private targets(area: PeerArea): string[] {
    const c = this.cluster!;
    const ns = this.subject.split('/')[0];
    if (area === 'namespace')
      return [...c.workloads.filter((w) => w.namespace === ns).map((w) => w.id), `${ns}/*`];
    if (area === 'cluster') return this.subjects();
    return [];
  }

  /** Rewrites the draft at the end of the file, then redraws the panel. */
  private change(): void {
    if (this.file !== undefined && this.cluster !== undefined)
      this.host.write(this.file, appendDocument(this.base, builderYaml(this.cluster, this.spec())));
    this.render();
  }

  private render(): void {
    const c = this.cluster;
    if (c === undefined) return;
    const subject = h(
      'select',
      {
        'aria-label': 'builder subject',
        onchange: (e: Event) => {
          this.subject = (e.target as HTMLSelectElement).value;
          this.peers = [];
          this.ports = [];
          this.change();
        },
      },
      ...this.subjects().map((s) => h('option', { value: s, selected: s === this.subject }, s)),
    );
    const direction = h(
      'select',
      {
        'aria-label': 'builder direction',
        onchange: (e: Event) => {
          this.direction = (e.target as HTMLSelectElement).value as Direction;
          this.ports = [];
          this.change();
        },
      },
      h('option', { value: 'ingress', selected: this.direction === 'ingress' }, 'allow from (ingress)'),
      h('option', { value: 'egress', selected: this.direction === 'egress' }, 'allow to (egress)'),
    );
    const area = h(
      'select',
      { 'aria-label': 'peer area' },
      ...AREAS.map((a) => h('option', { value: a.value }, a.label)),
    );
    const target = h('select', { 'aria-label': 'peer' });
    const cidr = h('input', {
      type: 'text',
      'aria-label': 'peer cidr',
      placeholder: '203.0.113.0/24',
      hidden: true,
    });
    const fillTargets = () => {
      const value = area.value as PeerArea;
      target.hidden = value === 'outside';
      cidr.hidden = value !== 'outside';
      replace(target, ...this.targets(value).map((t) => h('option', { value: t }, t)));
    };
    area.onchange = fillTargets;
    fillTargets();
    const addPeer = h(
      'button',
      {
        class: 'builder-add-peer',
        onclick: () => {
          const value = area.value as PeerArea;
          const t = value === 'outside' ? cidr.value.trim() : target.value;
          if (t === '') return;
          this.peers = [...this.peers, { area: value, target: t }];
          this.change();
        },
      },
      'Add peer',
    );
    const peers = h(
      'ul',
      { class: 'builder-peers' },
      ...this.peers.map((p, i) =>
        h(
          'li',
          { class: 'builder-peer', 'data-target': p.target },
          `${AREAS.find((a) => a.value === p.area)!.label}: ${p.target} `,
          h(
            'button',
            {
              class: 'link',
              onclick: () => {
                this.peers = this.peers.filter((_, j) => j !== i);
                this.change();
              },
            },
            'remove',
          ),
        ),
      ),
    );
    const choices = portChoices(c, this.spec());
    const ports = h(
      'div',
      { class: 'builder-ports' },
      choices.length === 0 ? h('span', { class: 'empty' }, 'no declared ports: every port is allowed') : null,
      ...choices.map((p) =>
        h(
          'label',
          { class: 'builder-port' },
          h('input', {
            type: 'checkbox',
            'data-port': `${p.port}/${p.protocol}`,
            checked: this.ports.some((x) => x.port === p.port && x.protocol === p.protocol),
            onchange: (e: Event) => {
              const on = (e.target as HTMLInputElement).checked;
              const rest = this.ports.filter((x) => !(x.port === p.port && x.protocol === p.protocol));
              this.ports = on ? [...rest, { port: p.port, protocol: p.protocol as Protocol }] : rest;
              this.change();
            },
          }),
          ` ${p.port}/${p.protocol} (${p.label})`,
        ),
      ),
    );
    replace(
      this.body,
      h('div', { class: 'builder-row' }, subject, direction),
      h('div', { class: 'builder-row' }, area, target, cidr, addPeer),
      peers,
      ports,
      h('pre', { class: 'builder-preview' }, builderYaml(c, this.spec())),
      h(
        'div',
        { class: 'builder-row' },
        h('span', { class: 'builder-file' }, `in ${this.file ?? '(no file)'}`),
        h('button', { class: 'primary builder-done', onclick: () => this.close() }, 'Done'),
        h('button', { class: 'builder-discard', onclick: () => this.discard() }, 'Discard'),
      ),
    );
  }

  private discard(): void {
    if (this.file !== undefined) this.host.write(this.file, this.base);
    this.close();
  }

  close(): void {
    this.element.hidden = true;
  }
}
