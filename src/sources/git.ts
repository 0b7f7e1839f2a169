import { execFile, spawn } from 'node:child_process';
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, posix, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../model/diagnostics.js';
import { MAX_FILE_BYTES } from './files.js';
import type { InputFile } from './parse.js';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface GitReadOptions {
  /** Directory the paths are relative to; the repository is the one containing the first path. */
  readonly cwd: string;
  /** Descend into subdirectories (kubectl's `-R`). */
  readonly recursive?: boolean;
}

export type GitReadResult =
  | {
      readonly ok: true;
      /** The commit the revision names. */
      readonly commit: string;
      /** Files named `REV:path`, as git spells a file of a revision. */
      readonly files: readonly InputFile[];
      readonly diagnostics: readonly Diagnostic[];
    }
  | { readonly ok: false; readonly message: string; readonly hint?: string };

interface TreeEntry {
  readonly mode: string;
  readonly type: string;
  readonly object: string;
  readonly size: number;
  readonly path: string;
}

/**
 * Reads the manifests under `paths` (relative to `cwd`; `.` when none) as they are in revision
 * `rev` of the git repository that contains the first path, with `git ls-tree` and
 * `git cat-file` — nothing is checked out. Paths are files or directories like
 * `readInputFiles` takes; a path absent from the revision is a warning (that version simply
 * has nothing there), a path outside the repository an error. A missing repository, revision
 * or git is returned as `ok: false`; nothing throws for bad input.
 */
export async function readGitRevision(
  rev: string,
  paths: readonly string[],
  options: GitReadOptions,
): Promise<GitReadResult> {
  if (rev === '' || rev.startsWith('-') || /[\s\0]/.test(rev))
    return { ok: false, message: `${JSON.stringify(rev)} is not a revision` };
  const wantedPaths = paths.length === 0 ? ['.'] : paths;
  const anchors = await Promise.all(wantedPaths.map((p) => realAncestor(resolve(options.cwd, p))));
  const first = anchors[0]!;
  const top = await git(['rev-parse', '--show-toplevel'], first.dir);
  if (!top.ok) {
    return top.missing
      ? { ok: false, message: 'git is not installed or not on PATH' }
      : {
          ok: false,
          message: `${wantedPaths[0]} is not inside a git repository`,
          hint: 'compare two files or directories instead: kubereach diff OLD NEW',
        };
  }
  const root = top.stdout.trim();
  const verified = await git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], root);
  if (!verified.ok) {
    return {
      ok: false,
      message: `unknown revision ${JSON.stringify(rev)}`,
      hint: 'name a commit, branch or tag (in CI, fetch enough history: actions/checkout with fetch-depth: 0)',
    };
  }
  const commit = verified.stdout.trim();
  const diagnostics: Diagnostic[] = [];
  const wanted: { entry: TreeEntry; name: string }[] = [];
  const seen = new Set<string>();
  for (const [i, path] of wantedPaths.entries()) {
    const rel = relative(root, anchors[i]!.real).split(sep).join('/');
    if (rel.startsWith('..')) {
      diagnostics.push(readError(`${rev}:${path}`, 'is outside the git repository', 'error'));
      continue;
    }
    const listed = await git(
      ['ls-tree', '-r', '-l', '-z', '--full-tree', commit, '--', ...(rel === '' ? [] : [rel])],
      root,
    );
    if (!listed.ok) {
      diagnostics.push(readError(`${rev}:${path}`, `cannot be listed: ${listed.stderr.trim()}`, 'error'));
      continue;
    }
    const entries = parseTree(listed.stdout);
    if (entries.length === 0) {
      diagnostics.push(readError(`${rev}:${path}`, 'does not exist in this revision', 'warning'));
      continue;
    }
    const isFile = entries.length === 1 && entries[0]!.path === rel;
    const skipped = new Set<string>();
    for (const entry of entries) {
      const inside = rel === '' ? entry.path : entry.path.slice(rel.length + 1);
      const name = `${rev}:${isFile ? path : posix.join(path.split(sep).join('/'), inside)}`;
      if (!isFile) {
        const parts = inside.split('/');
        if (parts.slice(0, -1).some((p) => p.startsWith('.'))) continue;
        if (!MANIFEST_EXTENSIONS.has(extname(entry.path).toLowerCase())) continue;
        if (parts.length > 1 && !options.recursive) {
          const sub = `${rev}:${posix.join(path, parts[0]!)}`;
          if (!skipped.has(sub)) {
            skipped.add(sub);
            diagnostics.push({
              code: 'READ_ERROR',
              severity: 'info',
              message: `${sub} is a subdirectory and was not read`,
              source: { file: sub, line: 1, column: 1 },
              hint: 'pass -R to read directories recursively',
            });
          }
          continue;
        }
      }
      if (entry.type !== 'blob' || entry.mode === '120000') continue;
      if (seen.has(name)) continue;
      seen.add(name);
      if (entry.size > MAX_FILE_BYTES) {
        diagnostics.push({
          code: 'TOO_LARGE',
          severity: 'error',
          message: `${name} is ${Math.round(entry.size / 1024 / 1024)} MiB, over the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit for one file`,
          source: { file: name, line: 1, column: 1 },
        });
        continue;
      }
      wanted.push({ entry, name });
    }
  }
  const blobs = await catBlobs(
    wanted.map((w) => w.entry.object),
    root,
  );
  if (!blobs.ok) return { ok: false, message: `git cat-file failed: ${blobs.message}` };
  const files = wanted.map((w, i) => ({ name: w.name, text: blobs.texts[i]! }));
  return { ok: true, commit, files, diagnostics };
}

/**
 * The real path of `path` (symlinks resolved, as git reports the top level), found through its
 * nearest existing ancestor since the path may exist only in the revision; and a directory to
 * run git in.
 */
async function realAncestor(path: string): Promise<{ real: string; dir: string }> {
  let existing = path;
  const rest: string[] = [];
  for (;;) {
    const info = await stat(existing).catch(() => undefined);
    if (info !== undefined) {
      const real = await realpath(existing).catch(() => existing);
      return { real: join(real, ...rest), dir: info.isDirectory() ? real : dirname(real) };
    }
    const parent = dirname(existing);
    if (parent === existing) return { real: path, dir: path };
    rest.unshift(basename(existing));
    existing = parent;
  }
}

/** Splits `A..B` into its two revisions; a single revision gives `[rev]`. */
export function parseRevisionRange(text: string): readonly [string] | readonly [string, string] | undefined {
  if (text.includes('...')) return undefined;
  const parts = text.split('..');
  if (parts.length === 1) return parts[0] === '' ? undefined : [parts[0]!];
  if (parts.length === 2 && parts[0] !== '' && parts[1] !== '') return [parts[0]!, parts[1]!];
  return undefined;
}

function parseTree(out: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of out.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, type, object, size] = record.slice(0, tab).split(/ +/);
    entries.push({
      mode: mode ?? '',
      type: type ?? '',
      object: object ?? '',
      size: size === undefined || size === '-' ? 0 : Number(size),
      path: record.slice(tab + 1),
    });
  }
  return entries;
}

type GitRun =
  | { readonly ok: true; readonly stdout: string }
  | { readonly ok: false; readonly missing: boolean; readonly stderr: string };

function git(args: readonly string[], cwd: string): Promise<GitRun> {
  return new Promise((done) => {
    execFile('git', args, { cwd, maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err === null) done({ ok: true, stdout });
      else done({ ok: false, missing: (err as { code?: unknown }).code === 'ENOENT', stderr });
    });
  });
}

/** Reads blobs in one `git cat-file --batch` process. */
function catBlobs(
  objects: readonly string[],
  cwd: string,
): Promise<{ ok: true; texts: string[] } | { ok: false; message: string }> {
  if (objects.length === 0) return Promise.resolve({ ok: true, texts: [] });
  return new Promise((done) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.on('error', (err) => done({ ok: false, message: err.message }));
    child.on('close', (code) => {
      if (code !== 0) {
        done({ ok: false, message: stderr.trim() || `exit ${code}` });
        return;
      }
      const all = Buffer.concat(chunks);
      const texts: string[] = [];
      let at = 0;
      for (let i = 0; i < objects.length; i++) {
        const eol = all.indexOf(10, at);
        const header = all.subarray(at, eol).toString('utf8').split(' ');
        if (header[1] === 'missing' || header.length < 3) {
          done({ ok: false, message: `object ${objects[i]} is missing` });
          return;
        }
        const size = Number(header[2]);
        texts.push(all.subarray(eol + 1, eol + 1 + size).toString('utf8'));
        at = eol + 1 + size + 1;
      }
      done({ ok: true, texts });
    });
    child.stdin.end(`${objects.join('\n')}\n`);
  });
}

function readError(file: string, what: string, severity: 'error' | 'warning'): Diagnostic {
  return { code: 'READ_ERROR', severity, message: `${file} ${what}`, source: { file, line: 1, column: 1 } };
}
