import type { InputFile } from '../../../src/sources/parse.js';
import { renderReportHtml } from '../export/report.js';
import type { Analysis } from '../worker/client.js';
import {
  downloadName,
  parseWorkspace,
  serializeWorkspace,
  type Workspace,
  workspaceYaml,
} from '../workspace/workspace.js';
import { download, h } from './dom.js';
import graphCss from './graph.css?raw';
import type { GraphView } from './graph-view.js';

export interface ExportSources {
  workspace(): Workspace;
  activeFile(): string | undefined;
  /** The current analysis, with its heatmap computed. */
  analysis(): Promise<Analysis | undefined>;
  readonly graph: GraphView;
  title(): string;
  onOpen(ws: Workspace): void;
  onAddFiles(files: readonly InputFile[]): void;
  notify(text: string): void;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:]/g, '-').replace(/\..*$/, '');
}

/** The Export/Open menu: report, graph images, YAML, and workspace files to share. */
export class ExportMenu {
  readonly element: HTMLElement;

  constructor(private readonly src: ExportSources) {
    const item = (label: string, action: string, run: () => void | Promise<void>) =>
      h(
        'button',
        {
          class: 'menu-item',
          'data-export': action,
          onclick: () => {
            (this.element as HTMLDetailsElement).open = false;
            void run();
          },
        },
        label,
      );
    const picker = h('input', {
      type: 'file',
      multiple: true,
      accept: '.yaml,.yml,.json',
      hidden: true,
      'data-input': 'open',
      onchange: (e: Event) => void this.open((e.target as HTMLInputElement).files),
    });
    this.element = h(
      'details',
      { class: 'menu export' },
      h('summary', {}, 'Export / open'),
      h(
        'div',
        { class: 'menu-body' },
        item('HTML report', 'html', () => this.report()),
        item('Graph as SVG', 'svg', () => this.svg()),
        item('Graph as PNG', 'png', () => this.png()),
        item('YAML: this file', 'yaml-file', () => this.yamlFile()),
        item('YAML: all files', 'yaml-all', () =>
          download(
            `manifests-${stamp()}.yaml`,
            new Blob([workspaceYaml(src.workspace())], { type: 'application/yaml' }),
          ),
        ),
        item('Workspace file (share)', 'workspace', () =>
          download(
            `kubereach-workspace-${stamp()}.json`,
            new Blob([serializeWorkspace(src.workspace())], { type: 'application/json' }),
          ),
        ),
        item('Open workspace or YAML…', 'open', () => picker.click()),
        picker,
      ),
    );
  }

  private yamlFile() {
    const name = this.src.activeFile();
    const file = this.src.workspace().files.find((f) => f.name === name);
    if (file === undefined) return;
    download(downloadName(file.name), new Blob([file.text], { type: 'application/yaml' }));
  }

  private svgText(): string {
    return this.src.graph.standaloneSvg(graphCss);
  }

  private svg() {
    download(`kubereach-graph-${stamp()}.svg`, new Blob([this.svgText()], { type: 'image/svg+xml' }));
  }

  private async png() {
    const text = this.svgText();
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
    await img.decode();
    const scale = 2;
    const canvas = h('canvas', { width: img.naturalWidth * scale, height: img.naturalHeight * scale });
    const ctx = canvas.getContext('2d');
    if (ctx === null) return;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (blob !== null) download(`kubereach-graph-${stamp()}.png`, blob);
  }

  private async report() {
    const a = await this.src.analysis();
    if (a === undefined || a.result.heatmap === null) return;
    const html = renderReportHtml({
      title: this.src.title(),
      generated: new Date().toISOString(),
      model: a.result.model,
      connections: a.result.stats.connections,
      policies: a.result.policies,
      diagnostics: a.result.diagnostics,
      changes: a.result.changes,
      heatmap: a.result.heatmap,
      svg: this.svgText(),
    });
    download(`kubereach-report-${stamp()}.html`, new Blob([html], { type: 'text/html' }));
  }

  private async open(list: FileList | null) {
    if (list === null || list.length === 0) return;
    const files = await Promise.all([...list].map(async (f) => ({ name: f.name, text: await f.text() })));
    const yamlFiles: InputFile[] = [];
    for (const f of files) {
      if (f.name.endsWith('.json') && f.text.includes('"StudioWorkspace"')) {
        const parsed = parseWorkspace(f.text);
        if (parsed.ok) this.src.onOpen(parsed.workspace);
        else this.src.notify(parsed.message);
      } else yamlFiles.push(f);
    }
    if (yamlFiles.length > 0) this.src.onAddFiles(yamlFiles);
  }
}
