import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorSelection, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { editorDiagnostics } from '../editor/diagnostics.js';
import type { DiagnosticInfo } from '../view/types.js';
import { h, replace } from './dom.js';

export interface EditorFile {
  readonly name: string;
  readonly text: string;
  readonly modified: boolean;
}

/**
 * The YAML editor: one CodeMirror view, one state per file (each keeps its own undo history),
 * tabs to switch, diagnostics placed at their lines.
 */
export class ManifestEditor {
  readonly element: HTMLElement;
  private readonly tabs: HTMLElement;
  private readonly host: HTMLElement;
  private readonly view: EditorView;
  private readonly states = new Map<string, EditorState>();
  private active: string | undefined;
  private diagnostics: readonly DiagnosticInfo[] = [];
  private files: readonly EditorFile[] = [];
  private silent = false;

  constructor(private readonly onChange: (name: string, text: string) => void) {
    this.tabs = h('div', { class: 'tabs file-tabs', role: 'tablist' });
    this.host = h('div', { class: 'editor-host' });
    this.element = h('section', { class: 'editor' }, this.tabs, this.host);
    this.view = new EditorView({ parent: this.host, state: this.newState('') });
  }

  private newState(text: string): EditorState {
    return EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        // long comments wrap instead of scrolling the pane sideways
        EditorView.lineWrapping,
        EditorView.updateListener.of((update) => {
          if (!update.docChanged || this.silent || this.active === undefined) return;
          this.states.set(this.active, update.state);
          this.onChange(this.active, update.state.doc.toString());
        }),
      ],
    });
  }

  /** Shows these files; keeps the open file and its history when it is still there and unchanged. */
  setFiles(files: readonly EditorFile[], open?: string): void {
    this.files = files;
    const names = new Set(files.map((f) => f.name));
    for (const name of [...this.states.keys()]) if (!names.has(name)) this.states.delete(name);
    for (const f of files) {
      const state = this.states.get(f.name);
      if (state === undefined || state.doc.toString() !== f.text)
        this.states.set(f.name, this.newState(f.text));
    }
    const target =
      open ?? (this.active !== undefined && names.has(this.active) ? this.active : files[0]?.name);
    this.activate(target, true);
  }

  /** Refreshes the tab markers (modified files) without touching the documents. */
  markModified(files: readonly EditorFile[]): void {
    this.files = files;
    this.renderTabs();
  }

  get activeFile(): string | undefined {
    return this.active;
  }

  private activate(name: string | undefined, force = false) {
    if (name === this.active && !force) return;
    if (this.active !== undefined && this.states.has(this.active) && !force)
      this.states.set(this.active, this.view.state);
    this.active = name;
    const state = name === undefined ? undefined : this.states.get(name);
    this.silent = true;
    this.view.setState(state ?? this.newState(''));
    this.silent = false;
    this.applyDiagnostics();
    this.renderTabs();
  }

  private renderTabs() {
    replace(
      this.tabs,
      ...this.files.map((f) =>
        h(
          'button',
          {
            class: `tab${f.name === this.active ? ' active' : ''}`,
            role: 'tab',
            'aria-selected': f.name === this.active ? 'true' : 'false',
            title: f.name,
            'data-file': f.name,
            onclick: () => {
              if (this.active !== undefined) this.states.set(this.active, this.view.state);
              this.activate(f.name);
            },
          },
          f.name.split('/').pop() ?? f.name,
          f.modified ? h('span', { class: 'dot', title: 'modified' }, ' •') : null,
        ),
      ),
    );
  }

  setDiagnostics(diagnostics: readonly DiagnosticInfo[]): void {
    this.diagnostics = diagnostics;
    this.applyDiagnostics();
  }

  private applyDiagnostics() {
    if (this.active === undefined) return;
    const doc = this.view.state.doc;
    const placed = editorDiagnostics(this.diagnostics, this.active, doc);
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
    if (!this.states.has(file)) return;
    if (this.active !== file) {
      if (this.active !== undefined) this.states.set(this.active, this.view.state);
      this.activate(file);
    }
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

  /** Replaces the text of the open file (as a user edit, so it can be undone). */
  replaceText(name: string, text: string): void {
    if (this.active !== name) {
      if (this.active !== undefined) this.states.set(this.active, this.view.state);
      this.activate(name);
    }
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
