import { appendAll } from './chunks.js';
import { h, replace } from './dom.js';

export interface TreeFile {
  readonly name: string;
  readonly modified: boolean;
}

interface Folder {
  readonly path: string;
  readonly folders: Map<string, Folder>;
  readonly files: TreeFile[];
}

/** The files as folders: names split at `/`, folders first, each sorted by name. */
export function buildFolders(files: readonly TreeFile[]): Folder {
  const root: Folder = { path: '', folders: new Map(), files: [] };
  for (const f of files) {
    const parts = f.name.split('/');
    let at = root;
    for (const part of parts.slice(0, -1)) {
      let next = at.folders.get(part);
      if (next === undefined) {
        next = { path: at.path === '' ? part : `${at.path}/${part}`, folders: new Map(), files: [] };
        at.folders.set(part, next);
      }
      at = next;
    }
    at.files.push(f);
  }
  return root;
}

/** What a file's row shows: modified, active, how many problems. */
function rowKey(f: TreeFile, active: string | undefined, problems: ReadonlyMap<string, number>): string {
  return `${f.modified}\u0000${f.name === active}\u0000${problems.get(f.name) ?? 0}`;
}

/**
 * The workspace's files as a tree: folders fold, the edited file is highlighted and scrolled
 * into view (its folders open), files with problems carry a count.
 */
export class FileTree {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  /** Folders the person folded (others are open). */
  private readonly folded = new Set<string>();
  private last:
    | { files: readonly TreeFile[]; active: string | undefined; problems: ReadonlyMap<string, number> }
    | undefined;

  constructor(private readonly onOpen: (name: string) => void) {
    this.list = h('div', { class: 'tree-body', role: 'tree' });
    this.element = h('nav', { class: 'file-tree', 'aria-label': 'files' }, this.list);
  }

  render(
    files: readonly TreeFile[],
    active: string | undefined,
    problems: ReadonlyMap<string, number>,
  ): void {
    const unfoldActive = this.last?.active !== active;
    this.last = { files, active, problems };
    // The folders of a file just opened are unfolded, so it shows.
    if (active !== undefined && unfoldActive) {
      const parts = active.split('/');
      for (let i = 1; i < parts.length; i++) this.folded.delete(parts.slice(0, i).join('/'));
    }
    // Each analysis and keystroke asks again; hundreds of rows are rebuilt only when the folders
    // change, and a file's row only when what it shows does (an edit, a problem count).
    const structure = JSON.stringify([files.map((f) => f.name), [...this.folded]]);
    if (structure === this.shownStructure) {
      for (const f of files) {
        const row = this.rows.get(f.name);
        if (row === undefined || row.key === rowKey(f, active, problems)) continue;
        const next = this.fileRow(f, row.depth, active, problems);
        row.el.replaceWith(next.el);
        this.rows.set(f.name, next);
      }
    } else {
      this.shownStructure = structure;
      this.rows.clear();
      // read only when kept: reading it lays out the page as it is now, before the rows change
      const top = unfoldActive ? 0 : this.list.scrollTop;
      replace(this.list);
      appendAll(this.list, this.entries(buildFolders(files), 0, active, problems));
      if (!unfoldActive) this.list.scrollTop = top;
    }
    // Scrolled in the next frame, when the page is laid out anyway (now it would lay it out twice).
    if (unfoldActive) {
      const shown = this.list.querySelector('.tree-file.active');
      if (shown !== null) requestAnimationFrame(() => shown.scrollIntoView({ block: 'nearest' }));
    }
  }

  /** The files shown and the folders folded when the rows were last built. */
  private shownStructure: string | undefined;
  /** Each file's row, with what it shows and its depth in the tree. */
  private readonly rows = new Map<string, { el: HTMLElement; key: string; depth: number }>();

  private fileRow(
    f: TreeFile,
    depth: number,
    active: string | undefined,
    problems: ReadonlyMap<string, number>,
  ): { el: HTMLElement; key: string; depth: number } {
    const count = problems.get(f.name) ?? 0;
    const el = h(
      'button',
      {
        class: `tree-file${f.name === active ? ' active' : ''}`,
        role: 'treeitem',
        'aria-selected': f.name === active ? 'true' : 'false',
        'data-file': f.name,
        title: f.name,
        style: `padding-left:${6 + depth * 12}px`,
        onclick: () => this.onOpen(f.name),
      },
      f.name.split('/').pop() ?? f.name,
      f.modified ? h('span', { class: 'dot', title: 'modified' }, ' •') : null,
      count > 0 ? h('span', { class: 'count', title: `${count} problems` }, String(count)) : null,
    );
    return { el, key: rowKey(f, active, problems), depth };
  }

  private *entries(
    folder: Folder,
    depth: number,
    active: string | undefined,
    problems: ReadonlyMap<string, number>,
  ): Generator<HTMLElement> {
    const byName = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [name, sub] of byName(folder.folders)) {
      const open = !this.folded.has(sub.path);
      yield h(
        'button',
        {
          class: 'tree-folder',
          role: 'treeitem',
          'aria-expanded': open ? 'true' : 'false',
          'data-folder': sub.path,
          style: `padding-left:${6 + depth * 12}px`,
          onclick: () => {
            if (open) this.folded.add(sub.path);
            else this.folded.delete(sub.path);
            if (this.last !== undefined) this.render(this.last.files, this.last.active, this.last.problems);
          },
        },
        `${open ? '▾' : '▸'} ${name}/`,
      );
      if (open) yield* this.entries(sub, depth + 1, active, problems);
    }
    const files = [...folder.files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const f of files) {
      const row = this.fileRow(f, depth, active, problems);
      this.rows.set(f.name, row);
      yield row.el;
    }
  }
}
