import type { Want } from '../../../src/fix/types.js';
import { plural } from '../../../src/render/words.js';
import type { StudioSnapshot } from '../../../src/server/protocol.js';
import type { InputFile } from '../../../src/sources/parse.js';
import { saveFiles } from '../api.js';
import { BuilderPanel } from '../builder/builder-panel.js';
import { FixPanel } from '../builder/fix-panel.js';
import type { ProposalView } from '../builder/fix-view.js';
import type { EdgeChange } from '../diff/changes.js';
import type { ExplanationView } from '../explain/types.js';
import type { GraphGranularity } from '../graph/model.js';
import {
  ALL_SCOPE,
  type GraphViewOptions,
  legible,
  searchVisible,
  type VisibleEdge,
  type VisibleNode,
} from '../graph/project.js';
import { parsePortFilter, probePort } from '../matrix/filter.js';
import type { DiagnosticInfo, ProbeQuery, SourceLink } from '../view/types.js';
import type { Analysis, EngineClient } from '../worker/client.js';
import type { LintResult } from '../worker/protocol.js';
import type { AnalyzeResult, BaselineChoice, RuleDoc } from '../worker/session.js';
import {
  appendDocument,
  markSaved,
  modifiedFiles,
  togglePolicy,
  type Workspace,
  withText,
} from '../workspace/workspace.js';
import { afterPaint } from './chunks.js';
import { confirmDialog, templateDialog } from './dialogs.js';
import { h, replace, show } from './dom.js';
import { ManifestEditor } from './editor.js';
import { ExplainView } from './explain-view.js';
import { ExportMenu } from './export-menu.js';
import { GraphView } from './graph-view.js';
import { type MatrixFilterState, MatrixView } from './matrix-view.js';
import { ChangesView, PoliciesPanel } from './panels.js';
import { ProblemsPanel } from './problems-panel.js';
import { TutorialController } from './tutorial-controller.js';

type Tab = 'graph' | 'matrix' | 'changes';

/** A search whose matches sit in at most this many folded namespaces unfolds them as one types. */
const REVEAL_NAMESPACES = 3;

/** The studio page: owns the state, asks the engine worker, and renders every part. */
export class App {
  private workspace: Workspace;
  private loaded: readonly InputFile[];
  private analysis: Analysis | undefined;
  private granularity: GraphGranularity = 'workload';
  private view: GraphViewOptions | null = null;
  private matrixState: MatrixFilterState = { granularity: 'workload', protocol: 'any', ports: '' };
  private query = '';
  private tab: Tab = 'graph';
  private selectedEdge: string | undefined;
  /** A node to centre once the next analysis is drawn (a search revealed it). */
  private pendingCentre: string | undefined;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly errorBanner: HTMLElement;
  /** Namespaces the matrix folds; `null` until the person folds one (then: as the rows ask). */
  private matrixFolded: readonly string[] | null = null;
  /** What lint found last. */
  private problems: LintResult | undefined;

  private readonly editor: ManifestEditor;
  private readonly graphView: GraphView;
  private readonly matrixView: MatrixView;
  private readonly changesView: ChangesView;
  private readonly explainView: ExplainView;
  private readonly fixPanel: FixPanel;
  private readonly builder: BuilderPanel;
  /** The connection the explanation shows, for "Make this allowed / denied". */
  private shown: ExplanationView | undefined;
  private readonly policies: PoliciesPanel;
  private readonly diagnostics: ProblemsPanel;
  private readonly tutorial: TutorialController;
  private readonly status: HTMLElement;
  private readonly tabBar: HTMLElement;
  private readonly tabBody: HTMLElement;
  private readonly saveButton: HTMLButtonElement;
  private readonly left: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private snapshot: StudioSnapshot,
    private readonly engine: EngineClient,
  ) {
    this.loaded = snapshot.files.map((f) => ({ name: f.name, text: f.text }));
    this.workspace = {
      files: snapshot.files.map((f) => ({ name: f.name, text: f.text, saved: f.text, writable: f.writable })),
      disabled: [],
    };
    const reveal = (link: SourceLink) => this.reveal(link);
    this.editor = new ManifestEditor((name, text) => this.onEdit(name, text));
    this.graphView = new GraphView({
      onEdge: (e) => this.onEdge(e),
      onNode: (n) => this.onNode(n),
      onNamespace: (ns) => this.openNamespace(ns),
      onCollapse: (ns) => {
        if (this.view === null) return;
        this.setView({ ...this.view, collapsed: [...this.view.collapsed.filter((c) => c !== ns), ns] });
      },
      onScope: (scope) => {
        if (this.view !== null) this.setView({ ...this.view, scope });
      },
      onOptions: (o) => this.setView(o),
      onGranularity: (g) => {
        this.granularity = g;
        this.view = null;
        void this.analyze();
      },
      onSearch: (q, reveal) => this.onSearch(q, reveal),
    });
    this.matrixView = new MatrixView({
      onFilter: (state) => {
        if (state.granularity !== this.matrixState.granularity) this.matrixFolded = null;
        const parsed = parsePortFilter(state.ports, state.protocol);
        this.matrixState = parsed.ok ? state : { ...state, error: parsed.message };
        if (parsed.ok) void this.analyze();
        else this.renderMatrix();
      },
      onCell: (src, dst) => {
        const filter = this.heatFilter();
        this.runExplain({ src, dst, protocol: 'TCP', choosePort: { filter } });
      },
      onFold: (ns, fold) => {
        const now = this.analysis?.result.heatmap?.folded ?? [];
        const rest = now.filter((n) => n !== ns);
        this.matrixFolded = fold ? [...rest, ns] : rest;
        void this.analyze();
      },
    });
    this.changesView = new ChangesView(
      (c) => this.onChange(c),
      () => void this.analyze('current'),
      reveal,
    );
    this.explainView = new ExplainView({ onQuery: (q) => this.runExplain(q), onReveal: reveal });
    this.fixPanel = new FixPanel({
      onAsk: (want) => void this.askFix(want),
      onApply: (p) => this.applyFix(p),
    });
    this.explainView.element.append(this.fixPanel.element);
    this.builder = new BuilderPanel({
      files: () => this.workspace.files.map((f) => ({ name: f.name, text: f.text })),
      activeFile: () => this.editor.activeFile,
      write: (file, text) => this.editor.replaceText(file, text),
    });
    this.policies = new PoliciesPanel(
      (id, enabled) => {
        this.workspace = togglePolicy(this.workspace, id, enabled);
        void this.analyze();
      },
      reveal,
      () => void this.addPolicy(),
    );
    this.diagnostics = new ProblemsPanel(reveal);

    this.status = h('span', { class: 'status', 'aria-live': 'polite' }, 'evaluating…');
    this.errorBanner = h('div', { class: 'engine-error', role: 'alert', hidden: true });
    this.saveButton = h(
      'button',
      { 'data-action': 'save', onclick: () => void this.save(), title: 'write edited files back (Ctrl+S)' },
      'Save',
    );
    const exportMenu = new ExportMenu({
      workspace: () => this.workspace,
      activeFile: () => this.editor.activeFile,
      analysis: async () => {
        if (this.analysis?.result.heatmap === null) await this.analyze('keep', true);
        return this.analysis;
      },
      graph: this.graphView,
      title: () => `kubereach report — ${snapshot.source.description}`,
      onOpen: (ws) => this.openWorkspace(ws),
      onAddFiles: (files) => this.addFiles(files),
      notify: (t) => this.notify(t),
    });
    const header = h(
      'header',
      { class: 'top' },
      h('h1', {}, 'kubereach', h('span', { class: 'sub' }, ' studio')),
      h('span', { class: 'source', title: snapshot.source.description }, snapshot.source.description),
      h('span', { class: 'spacer' }),
      h(
        'button',
        {
          'data-action': 'open-explain',
          onclick: () => this.explainView.open(true),
          title: 'why is a connection allowed or denied? (from → to : port)',
        },
        'Explain…',
      ),
      h(
        'button',
        {
          'data-action': 'tutorial',
          onclick: () => void this.tutorial.start(),
          title: 'replay the tutorial step by step, its policies as NetworkPolicies or CiliumNetworkPolicies',
        },
        'Tutorial',
      ),
      h(
        'button',
        {
          'data-action': 'builder',
          onclick: () => this.builder.open(),
          title: 'build a policy: pick a workload, add peers and ports, watch the graph',
        },
        'Build a policy',
      ),
      this.saveButton,
      exportMenu.element,
    );
    this.tabBar = h('div', { class: 'tabs view-tabs', role: 'tablist' });
    this.tabBody = h('div', { class: 'tab-body' });
    this.left = h(
      'div',
      { class: 'left' },
      this.editor.element,
      h('div', { class: 'side-panels' }, this.policies.element, this.diagnostics.element),
    );
    this.tutorial = new TutorialController({
      panelParent: this.left,
      root,
      workspace: () => this.workspace,
      setWorkspace: (ws, open) => {
        this.workspace = ws;
        this.editor.setFiles(this.editorFiles(), open);
        this.updateSaveButton();
      },
      analyze: (baseline) => this.analyze(baseline),
      explain: (query) => this.explain(query),
      showExplanation: (query, view) => {
        const opening = this.explainView.element.hidden;
        this.explainView.open();
        // as for a clicked edge: the panel takes room from the graph, fit it into what is left
        if (opening && this.tab === 'graph') requestAnimationFrame(() => this.graphView.fit());
        this.explainView.setQuery(query);
        this.explainView.render(view);
        this.shown = view;
        this.fixPanel.clear();
      },
      clearExplanation: (message) => {
        this.explainView.clear(message);
        this.shown = undefined;
        this.fixPanel.clear();
      },
      loadedFiles: () => this.loaded,
    });
    const right = h(
      'div',
      { class: 'right' },
      h('div', { class: 'views' }, this.tabBar, this.tabBody),
      this.errorBanner,
      this.explainView.element,
    );
    replace(
      root,
      header,
      h('main', { class: 'layout' }, this.left, right),
      this.builder.element,
      h('footer', {}, this.status),
    );
    root.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 's') {
        e.preventDefault();
        void this.save();
      }
    });
    this.renderTabs();
    this.updateSaveButton();
    // The editor's first document and the file tree once the first graph is drawn (or the
    // first analysis failed): until then the page leaves the cores to the engine's first
    // evaluation, which the graph waits for.
    void this.analyze('current').finally(() => this.openEditor());
  }

  /**
   * Opens the workspace in the editor once what the page holds now is painted (the lists beside
   * the graph are laid out in a frame of their own), unless it shows files already.
   */
  private openEditor(): void {
    void afterPaint().then(() => {
      if (this.editor.activeFile === undefined) void this.editor.setFilesSoon(this.editorFiles());
    });
  }

  /**
   * The source changed (a watched cluster): show the new state and what changed since the
   * previous one, unless the person is editing — then their edits win and they are told.
   */
  onSnapshot(next: StudioSnapshot): void {
    if (next.revision === this.snapshot.revision) return;
    if (this.tutorial.active || modifiedFiles(this.workspace).length > 0) {
      this.notify('The cluster changed. Your edits are kept; reload the page to see the new state.');
      return;
    }
    this.snapshot = next;
    this.loaded = next.files.map((f) => ({ name: f.name, text: f.text }));
    this.workspace = {
      files: next.files.map((f) => ({ name: f.name, text: f.text, saved: f.text, writable: f.writable })),
      disabled: this.workspace.disabled,
    };
    this.editor.setFiles(this.editorFiles());
    this.notify('The cluster changed: "What changed" shows the difference.');
    void this.analyze('previous');
  }

  private editorFiles() {
    return this.workspace.files.map((f) => ({
      name: f.name,
      text: f.text,
      modified: f.saved !== null && f.text !== f.saved,
    }));
  }

  /**
   * The CNI profile to evaluate with: `serve --cni` when given, else (and always in the tutorial,
   * whose manifests are its own) the one the manifests imply.
   */
  private cniOption(): { cni?: 'upstream' | 'cilium' } {
    const cni = this.tutorial.active ? undefined : this.snapshot.cni;
    return cni === undefined ? {} : { cni };
  }

  private heatFilter() {
    const parsed = parsePortFilter(this.matrixState.ports, this.matrixState.protocol);
    return parsed.ok ? parsed.filter : null;
  }

  /** Re-evaluates the workspace in the worker and redraws everything. */
  async analyze(baseline: BaselineChoice = 'keep', withHeatmap = false): Promise<void> {
    this.status.textContent = 'evaluating…';
    this.root.dataset.busy = 'true';
    try {
      await this.analyzeAndRender(baseline, withHeatmap);
    } catch (err) {
      this.showError(err);
    }
  }

  /**
   * Shows what went wrong, in the status line and a banner over the views: the page never
   * stays on "evaluating…" when the engine or a render failed.
   */
  showError(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.status.textContent = `Could not evaluate: ${message}`;
    this.errorBanner.hidden = false;
    replace(
      this.errorBanner,
      h('strong', {}, 'The studio could not evaluate the manifests. '),
      message,
      ' Edit the manifests or reload the page to try again.',
    );
    this.root.dataset.error = message;
    this.root.dataset.busy = 'false';
  }

  private async analyzeAndRender(baseline: BaselineChoice, withHeatmap: boolean): Promise<void> {
    const asked = performance.now();
    const analysis = await this.engine.analyze({
      files: this.workspace.files.map((f) => ({ name: f.name, text: f.text })),
      disabled: this.workspace.disabled,
      ...this.cniOption(),
      granularity: this.granularity,
      view: this.view,
      // The heatmap costs rows² work: only while the matrix is shown (or for a report).
      heatmap:
        this.tab === 'matrix' || withHeatmap
          ? {
              granularity: this.matrixState.granularity,
              filter: this.heatFilter(),
              folded: this.matrixFolded,
            }
          : null,
      baseline,
      // the graph first; lint follows in its own turn of the worker
      lint: false,
    });
    if (analysis === undefined) return;
    this.analysis = analysis;
    this.view = analysis.result.view;
    this.errorBanner.hidden = true;
    delete this.root.dataset.error;
    const answered = performance.now();
    const drawn = await this.render();
    if (!drawn) return;
    // The graph is up: tests and the performance tools see it before lint and attribution.
    this.root.dataset.drawn = String(Number(this.root.dataset.drawn ?? '0') + 1);
    measure('analyze', asked, answered, analysis.result.stats.phases);
    measure('draw', answered, performance.now());
    // The lists beside the graph (hundreds of policies and targets at a real cluster's size)
    // once it is painted: built before it, they would be laid out before it is drawn.
    await afterPaint();
    if (this.analysis !== analysis) return;
    this.renderLists();
    if (this.editor.activeFile === undefined) this.openEditor();
    const linting = performance.now();
    await this.lint(analysis);
    measure('lint', linting, performance.now(), { engine: this.problems?.millis ?? 0 });
    if (this.analysis !== analysis) return;
    if (analysis.result.changes.length > 0) {
      const attributing = performance.now();
      if (!(await this.attribute(analysis))) return;
      measure('attribute', attributing, performance.now());
    }
    this.root.dataset.busy = 'false';
    this.root.dataset.ready = 'true';
    this.root.dataset.revision = String(Number(this.root.dataset.revision ?? '0') + 1);
  }

  /**
   * Adds the policies responsible to the changes of `analysis` (the worker leaves them out of
   * the analysis so the graph comes first), and shows them if "What changed" is open.
   * Resolves `false` when a newer analysis replaced this one meanwhile.
   */
  private async attribute(analysis: Analysis): Promise<boolean> {
    const { changes, redrawn } = await this.engine.changes();
    if (this.analysis !== analysis) return false;
    let result: AnalyzeResult = { ...analysis.result, changes };
    if (redrawn !== undefined) {
      const { notice: _shown, ...rest } = result;
      result = {
        ...rest,
        view: redrawn.view,
        graph: redrawn.graph,
        omittedEdges: redrawn.omittedEdges,
        ...(redrawn.notice === undefined ? {} : { notice: redrawn.notice }),
      };
    }
    const next = { result, layout: redrawn?.layout ?? analysis.layout };
    this.analysis = next;
    if (redrawn !== undefined) this.view = redrawn.view;
    if (redrawn !== undefined) {
      const drawn = await this.renderTabs();
      if (!drawn || this.analysis !== next) return false;
    } else {
      this.renderTabBar();
      if (this.tab === 'changes') this.changesView.render(changes);
    }
    return true;
  }

  /** Lints what `analysis` evaluated and shows the problems in the editor and the panel. */
  private async lint(analysis: Analysis): Promise<void> {
    const result = await this.engine.lint({
      ...this.cniOption(),
      ...(this.snapshot.lintConfig === undefined ? {} : { lintConfig: this.snapshot.lintConfig }),
    });
    if (this.analysis !== analysis) return;
    this.problems = result;
    this.showProblems(result.diagnostics, result.rules);
  }

  private showProblems(found: readonly DiagnosticInfo[], rules: Readonly<Record<string, RuleDoc>>) {
    const problems: DiagnosticInfo[] = this.snapshot.problems.map((p) => ({
      code: p.code,
      severity: p.severity,
      message: p.message,
      ...(p.file === undefined ? {} : { source: { file: p.file, line: 1, column: 1 } }),
    }));
    const diagnostics = [...problems, ...found];
    this.editor.setDiagnostics(diagnostics);
    this.diagnostics.render(diagnostics, rules);
  }

  /** Draws the last analysis; resolves `false` when a newer one replaced it meanwhile. */
  /** The problems (until lint answers), the policy list and the explanation's suggestions. */
  private renderLists(): void {
    const result = this.analysis?.result;
    if (result === undefined) return;
    // Until lint answers, the last problems stay (their lines move with the text).
    if (this.problems === undefined) this.showProblems(result.diagnostics, result.rules);
    this.policies.render(result.policies);
    this.explainView.setSuggestions(result.targets);
  }

  private async render(): Promise<boolean> {
    const a = this.analysis;
    if (a === undefined) return false;
    const { result } = a;
    const drawn = await this.renderTabs();
    if (this.analysis !== a) return false;
    const s = result.stats;
    const off = this.workspace.disabled.length > 0 ? ` (${this.workspace.disabled.length} off)` : '';
    this.status.textContent = [
      plural(s.namespaces, 'namespace'),
      plural(s.pods, 'pod'),
      plural(s.workloads, 'workload'),
      plural(s.services, 'service'),
      `${plural(s.policies, 'policy', 'policies')}${off}`,
      plural(s.connections, 'allowed connection'),
      `evaluated in ${Math.max(1, Math.round(s.millis))} ms`,
    ].join(' · ');
    if (drawn && this.pendingCentre !== undefined) {
      const target = this.pendingCentre;
      this.pendingCentre = undefined;
      this.graphView.centreOn(target);
    }
    return drawn;
  }

  /** The view tabs, "What changed" with its count. */
  private renderTabBar(): void {
    const changes = this.analysis?.result.changes.length ?? 0;
    const tab = (id: Tab, label: string) =>
      h(
        'button',
        {
          class: `tab${this.tab === id ? ' active' : ''}`,
          role: 'tab',
          'data-tab': id,
          'aria-selected': this.tab === id ? 'true' : 'false',
          onclick: () => {
            const wasMatrix = this.tab === 'matrix';
            this.tab = id;
            void this.renderTabs();
            if (id === 'matrix' && !wasMatrix) void this.analyze();
          },
        },
        label,
      );
    replace(
      this.tabBar,
      tab('graph', 'Graph'),
      tab('matrix', 'Matrix'),
      tab('changes', changes === 0 ? 'What changed' : `What changed (${changes})`),
    );
  }

  private async renderTabs(): Promise<boolean> {
    this.renderTabBar();
    if (this.tab === 'graph') {
      show(this.tabBody, this.graphView.element);
      return this.renderGraph();
    }
    if (this.tab === 'matrix') {
      show(this.tabBody, this.matrixView.element);
      this.renderMatrix();
    } else {
      show(this.tabBody, this.changesView.element);
      this.changesView.render(this.analysis?.result.changes ?? []);
    }
    return true;
  }

  private renderGraph(): Promise<boolean> {
    const a = this.analysis;
    if (a === undefined || this.view === null) return Promise.resolve(false);
    return this.graphView.render({
      model: a.result.model,
      graph: a.result.graph,
      layout: a.layout,
      options: this.view,
      granularity: this.granularity,
      search: searchVisible(a.result.graph, a.result.model, this.query),
      query: this.query,
      omittedEdges: a.result.omittedEdges,
      ...(a.result.notice === undefined ? {} : { notice: a.result.notice }),
      ...(this.selectedEdge === undefined ? {} : { selectedEdge: this.selectedEdge }),
    });
  }

  /** New view options: the worker projects and lays out again. */
  private setView(view: GraphViewOptions) {
    this.view = view;
    this.selectedEdge = undefined;
    void this.analyze();
  }

  /**
   * A folded namespace was clicked: unfolded in place while the graph stays legible, otherwise
   * opened on its own (drill-down, with a breadcrumb back).
   */
  private openNamespace(ns: string) {
    const a = this.analysis;
    if (a === undefined || this.view === null) return;
    const scope = this.view.scope ?? ALL_SCOPE;
    const shown = a.result.graph.nodes.filter((n) => n.type === 'node').length;
    const members = a.result.model.nodes.filter((n) => n.namespace === ns).length;
    if (
      scope.type === 'all' &&
      a.result.omittedEdges === 0 &&
      legible(shown + members, a.result.graph.edges.length)
    ) {
      this.setView({ ...this.view, collapsed: this.view.collapsed.filter((c) => c !== ns) });
    } else this.setView({ ...this.view, scope: { type: 'namespace', namespace: ns } });
  }

  /**
   * The search text changed: highlight what is drawn at once; matches folded away are revealed
   * (their namespaces unfolded, the first match centred) when they sit in a few namespaces, or
   * on Enter.
   */
  private onSearch(query: string, reveal: boolean) {
    this.query = query;
    clearTimeout(this.searchTimer);
    void this.renderGraph();
    const a = this.analysis;
    if (a === undefined || this.view === null || query.trim() === '') return;
    const found = searchVisible(a.result.graph, a.result.model, query);
    const first = found.matches[0];
    if (first === undefined) return;
    const drawn = a.result.graph.nodes.some((n) => n.id === first);
    if (drawn) {
      if (reveal) this.graphView.centreOn(first);
      return;
    }
    const namespaces = [
      ...new Set(found.matches.map((id) => a.result.model.nodes.find((n) => n.id === id)?.namespace)),
    ].filter((n): n is string => n !== undefined);
    if (!reveal && namespaces.length > REVEAL_NAMESPACES) return;
    const unfold = new Set(reveal ? namespaces.slice(0, REVEAL_NAMESPACES) : namespaces);
    const go = () => {
      if (this.view === null) return;
      this.pendingCentre = first;
      this.setView({
        ...this.view,
        scope: ALL_SCOPE,
        hidden: this.view.hidden.filter((n) => !unfold.has(n)),
        collapsed: this.view.collapsed.filter((n) => !unfold.has(n)),
      });
    };
    // While typing, wait for a pause; Enter reveals at once.
    if (reveal) go();
    else this.searchTimer = setTimeout(go, 350);
  }

  private renderMatrix() {
    const heatmap = this.analysis?.result.heatmap;
    if (heatmap === undefined) return;
    if (heatmap === null) this.matrixView.pending(this.matrixState);
    else this.matrixView.render(heatmap, this.matrixState);
  }

  private onEdit(name: string, text: string) {
    this.workspace = withText(this.workspace, name, text);
    this.editor.markModified(this.editorFiles());
    this.updateSaveButton();
    void this.analyze();
  }

  private onEdge(edge: VisibleEdge) {
    // An edge of a folded namespace stands for many connections: open the namespace first.
    const folded = [edge.dst, edge.src].find((id) => id.startsWith('namespace:'));
    if (folded !== undefined) {
      this.openNamespace(folded.slice('namespace:'.length));
      return;
    }
    this.selectedEdge = edge.id;
    const { port, protocol } = probePort(edge.conns, this.view?.filter ?? null);
    this.runExplain({ src: edge.src, dst: edge.dst, port, protocol });
    void this.renderGraph();
  }

  /** A workload (or pod, or address block) was clicked: focus on it and its neighbours. */
  private onNode(node: VisibleNode) {
    if (this.view === null) return;
    this.explainView.setSource(node.id);
    const scope = this.view.scope ?? ALL_SCOPE;
    if (scope.type === 'focus' && scope.node === node.id) return;
    this.setView({ ...this.view, scope: { type: 'focus', node: node.id } });
  }

  private onChange(change: EdgeChange) {
    const conns = change.after ?? change.before;
    const { port, protocol } =
      conns === undefined ? { port: 80, protocol: 'TCP' as const } : probePort(conns, null);
    this.runExplain({ src: change.src, dst: change.dst, port, protocol });
  }

  private runExplain(query: ProbeQuery): void {
    const opening = this.explainView.element.hidden;
    this.explainView.open();
    // The panel takes room from the graph: fit it again into what is left.
    if (opening && this.tab === 'graph') requestAnimationFrame(() => this.graphView.fit());
    void this.explain(query).then((view) => {
      this.explainView.setQuery({ src: view.src, dst: view.dst, port: view.port, protocol: view.protocol });
      this.explainView.render(view);
      this.shown = view;
      this.fixPanel.clear();
    });
  }

  private async askFix(want: Want): Promise<void> {
    const shown = this.shown;
    if (shown === undefined) return;
    const view = await this.engine.fix({
      files: this.workspace.files.map((f) => ({ name: f.name, text: f.text })),
      ...this.cniOption(),
      src: shown.src,
      dst: shown.dst,
      port: shown.port,
      protocol: shown.protocol,
      want,
    });
    this.fixPanel.render(view);
  }

  /** Writes a proposal into the editor as user edits (undoable), then re-evaluates. */
  private applyFix(p: ProposalView): void {
    for (const f of p.files) this.editor.replaceText(f.file, f.text);
    if (p.source !== undefined) this.editor.reveal(p.source.file, p.source.line);
    this.fixPanel.clear();
    this.notify(`Applied: ${p.title}`);
  }

  private explain(query: ProbeQuery): Promise<ExplanationView> {
    return this.engine.explain(query);
  }

  private reveal(link: SourceLink) {
    this.editor.reveal(link.file, link.line);
  }

  private updateSaveButton() {
    const modified = modifiedFiles(this.workspace);
    this.saveButton.disabled = !modified.some((f) => f.writable);
    this.saveButton.textContent = modified.length === 0 ? 'Save' : `Save (${modified.length})`;
  }

  private async save() {
    const modified = modifiedFiles(this.workspace);
    const writable = modified.filter((f) => f.writable);
    const other = modified.filter((f) => !f.writable);
    if (writable.length === 0) {
      this.notify(
        other.length > 0
          ? 'These files were not loaded from the served paths: use Export → YAML to download them.'
          : 'Nothing to save.',
      );
      return;
    }
    const ok = await confirmDialog(
      `Write ${writable.length} file${writable.length === 1 ? '' : 's'} to disk?`,
      [
        h('ul', { class: 'file-list' }, ...writable.map((f) => h('li', {}, f.name))),
        'The files on disk are replaced with the text in the editor.',
        ...(other.length > 0
          ? [
              `${other.length} other edited file(s) are not from the served paths and are not written; download them instead.`,
            ]
          : []),
      ],
      'Write files',
    );
    if (!ok) return;
    try {
      // a file with no saved text was made in the studio: the server creates it
      const saved = await saveFiles(
        writable.map((f) => ({
          name: f.name,
          text: f.text,
          ...(f.saved === null ? { create: true } : { base: f.saved }),
        })),
      );
      this.workspace = markSaved(this.workspace, saved);
      this.editor.markModified(this.editorFiles());
      this.updateSaveButton();
      this.notify(`Saved ${saved.join(', ')}`);
    } catch (err) {
      this.notify(`Not saved: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async addPolicy() {
    const a = this.analysis;
    const namespaces = a?.result.model.namespaces.map((n) => n.name) ?? [];
    const policies = a?.result.policies ?? [];
    const files = this.workspace.files.map((f) => f.name);
    const creatable = this.tutorial.active ? [] : (this.snapshot.newFileFolders ?? []);
    const choice = await templateDialog(namespaces, {
      files,
      policyFileOf: (ns, dialect) => {
        const own = policies.filter((p) => p.namespace === ns);
        const same = own.filter((p) => (p.kind?.startsWith('Cilium') ? 'cilium' : undefined) === dialect);
        return mostCommon((same.length > 0 ? same : own).map((p) => p.source.file));
      },
      folder: newFileFolder(
        folderOf(mostCommon(policies.map((p) => p.source.file)) ?? files[0] ?? ''),
        creatable,
      ),
    });
    if (choice === undefined) return;
    if (choice.create) {
      const writable = creatable.includes(folderOf(choice.file));
      this.workspace = {
        ...this.workspace,
        files: [...this.workspace.files, { name: choice.file, text: '', saved: null, writable }],
      };
      this.editor.setFiles(this.editorFiles(), choice.file);
      this.notify(
        writable
          ? `Added ${choice.file}: Save creates it in ${folderOf(choice.file) || 'the served directory'}.`
          : `Added ${choice.file}: a new file lives in the studio until you download it (Export → YAML).`,
      );
    }
    const file = this.workspace.files.find((f) => f.name === choice.file);
    if (file === undefined) return;
    const text = appendDocument(file.text, choice.yaml);
    this.editor.replaceText(file.name, text);
    this.editor.revealEnd();
  }

  private openWorkspace(ws: Workspace) {
    this.workspace = ws;
    this.editor.setFiles(this.editorFiles());
    this.updateSaveButton();
    void this.analyze('current');
  }

  private addFiles(files: readonly InputFile[]) {
    const names = new Set(this.workspace.files.map((f) => f.name));
    const added = files.map((f) => {
      let name = f.name;
      for (let i = 2; names.has(name); i++) name = `${f.name} (${i})`;
      names.add(name);
      return { name, text: f.text, saved: null, writable: false };
    });
    this.workspace = { ...this.workspace, files: [...this.workspace.files, ...added] };
    this.editor.setFiles(this.editorFiles(), added[0]?.name);
    this.updateSaveButton();
    void this.analyze();
  }

  private notify(text: string) {
    const toast = h('div', { class: 'toast', role: 'status' }, text);
    document.body.append(toast);
    setTimeout(() => toast.remove(), 4500);
  }
}

/** The value that occurs most often (the first of equals), or undefined for an empty list. */
function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (best === undefined || n > counts.get(best)!) best = v;
  }
  return best;
}

/**
 * The folder new files go into: where the policies live when the server may create files
 * there, else the first folder it may create files in, else where the policies live.
 */
function newFileFolder(preferred: string, creatable: readonly string[]): string {
  if (creatable.length === 0 || creatable.includes(preferred)) return preferred;
  return creatable[0]!;
}

/** The folder part of a file name (`a/b/c.yaml` → `a/b`). */
function folderOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

/**
 * A User Timing measure (`kubereach:NAME`) of one step of an analysis, with the engine's
 * stage timings as its detail: seen in the browser's performance tools and read by the
 * end-to-end tests, which report them.
 */
function measure(name: string, start: number, end: number, detail?: Readonly<Record<string, number>>) {
  performance.measure(`kubereach:${name}`, { start, end, ...(detail === undefined ? {} : { detail }) });
}
