import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostics.js';
import { renderedDirectoryDiagnostic, renderedDirectoryKind } from './layout.js';
import { MAX_FILE_BYTES } from './limits.js';
import type { InputFile } from './parse.js';

export { MAX_FILE_BYTES };

/** All input together: files past this total are refused, so memory stays bounded. */
export const MAX_TOTAL_BYTES = 1024 * 1024 * 1024;

/** Files read at once by `readInputFiles`. */
const READS_AT_ONCE = 16;

/** Extensions kubectl reads from a directory. */
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface ReadOptions {
  /** Descend into subdirectories (kubectl's `-R`). */
  readonly recursive?: boolean;
  /** Reads standard input, for the path `-`. */
  readonly stdin?: () => Promise<string>;
  /** Directory relative paths are read from; names keep the path as given. */
  readonly cwd?: string;
  /** Files (and stdin) larger than this are refused; MAX_FILE_BYTES unless given. */
  readonly maxFileBytes?: number;
  /** Files that would take the input past this total are refused; MAX_TOTAL_BYTES unless given. */
  readonly maxTotalBytes?: number;
  /**
   * Texts of earlier reads: a file whose device, inode, size, modification and change times
   * are those it had when it was read is not read again; what is read is added.
   */
  readonly cache?: ReadCache;
}

/** Texts read before, by path as read, with the file's state then (see ReadOptions.cache). */
export type ReadCache = Map<
  string,
  { readonly state: string; readonly text: string; readonly bytes: number }
>;

/** What tells a file's content changed without reading it: device, inode, size, mtime, ctime. */
function fileState(info: Stats): string {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
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
  const max = options.maxFileBytes ?? MAX_FILE_BYTES;
  const maxTotal = options.maxTotalBytes ?? MAX_TOTAL_BYTES;
  let total = 0;
  /** Keeps a text unless it takes the input past the total limit. */
  const keep = (name: string, text: string, bytes: number) => {
    if (total + bytes > maxTotal) {
      diagnostics.push(overTotal(name, maxTotal));
      return;
    }
    total += bytes;
    files.push({ name, text });
  };
  // Files are read several at once (one after the other, a few hundred small files wait for the
  // file system in turn); what each read gives is taken in the order the files were found, so
  // the files, the diagnostics and the total limit come out as reading them in turn would.
  const pending: Promise<() => void>[] = [];
  const settle = async (left: number) => {
    while (pending.length > left) (await pending.shift()!)();
  };
  const inTurn = (step: Promise<() => void> | (() => void)) => {
    pending.push(typeof step === 'function' ? Promise.resolve(step) : step);
    return settle(READS_AT_ONCE - 1);
  };
  const cache = options.cache;
  const readStep = async (path: string, known: number | undefined): Promise<() => void> => {
    const info =
      known === undefined || cache !== undefined ? await stat(real(path)).catch(() => undefined) : undefined;
    const size = known ?? info?.size ?? 0;
    if (size > max) return () => diagnostics.push(tooLarge(path, size, max));
    // the state before reading: a change while reading makes the next read miss, never hit
    const state = info?.isFile() ? fileState(info) : undefined;
    const hit = state === undefined ? undefined : cache?.get(path);
    if (hit !== undefined && hit.state === state) return () => keep(path, hit.text, hit.bytes);
    try {
      const bytes = await readRegularFile(real(path), max);
      if (bytes === undefined) return () => diagnostics.push(tooLarge(path, max + 1, max));
      const text = bytes.toString('utf8');
      if (state !== undefined) cache?.set(path, { state, text, bytes: bytes.length });
      else cache?.delete(path);
      return () => keep(path, text, bytes.length);
    } catch (err) {
      return () => diagnostics.push(readError(path, err));
    }
  };
  const readOne = async (path: string, size?: number) => {
    if (seen.has(path)) return;
    seen.add(path);
    await inTurn(readStep(path, size));
  };
  const walk = async (dir: string, top: boolean) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(real(dir), { withFileTypes: true });
    } catch (err) {
      await inTurn(() => diagnostics.push(readError(dir, err)));
      return;
    }
    // a kustomization's patches and a chart's templates are not manifests: they are rendered
    const rendered = renderedDirectoryKind(entries.map((e) => e.name));
    if (rendered !== undefined) {
      await inTurn(() => diagnostics.push(renderedDirectoryDiagnostic(dir, rendered)));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.')) continue;
        if (options.recursive) await walk(path, false);
        else if (top) {
          await inTurn(() =>
            diagnostics.push({
              code: 'READ_ERROR',
              severity: 'info',
              message: `${path} is a subdirectory and was not read`,
              source: { file: path, line: 1, column: 1 },
              hint: 'pass -R to read directories recursively',
            }),
          );
        }
      } else if (entry.name.startsWith('.')) {
      } else if (MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
        await readOne(path);
      }
    }
  };
  for (const path of paths) {
    if (path === '-') {
      if (options.stdin === undefined) continue;
      await settle(0);
      const text = await options.stdin();
      // UTF-8 takes one to three bytes per UTF-16 unit: count bytes only when it may matter
      const size = text.length > max / 3 ? Buffer.byteLength(text, 'utf8') : text.length;
      if (size > max) diagnostics.push(tooLarge('<stdin>', size, max));
      else keep('<stdin>', text, size);
      continue;
    }
    let info: import('node:fs').Stats;
    try {
      info = await stat(real(path));
    } catch (err) {
      await inTurn(() => diagnostics.push(readError(path, err)));
      continue;
    }
    if (info.isDirectory()) await walk(path, true);
    else await readOne(path, info.size);
  }
  await settle(0);
  return { files, diagnostics };
}

/** A path that names something other than a regular file: a FIFO, a device, a socket. */
export class NotRegularFile extends Error {
  readonly code = 'ENOTREG';
  constructor(
    readonly path: string,
    /** `a FIFO (named pipe)`, `a character device`, … */
    readonly kind: string,
  ) {
    super(`${path} is ${kind}, not a regular file`);
    this.name = 'NotRegularFile';
  }
}

/** What a non-regular file is, in words. */
export function describeFileType(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a directory';
  return 'not a regular file';
}

const O_NONBLOCK = constants.O_NONBLOCK ?? 0;
const O_NOCTTY = constants.O_NOCTTY ?? 0;

/**
 * The whole content of the regular file at `path`, or undefined as soon as it exceeds `max`
 * bytes. Anything else (a FIFO, a device such as /dev/zero or a link to /dev/stdin, a socket) is
 * refused with NotRegularFile, unread: it is checked before opening (opening some devices does
 * something), opened without blocking (opening a FIFO waits for a writer) and checked again on
 * what was opened. The limit applies to what is read, whatever the file's size says.
 */
export async function readRegularFile(path: string, max: number): Promise<Buffer | undefined> {
  const before = await stat(path);
  if (!before.isFile()) throw new NotRegularFile(path, describeFileType(before));
  const handle = await open(path, constants.O_RDONLY | O_NONBLOCK | O_NOCTTY);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new NotRegularFile(path, describeFileType(info));
    if (info.size > max) return undefined;
    return await readUpTo(handle, max);
  } finally {
    await handle.close();
  }
}

/** The rest of an open file, or undefined as soon as it exceeds `max` bytes (a device never ends). */
export async function readUpTo(handle: FileHandle, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, max + 1 - size));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, size);
    chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    size += bytesRead;
    if (size > max) return undefined;
  }
}

function overTotal(path: string, max: number): Diagnostic {
  return {
    code: 'TOO_LARGE',
    severity: 'error',
    message: `${path} is not read: the input would be over the ${formatBytes(max)} limit in total`,
    source: { file: path, line: 1, column: 1 },
    hint: 'evaluate fewer files at once, e.g. one namespace or one directory',
  };
}

/** `256 MiB`, `6.6 KiB`, `900 bytes`. */
function formatBytes(n: number): string {
  const round = (x: number) => Math.round(x * 10) / 10;
  if (n >= 1024 * 1024) return `${round(n / 1024 / 1024)} MiB`;
  if (n >= 1024) return `${round(n / 1024)} KiB`;
  return `${n} bytes`;
}

function tooLarge(path: string, size: number, max: number): Diagnostic {
  return {
    code: 'TOO_LARGE',
    severity: 'error',
    message: `${path} is ${formatBytes(size)}, over the ${formatBytes(max)} limit for one file; it is not read`,
    source: { file: path, line: 1, column: 1 },
    hint: 'split the input into several files',
  };
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
          : err instanceof NotRegularFile
            ? `is ${err.kind}, not a regular file; it is not read`
            : `cannot be read (${code ?? String(err)})`;
  return {
    code: 'READ_ERROR',
    severity: 'error',
    message: `${path} ${what}`,
    source: { file: path, line: 1, column: 1 },
  };
}
