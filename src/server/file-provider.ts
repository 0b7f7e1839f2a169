import { realpath, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type ReadCache, readInputFiles, readUpTo } from '../sources/files.js';
import {
  type BeneathPath,
  createFile,
  type FileId,
  idOf,
  NotSafe,
  type OpenDir,
  openParent,
  openRegular,
  replaceFile,
  sameId,
} from './beneath.js';
import type { SnapshotProblem, StudioSnapshot } from './protocol.js';
import { SaveRefused, type SnapshotProvider } from './provider.js';

export interface FileProviderOptions {
  /** Directory relative paths are read from. */
  readonly cwd: string;
  readonly recursive?: boolean;
  /** Reads stdin for the path `-` (served read-only). */
  readonly stdin?: () => Promise<string>;
  /** Largest text a save may write, in bytes. */
  readonly maxFileBytes?: number;
}

/** A file a save may write: where it is beneath its served root. */
interface ServedFile {
  readonly path: BeneathPath;
  /** The real file, shared by every name that leads to it (a link inside the served paths). */
  readonly key: string;
}

/** A served path as it was at load: its real path and the directory its files are found under. */
interface Root {
  readonly real: string;
  readonly dir: string;
  readonly dirId: FileId;
  /** The path as given, when it is a directory (new files may be created beneath it). */
  readonly folder?: string;
}

/** A name part a new file may have: no leading dot (no `..`, no hidden file), no separator. */
const NEW_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const NEW_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** A directory's name as the reader prefixes its files with (`examples/tutorial`, `''` for `.`). */
function folderName(path: string): string {
  const folder = dirname(join(path, 'x'));
  return folder === '.' ? '' : folder;
}

/**
 * Where a new file named `name` goes beneath one of the folders: the folder and the path
 * beneath it, or why it may not be created there. The name must be exactly as the reader
 * would name the file on the next load (`FOLDER/NAME.yaml`), with plain segments only.
 */
export function newFilePlace(
  name: string,
  folders: readonly string[],
  recursive: boolean,
): { ok: true; folder: string; segments: string[] } | { ok: false; message: string } {
  for (const folder of folders) {
    const prefix = folder === '' ? '' : `${folder}/`;
    if (!name.startsWith(prefix)) continue;
    const segments = name.slice(prefix.length).split('/');
    if (!segments.every((s) => NEW_SEGMENT.test(s)) || join(folder, ...segments) !== name) continue;
    if (!NEW_EXTENSIONS.has(extname(name).toLowerCase()))
      return { ok: false, message: `${name}: a new file must end in .yaml, .yml or .json` };
    if (!recursive && segments.length > 1)
      return { ok: false, message: `${name}: new files go directly in ${folder || '.'} (served without -R)` };
    return { ok: true, folder, segments };
  }
  return { ok: false, message: `${name} is not a new file name inside a served directory` };
}

/** Whether `path` is `root` itself or inside it (both real, absolute paths). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Files checked at once by a snapshot (each check opens a directory and the file). */
const CHECKS_AT_ONCE = 16;

/**
 * `run` over every item, at most `limit` at a time, results in the items' order. A rejection
 * rejects the whole, as a loop of awaits would (the runs already started still finish).
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** Runs one holder at a time per key; a holder gets a release function. */
function createLocks(): (key: string) => Promise<() => void> {
  const tails = new Map<string, Promise<void>>();
  return async (key) => {
    const previous = tails.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    };
  };
}

/**
 * Serves manifest files and directories. What it serves is exactly what it read: files under
 * the given paths (a symbolic link whose target lies outside them is not served). Which files a
 * save may write is decided once, at load (the first snapshot), and never by later reads: files
 * found under the served paths, regular, with one link. A save resolves the file beneath its
 * served root without following any link, checks it is still the file last read (device and
 * inode) and still holds the text the page based its edit on, and replaces it atomically, one
 * save per file at a time. The one way to widen the list is a new file (`create`): named
 * `FOLDER/NAME.yaml` beneath a served directory (no `..`, no hidden or odd names; nested only
 * when served with -R), created through the directories opened at load without following a
 * link, never over an existing name; from then on it is served and saved like the others.
 */
export function createFileProvider(paths: readonly string[], options: FileProviderOptions): SnapshotProvider {
  const maxBytes = options.maxFileBytes ?? 16 * 1024 * 1024;
  const description = `files: ${paths.join(', ')}`;
  /** The files a save may write, by name; fixed at load. */
  const served = new Map<string, ServedFile>();
  /** The identity each served file had when it was last read or written; absent when unsafe. */
  const ids = new Map<string, FileId>();
  const lock = createLocks();
  /** The served directories new files may be created in, fixed at load. */
  let folders: Root[] = [];
  let loaded = false;
  let revision = 0;
  // Standard input can be read once: keep it for every later snapshot (page reloads).
  let stdinText: Promise<string> | undefined;
  const stdin =
    options.stdin === undefined
      ? undefined
      : () => {
          stdinText ??= options.stdin!();
          return stdinText;
        };

  const roots = async (): Promise<Root[]> => {
    const out: Root[] = [];
    for (const p of paths) {
      if (p === '-') continue;
      try {
        const real = await realpath(resolve(options.cwd, p));
        const isDir = (await stat(real)).isDirectory();
        const dir = isDir ? real : dirname(real);
        out.push({ real, dir, dirId: idOf(await stat(dir)), ...(isDir ? { folder: folderName(p) } : {}) });
      } catch {
        // missing paths are reported by the reader
      }
    }
    return out;
  };

  /** The identity of a served file now, read beneath its root; a NotSafe says why it has none. */
  const identify = async (file: ServedFile): Promise<FileId | NotSafe> => {
    let dir: OpenDir | undefined;
    try {
      dir = await openParent(file.path);
      const { handle, stats } = await openRegular(dir, file.path.segments.at(-1)!);
      await handle.close();
      return idOf(stats);
    } catch (err) {
      if (err instanceof NotSafe) return err;
      throw err;
    } finally {
      await dir?.close();
    }
  };

  /**
   * A file as read, checked for serving: left out (with a problem) when it resolves outside the
   * served paths; writable when it is a regular file with one link beneath its root. At the
   * first load this also fixes where a save may write it.
   */
  const checkServed = async (
    f: { readonly name: string; readonly text: string },
    rootList: readonly Root[],
    load: boolean,
  ): Promise<{ file?: StudioSnapshot['files'][number]; problem?: SnapshotProblem }> => {
    if (f.name === '<stdin>') return { file: { name: f.name, text: f.text, writable: false } };
    let real: string;
    try {
      real = await realpath(resolve(options.cwd, f.name));
    } catch {
      return {};
    }
    const root = rootList.find((r) => isInside(r.real, real));
    if (root === undefined)
      return {
        problem: {
          code: 'READ_ERROR',
          severity: 'warning',
          message: `${f.name} links to a file outside the served paths and is not served`,
          file: f.name,
        },
      };
    if (load) {
      const segments = relative(root.dir, real).split(sep);
      served.set(f.name, { path: { root: root.dir, rootId: root.dirId, segments }, key: real });
    }
    const entry = served.get(f.name);
    if (entry === undefined) return { file: { name: f.name, text: f.text, writable: false } };
    const release = await lock(entry.key);
    try {
      const id = await identify(entry);
      if (id instanceof NotSafe) {
        ids.delete(entry.key);
        return {
          file: { name: f.name, text: f.text, writable: false },
          problem: {
            code: 'READ_ERROR',
            severity: 'warning',
            message: `${f.name} is served read-only: ${id.message}`,
            file: f.name,
          },
        };
      }
      ids.set(entry.key, id);
      return { file: { name: f.name, text: f.text, writable: true } };
    } finally {
      release();
    }
  };

  /** The texts last read, kept with the state of their files: an unchanged file is not read again. */
  const cache: ReadCache = new Map();
  let warming: Promise<unknown> | undefined;

  return {
    warm() {
      warming ??= readInputFiles(
        paths.filter((p) => p !== '-'),
        { recursive: options.recursive ?? false, cwd: options.cwd, cache },
      ).catch(() => undefined);
      return warming.then(() => undefined);
    },

    async snapshot(): Promise<StudioSnapshot> {
      await warming;
      // The served roots are resolved while the files are read; neither waits for the other.
      const [read, rootList] = await Promise.all([
        readInputFiles(paths, {
          recursive: options.recursive ?? false,
          cwd: options.cwd,
          cache,
          ...(stdin === undefined ? {} : { stdin }),
        }),
        roots(),
      ]);
      const problems: SnapshotProblem[] = read.diagnostics.map((d) => ({
        code: d.code,
        severity: d.severity,
        message: d.message,
        ...(d.source === undefined ? {} : { file: d.source.file }),
      }));
      const load = !loaded;
      loaded = true;
      if (load) folders = rootList.filter((r) => r.folder !== undefined);
      // Each file is checked on its own (its real path, then its identity beneath its root),
      // several at once: one after the other, the checks of a few hundred files wait for the
      // file system in turn. Files and problems keep the order the files were read in.
      const checked = await mapConcurrently(read.files, CHECKS_AT_ONCE, (f) =>
        checkServed(f, rootList, load),
      );
      const files: StudioSnapshot['files'][number][] = [];
      for (const c of checked) {
        if (c.problem !== undefined) problems.push(c.problem);
        if (c.file !== undefined) files.push(c.file);
      }
      revision++;
      return {
        apiVersion: 'kubereach/v1',
        kind: 'StudioSnapshot',
        source: { type: 'files', description },
        revision,
        files,
        problems,
        ...(folders.length === 0 ? {} : { newFileFolders: folders.map((r) => r.folder!) }),
      };
    },

    async save(files) {
      // What may be written is what a snapshot served: before the first, nothing.
      if (!loaded) throw new SaveRefused('nothing has been loaded yet', 403);
      const wanted: { name: string; entry: ServedFile; text: string; base: string | undefined }[] = [];
      const created: { name: string; entry: ServedFile; text: string }[] = [];
      for (const f of files) {
        if (f.create === true) {
          created.push({ name: f.name, entry: newEntry(f.name), text: f.text });
          if (Buffer.byteLength(f.text, 'utf8') > maxBytes)
            throw new SaveRefused(`${f.name}: the text is larger than ${maxBytes} bytes`, 403);
          continue;
        }
        const entry = served.get(f.name);
        if (entry === undefined) throw new SaveRefused(`${f.name} is not one of the served files`, 403);
        if (Buffer.byteLength(f.text, 'utf8') > maxBytes)
          throw new SaveRefused(`${f.name}: the text is larger than ${maxBytes} bytes`, 403);
        if (wanted.some((w) => w.entry.key === entry.key))
          throw new SaveRefused(`${f.name} names a file this save already writes`, 409);
        wanted.push({ name: f.name, entry, text: f.text, base: f.base });
      }
      if (new Set(created.map((c) => c.entry.key)).size < created.length)
        throw new SaveRefused('two new files of one save have the same name', 409);
      // One save per file at a time, locks taken in one order so two saves never wait on each other.
      const keys = [...wanted, ...created].map((w) => w.entry.key).sort();
      const releases: (() => void)[] = [];
      const open: { dir: OpenDir; w: (typeof wanted)[number]; like: import('node:fs').Stats }[] = [];
      try {
        for (const key of keys) releases.push(await lock(key));
        // Check everything before writing anything: a refused file writes none.
        for (const w of wanted) open.push({ w, ...(await checkFile(w.name, w.entry, w.base)) });
        const saved: string[] = [];
        for (const { dir, w, like } of open) {
          try {
            ids.set(w.entry.key, await replaceFile(dir, w.entry.path.segments.at(-1)!, w.text, like));
          } catch (err) {
            // nothing was renamed: the file on disk is still the one last read
            throw new SaveRefused(
              `${w.name} could not be written (${(err as { code?: string }).code ?? String(err)})`,
              500,
            );
          }
          saved.push(w.name);
        }
        for (const c of created) {
          saved.push(await createServed(c.name, c.entry, c.text));
        }
        return { saved };
      } finally {
        for (const o of open) await o.dir.close();
        for (const release of releases) release();
      }

      /** Where a new file goes, checked by name only (its directories are checked on creation). */
      function newEntry(name: string): ServedFile {
        if (served.has(name)) throw new SaveRefused(`${name} already exists`, 409);
        const place = newFilePlace(
          name,
          folders.map((r) => r.folder!),
          options.recursive ?? false,
        );
        if (!place.ok) throw new SaveRefused(place.message, 403);
        const root = folders.find((r) => r.folder === place.folder)!;
        return {
          path: { root: root.dir, rootId: root.dirId, segments: place.segments },
          key: join(root.real, ...place.segments),
        };
      }

      /**
       * Creates a new file beneath its served directory, following no link on the way and
       * replacing nothing; from then on it is served and saved like a loaded file.
       */
      async function createServed(name: string, entry: ServedFile, text: string): Promise<string> {
        let dir: OpenDir;
        try {
          dir = await openParent(entry.path);
        } catch (err) {
          if (err instanceof NotSafe) throw new SaveRefused(`${name}: ${err.message}`, 409);
          throw err;
        }
        try {
          ids.set(entry.key, await createFile(dir, entry.path.segments.at(-1)!, text));
        } catch (err) {
          if (err instanceof NotSafe) throw new SaveRefused(`${name}: ${err.message}`, 409);
          throw new SaveRefused(
            `${name} could not be created (${(err as { code?: string }).code ?? String(err)})`,
            500,
          );
        } finally {
          await dir.close();
        }
        served.set(name, entry);
        return name;
      }

      /** Opens the file's directory and checks the file is the one last read, holding `base`. */
      async function checkFile(name: string, entry: ServedFile, base: string | undefined) {
        let dir: OpenDir;
        try {
          dir = await openParent(entry.path);
        } catch (err) {
          if (err instanceof NotSafe)
            throw new SaveRefused(`${name}: ${err.message}; reload the studio`, 409);
          throw err;
        }
        try {
          const { handle, stats } = await openRegular(dir, entry.path.segments.at(-1)!).catch((err) => {
            throw err instanceof NotSafe ? new SaveRefused(`${name}: ${err.message}`, 409) : err;
          });
          try {
            const expected = ids.get(entry.key);
            if (expected === undefined || !sameId(expected, idOf(stats)))
              throw new SaveRefused(
                `${name} was replaced on disk since the studio read it; reload the studio`,
                409,
              );
            if (base !== undefined) {
              const now = await readUpTo(handle, Buffer.byteLength(base, 'utf8'));
              if (now === undefined || now.toString('utf8') !== base)
                throw new SaveRefused(
                  `${name} changed on disk since the studio loaded it; reload to see the new text (your edits stay in the page until then)`,
                  409,
                );
            }
          } finally {
            await handle.close();
          }
          return { dir, like: stats };
        } catch (err) {
          await dir.close();
          throw err;
        }
      }
    },
  };
}
