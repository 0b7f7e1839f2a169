import { constants } from 'node:fs';
import { lstat, open, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { readInputFiles } from '../sources/files.js';
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

interface ServedFile {
  /** The real path the file had when it was read. */
  readonly real: string;
}

/** Whether `path` is `root` itself or inside it (both real, absolute paths). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Serves manifest files and directories. What it serves is exactly what it read: files under
 * the given paths (a symbolic link whose target lies outside them is not served), and a save
 * may only write one of those files, at the real path it was read from.
 */
export function createFileProvider(paths: readonly string[], options: FileProviderOptions): SnapshotProvider {
  const served = new Map<string, ServedFile>();
  const maxBytes = options.maxFileBytes ?? 16 * 1024 * 1024;
  const description = `files: ${paths.join(', ')}`;
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

  const roots = async (): Promise<string[]> => {
    const out: string[] = [];
    for (const p of paths) {
      if (p === '-') continue;
      try {
        out.push(await realpath(resolve(options.cwd, p)));
      } catch {
        // missing paths are reported by the reader
      }
    }
    return out;
  };

  return {
    async snapshot(): Promise<StudioSnapshot> {
      const read = await readInputFiles(paths, {
        recursive: options.recursive ?? false,
        cwd: options.cwd,
        ...(stdin === undefined ? {} : { stdin }),
      });
      const rootList = await roots();
      const problems: SnapshotProblem[] = read.diagnostics.map((d) => ({
        code: d.code,
        severity: d.severity,
        message: d.message,
        ...(d.source === undefined ? {} : { file: d.source.file }),
      }));
      const files: StudioSnapshot['files'][number][] = [];
      served.clear();
      for (const f of read.files) {
        if (f.name === '<stdin>') {
          files.push({ name: f.name, text: f.text, writable: false });
          continue;
        }
        let real: string;
        try {
          real = await realpath(resolve(options.cwd, f.name));
        } catch {
          continue;
        }
        if (!rootList.some((root) => isInside(root, real))) {
          problems.push({
            code: 'READ_ERROR',
            severity: 'warning',
            message: `${f.name} links to a file outside the served paths and is not served`,
            file: f.name,
          });
          continue;
        }
        served.set(f.name, { real });
        files.push({ name: f.name, text: f.text, writable: true });
      }
      revision++;
      return {
        apiVersion: 'kubereach/v1',
        kind: 'StudioSnapshot',
        source: { type: 'files', description },
        revision,
        files,
        problems,
      };
    },

    async save(files) {
      // Check everything before writing anything: a refused file writes none.
      const plan: { name: string; real: string; text: string }[] = [];
      for (const f of files) {
        const entry = served.get(f.name);
        if (entry === undefined) throw new SaveRefused(`${f.name} is not one of the served files`, 403);
        if (Buffer.byteLength(f.text, 'utf8') > maxBytes)
          throw new SaveRefused(`${f.name}: the text is larger than ${maxBytes} bytes`, 403);
        let now: string;
        try {
          now = await realpath(resolve(options.cwd, f.name));
        } catch {
          throw new SaveRefused(`${f.name} no longer exists`, 409);
        }
        if (now !== entry.real)
          throw new SaveRefused(`${f.name} now points somewhere else; reload the studio`, 409);
        const info = await stat(entry.real).catch(() => undefined);
        if (info === undefined || !info.isFile())
          throw new SaveRefused(`${f.name} is no longer a regular file`, 409);
        if (f.base !== undefined && (await readFile(entry.real, 'utf8').catch(() => undefined)) !== f.base) {
          throw new SaveRefused(
            `${f.name} changed on disk since the studio loaded it; reload to see the new text (your edits stay in the page until then)`,
            409,
          );
        }
        plan.push({ name: f.name, real: entry.real, text: f.text });
      }
      const saved: string[] = [];
      for (const p of plan) {
        // The real path is not a link; O_NOFOLLOW keeps it so if it was swapped in the meantime.
        const link = await lstat(p.real).catch(() => undefined);
        if (link === undefined || link.isSymbolicLink())
          throw new SaveRefused(`${p.name} changed while saving`, 409);
        try {
          const handle = await open(
            p.real,
            constants.O_WRONLY | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0),
          );
          try {
            await handle.writeFile(p.text, 'utf8');
          } finally {
            await handle.close();
          }
        } catch (err) {
          throw new SaveRefused(
            `${p.name} could not be written (${(err as { code?: string }).code ?? String(err)})`,
            500,
          );
        }
        saved.push(p.name);
      }
      return { saved };
    },
  };
}
