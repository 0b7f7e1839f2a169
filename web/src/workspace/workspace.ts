/** The files being edited in the studio and what was switched off: pure operations on them. */

export interface WorkspaceFile {
  readonly name: string;
  readonly text: string;
  /** The text as loaded or last saved; `null` for a file that exists only in the studio. */
  readonly saved: string | null;
  /** Whether the server may write it back (it was loaded from a served file). */
  readonly writable: boolean;
}

export interface Workspace {
  readonly files: readonly WorkspaceFile[];
  /** Ids (`namespace/name`) of policies switched off. */
  readonly disabled: readonly string[];
}

/** The document a shared workspace file holds. */
export interface WorkspaceDocument {
  readonly apiVersion: 'kubereach/v1';
  readonly kind: 'StudioWorkspace';
  readonly files: readonly { readonly name: string; readonly text: string }[];
  readonly disabledPolicies: readonly string[];
}

/** Adds a YAML document at the end of a file's text, separated by `---` when needed. */
export function appendDocument(text: string, doc: string): string {
  const body = doc.endsWith('\n') ? doc : `${doc}\n`;
  if (text.trim() === '') return body;
  return `${text.endsWith('\n') ? text : `${text}\n`}---\n${body}`;
}

/** Files whose text differs from what was loaded or saved. */
export function modifiedFiles(ws: Workspace): WorkspaceFile[] {
  return ws.files.filter((f) => f.text !== f.saved);
}

/** Replaces one file's text. */
export function withText(ws: Workspace, name: string, text: string): Workspace {
  return { ...ws, files: ws.files.map((f) => (f.name === name ? { ...f, text } : f)) };
}

/** Switches a policy on or off. */
export function togglePolicy(ws: Workspace, id: string, enabled: boolean): Workspace {
  const rest = ws.disabled.filter((d) => d !== id);
  return { ...ws, disabled: enabled ? rest : [...rest, id] };
}

/** Marks files as saved with their current text. */
export function markSaved(ws: Workspace, names: readonly string[]): Workspace {
  const saved = new Set(names);
  return { ...ws, files: ws.files.map((f) => (saved.has(f.name) ? { ...f, saved: f.text } : f)) };
}

/** The workspace as a shareable file (JSON). */
export function serializeWorkspace(ws: Workspace): string {
  const doc: WorkspaceDocument = {
    apiVersion: 'kubereach/v1',
    kind: 'StudioWorkspace',
    files: ws.files.map((f) => ({ name: f.name, text: f.text })),
    disabledPolicies: [...ws.disabled],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Reads a shared workspace file. Its files are not writable (they were not loaded from the
 * served paths); whatever else is in the JSON is ignored.
 */
export function parseWorkspace(
  text: string,
): { ok: true; workspace: Workspace } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'not a workspace file: it is not JSON' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, message: 'not a workspace file' };
  const doc = value as Record<string, unknown>;
  if (doc.apiVersion !== 'kubereach/v1' || doc.kind !== 'StudioWorkspace')
    return {
      ok: false,
      message: 'not a workspace file: expected apiVersion kubereach/v1, kind StudioWorkspace',
    };
  if (!Array.isArray(doc.files)) return { ok: false, message: 'workspace file has no files list' };
  const files: WorkspaceFile[] = [];
  const names = new Set<string>();
  for (const f of doc.files as unknown[]) {
    const entry = f as Record<string, unknown> | null;
    if (entry === null || typeof entry.name !== 'string' || typeof entry.text !== 'string')
      return { ok: false, message: 'every file needs a name and a text' };
    if (names.has(entry.name)) return { ok: false, message: `file ${entry.name} appears twice` };
    names.add(entry.name);
    files.push({ name: entry.name, text: entry.text, saved: null, writable: false });
  }
  const disabled = Array.isArray(doc.disabledPolicies)
    ? (doc.disabledPolicies as unknown[]).filter((d): d is string => typeof d === 'string')
    : [];
  return { ok: true, workspace: { files, disabled } };
}

/** Every file as one multi-document YAML, each introduced by a comment naming it. */
export function workspaceYaml(ws: Workspace): string {
  return ws.files
    .map(
      (f) => `# Source: ${f.name.replace(/[\r\n]/g, ' ')}\n${f.text.endsWith('\n') ? f.text : `${f.text}\n`}`,
    )
    .join('---\n');
}

/** A file name for downloads: the base name, with characters file systems dislike replaced. */
export function downloadName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  return base.replace(/[^A-Za-z0-9._-]+/g, '_') || 'manifests.yaml';
}
