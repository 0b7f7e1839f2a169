import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostics.js';
import type { InputFile } from './parse.js';

/** Files larger than this are refused rather than read into memory. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** Extensions kubectl reads from a directory. */
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface ReadOptions {
  /** Descend into subdirectories (kubectl's `-R`). */
  readonly recursive?: boolean;
  /** Reads standard input, for the path `-`. */
  readonly stdin?: () => Promise<string>;
  /** Directory relative paths are read from; names keep the path as given. */
  readonly cwd?: string;
}

export interface ReadResult {
  readonly files: readonly InputFile[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads manifest files: each path is a file, a directory (its .yaml/.yml/.json files, sorted;
 * subdirectories with `recursive`) or `-` for stdin. Never throws for bad paths: they become
 * diagnostics.
 */
export async function readInputFiles(
  paths: readonly string[],
  options: ReadOptions = {},
): Promise<ReadResult> {
  const files: InputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const real = (path: string) => (options.cwd === undefined ? path : resolve(options.cwd, path));
  const readOne = async (path: string, size: number) => {
    if (seen.has(path)) return;
    seen.add(path);
    if (size > MAX_FILE_BYTES) {
      diagnostics.push({
        code: 'TOO_LARGE',
        severity: 'error',
        message: `${path} is ${Math.round(size / 1024 / 1024)} MiB, over the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit for one file`,
        source: { file: path, line: 1, column: 1 },
        hint: 'split the input into several files',
      });
      return;
    }
    try {
      files.push({ name: path, text: await readFile(real(path), 'utf8') });
    } catch (err) {
      diagnostics.push(readError(path, err));
    }
  };
  const walk = async (dir: string, top: boolean) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(real(dir), { withFileTypes: true });
    } catch (err) {
      diagnostics.push(readError(dir, err));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.')) continue;
        if (options.recursive) await walk(path, false);
        else if (top) {
          diagnostics.push({
            code: 'READ_ERROR',
            severity: 'info',
            message: `${path} is a subdirectory and was not read`,
            source: { file: path, line: 1, column: 1 },
            hint: 'pass -R to read directories recursively',
          });
        }
      } else if (MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
        const info = await stat(real(path)).catch(() => undefined);
        await readOne(path, info?.size ?? 0);
      }
    }
  };
  for (const path of paths) {
    if (path === '-') {
      if (options.stdin === undefined) continue;
      files.push({ name: '<stdin>', text: await options.stdin() });
      continue;
    }
    let info: import('node:fs').Stats;
    try {
      info = await stat(real(path));
    } catch (err) {
      diagnostics.push(readError(path, err));
      continue;
    }
    if (info.isDirectory()) await walk(path, true);
    else await readOne(path, info.size);
  }
  return { files, diagnostics };
}

function readError(path: string, err: unknown): Diagnostic {
  const code = (err as { code?: string }).code;
  const what =
    code === 'ENOENT'
      ? 'does not exist'
      : code === 'EACCES'
        ? 'cannot be read (permission denied)'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot be read (${code ?? String(err)})`;
  return {
    code: 'READ_ERROR',
    severity: 'error',
    message: `${path} ${what}`,
    source: { file: path, line: 1, column: 1 },
  };
}
