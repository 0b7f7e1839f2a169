import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorSelection, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { editorDiagnostics } from '../editor/diagnostics.js';
import { boundParseSlices } from '../editor/parse-slices.js';
import type { DiagnosticInfo } from '../view/types.js';
import { afterPaint, yieldToBrowser } from './chunks.js';
import { h, replace } from './dom.js';
import { FileTree } from './file-tree.js';

export interface EditorFile {
  readonly name: string;
  readonly text: string;
  readonly modified: boolean;
}

/**
 * Files larger than this are edited as plain text: highlighting a multi-megabyte YAML file
 * would hold the page for seconds.
 */
export const HIGHLIGHT_MAX_CHARS = 400_000;

/**
 * The YAML editor: one CodeMirror view, one state per file (each keeps its own undo history,
 * made when the file is first opened), a file tree to switch, the edited file's name always
 * shown, diagnostics placed at their lines.
 */
export class ManifestEditor {
  readonly element: HTMLElement;
  private readonly tree: FileTree;
  private readonly current: HTMLElement;
  private readonly host: HTMLElement;
  /** The CodeMirror view, made when the first file opens (see `view`). */
  private made: EditorView | undefined;
  private readonly states = new Map<string, EditorState>();
  private readonly texts = new Map<string, string>();
  private active: string | undefined;
  private diagnostics: readonly DiagnosticInfo[] = [];
  private files: readonly EditorFile[] = [];
  private silent = false;

  constructor(private readonly onChange: (name: string, text: string) => void) {
    boundParseSlices();
    this.tree = new FileTree((name) => this.open(name));
    this.current = h('div', { class: 'current-file', 'aria-live': 'polite' });
    this.host = h('div', { class: 'editor-host' });
    this.element = h(
      'section',
      { class: 'editor' },
      this.tree.element,
      h('div', { class: 'editor-main' }, this.current, this.host),
    );
  }

  /**
   * The CodeMirror view, made on first use: a view measures itself in the frame after it is
   * made, which at a real workspace's size is a long task the page's first graph need not wait for.
   */
  private get view(): EditorView {
    if (this.made === undefined) {
      // asked for before the view was made for the open file: made now, its problems placed
      this.made = this.makeView(this.active === undefined ? undefined : this.stateOf(this.active));
      this.host.dataset.diagnostics = '0';
      this.applyDiagnostics();
    }
    return this.made;
  }

  /** The view, made with the state it opens on (made empty and then given it, it would render twice). */
  private makeView(state: EditorState | undefined): EditorView {
    this.silent = true;
    const view = new EditorView({ parent: this.host, state: state ?? this.newState('') });
    this.silent = false;
    return view;
  }

  private newState(text: string): EditorState {
    return EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        text.length <= HIGHLIGHT_MAX_CHARS ? yaml() : [],
        lintGutter(),
        // the lint state from the start (no source: the worker lints): diagnostics set later
        // are a plain transaction, not a reconfiguration of the editor
        linter(null),
        // long comments wrap instead of scrolling the pane sideways
        EditorView.lineWrapping,
        EditorView.updateListener.of((update) => {
          if (!update.docChanged || this.silent || this.active === undefined) return;
          this.states.set(this.active, update.state);
          const text = update.state.doc.toString();
          this.texts.set(this.active, text);
          this.onChange(this.active, text);
        }),
      ],
    });
  }

  /** The editor state of a file, made on first use. */
  private stateOf(name: string): EditorState | undefined {
    let state = this.states.get(name);
    if (state === undefined) {
      const text = this.texts.get(name);
      if (text === undefined) return undefined;
      state = this.newState(text);
      this.states.set(name, state);
    }
    return state;
  }

  /** Shows these files; keeps the open file and its history when it is still there and unchanged. */
  setFiles(files: readonly EditorFile[], open?: string): void {
    this.files = files;
    const names = new Set(files.map((f) => f.name));
    for (const name of [...this.texts.keys()]) if (!names.has(name)) this.texts.delete(name);
    for (const name of [...this.states.keys()]) if (!names.has(name)) this.states.delete(name);
    for (const f of files) {
      if (this.texts.get(f.name) !== f.text) {
        this.texts.set(f.name, f.text);
        this.states.delete(f.name);
      }
    }
    const target =
      open ?? (this.active !== undefined && names.has(this.active) ? this.active : files[0]?.name);
    this.activate(target, true);
  }

  /** Refreshes the modified markers without touching the documents. */
  markModified(files: readonly EditorFile[]): void {
    this.files = files;
    this.renderChrome();
  }

  get activeFile(): string | undefined {
    return this.active;
  }

  /** Opens a file in the editor (its last state, cursor and history). */
  open(name: string): void {
    if (name === this.active || !this.texts.has(name)) return;
    this.activate(name);
  }

  /**
   * Shows these files in the tree at once, and opens the first in a task of its own once the
   * tree is painted: making the CodeMirror view, and laying it out, is the longest step.
   */
  async setFilesSoon(files: readonly EditorFile[]): Promise<void> {
    this.files = files;
    for (const f of files) this.texts.set(f.name, f.text);
    this.active = files[0]?.name;
    this.renderChrome();
    await afterPaint();
    if (this.made !== undefined) return;
    // The editor's styles (a view made and dropped adds them to the page, once), the file's
    // state (its first lines parsed) and the view, each in a task of its own.
    new EditorView({ state: this.newState('') }).destroy();
    await afterPaint();
    if (this.made !== undefined) return;
    if (this.active !== undefined) this.stateOf(this.active);
    await yieldToBrowser();
    if (this.made === undefined) this.activate(this.active, true);
  }

  private activate(name: string | undefined, force = false) {
    if (name === this.active && !force) return;
    if (this.made !== undefined && this.active !== undefined && this.states.has(this.active) && !force)
      this.states.set(this.active, this.made.state);
    this.active = name;
    const state = name === undefined ? undefined : this.stateOf(name);
    if (this.made === undefined) this.made = this.makeView(state);
    else {
      this.silent = true;
      this.made.setState(state ?? this.newState(''));
      this.silent = false;
    }
    // a new state carries no diagnostics
    this.host.dataset.diagnostics = '0';
    this.applyDiagnostics();
    this.renderChrome();
  }

  private renderChrome() {
    const active = this.files.find((f) => f.name === this.active);
    replace(
      this.current,
      h('span', { class: 'label' }, 'Editing'),
      h(
        'span',
        { class: 'name', title: this.active ?? '', 'data-file': this.active ?? '' },
        this.active ?? '—',
      ),
      active?.modified ? h('span', { class: 'dot', title: 'modified' }, ' • modified') : null,
      (this.texts.get(this.active ?? '')?.length ?? 0) > HIGHLIGHT_MAX_CHARS
        ? h('span', { class: 'meta' }, ' · large file: no highlighting')
        : null,
    );
    this.tree.render(this.files, this.active, this.diagnosticCounts());
  }

  /** Errors and warnings per file, for the tree's badges. */
  private diagnosticCounts(): ReadonlyMap<string, number> {
    const out = new Map<string, number>();
    for (const d of this.diagnostics) {
      if (d.source === undefined || d.severity === 'info') continue;
      out.set(d.source.file, (out.get(d.source.file) ?? 0) + 1);
    }
    return out;
  }

  setDiagnostics(diagnostics: readonly DiagnosticInfo[]): void {
    this.diagnostics = diagnostics;
    this.applyDiagnostics();
    this.tree.render(this.files, this.active, this.diagnosticCounts());
  }

  private applyDiagnostics() {
    // not open yet: placed when the view is made
    if (this.active === undefined || this.made === undefined) return;
    const doc = this.view.state.doc;
    const placed = editorDiagnostics(this.diagnostics, this.active, doc);
    // Nothing to place and nothing placed: no transaction (one costs a DOM selection read).
    if (placed.length === 0 && this.host.dataset.diagnostics === '0') return;
    this.view.dispatch(
      setDiagnostics(
        this.view.state,
        placed.map((d) => ({ ...d })),
      ),
    );
    this.host.dataset.diagnostics = String(placed.length);
  }

  /** Opens `file`, selects `line` and scrolls it to the middle of the editor. */
  reveal(file: string, line: number): void {
    if (!this.texts.has(file)) return;
    if (this.active !== file) this.activate(file);
    const doc = this.view.state.doc;
    const l = doc.line(Math.min(Math.max(1, line), doc.lines));
    this.view.dispatch({
      selection: EditorSelection.range(l.from, l.to),
      effects: EditorView.scrollIntoView(l.from, { y: 'center' }),
    });
    this.view.focus();
    this.host.dataset.revealedLine = String(l.number);
    this.host.dataset.revealedFile = file;
  }

  /** Replaces the text of a file (as a user edit, so it can be undone). */
  replaceText(name: string, text: string): void {
    if (this.active !== name) this.activate(name);
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }

  /** Scrolls to the end of the open file. */
  revealEnd(): void {
    const end = this.view.state.doc.length;
    this.view.dispatch({
      selection: EditorSelection.cursor(end),
      effects: EditorView.scrollIntoView(end, { y: 'end' }),
    });
  }
}
