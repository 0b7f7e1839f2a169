import { randomBytes } from 'node:crypto';
import { constants, existsSync, type Stats } from 'node:fs';
import { type FileHandle, link, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Files beneath a served root, opened without following a link in any component, and replaced
 * atomically. Node has no openat(2) or openat2(2) (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS), so on
 * Linux the walk goes through the open directory itself: `/proc/self/fd/N/name` looks `name` up
 * in the directory N refers to, whatever has been renamed or swapped since, and O_NOFOLLOW keeps
 * that one component from being a link. Each directory on the way is opened so (O_DIRECTORY |
 * O_NOFOLLOW), so a directory swapped for a link between a check and a write is refused, never
 * followed. Where /proc is missing, the same opens go by path (a narrower guarantee).
 */

/** A file's identity: device and inode. */
export interface FileId {
  readonly dev: number;
  readonly ino: number;
}

/** Where a served file lives: a root directory (its identity at load) and the path beneath it. */
export interface BeneathPath {
  readonly root: string;
  readonly rootId: FileId;
  /** Directories between the root and the file, then the file's own name; never `..` or empty. */
  readonly segments: readonly string[];
}

/** Why a file may not be written now; the provider maps every kind to 409. */
export class NotSafe extends Error {
  constructor(
    readonly reason: 'gone' | 'link' | 'replaced' | 'not-regular' | 'hard-linked',
    message: string,
  ) {
    super(message);
    this.name = 'NotSafe';
  }
}

const PROC_FD = process.platform === 'linux' && existsSync('/proc/self/fd');
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_DIRECTORY = constants.O_DIRECTORY ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

/** An open directory beneath a root. */
export interface OpenDir {
  readonly handle: FileHandle;
  /** The path of `name` in this directory, looked up through the open handle where possible. */
  at(name: string): string;
  close(): Promise<void>;
}

export function sameId(a: FileId, b: FileId): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

export function idOf(stats: Stats): FileId {
  return { dev: stats.dev, ino: stats.ino };
}

function dirAt(handle: FileHandle, path: string): OpenDir {
  return {
    handle,
    at: (name) => (PROC_FD ? `/proc/self/fd/${handle.fd}/${name}` : join(path, name)),
    close: () => handle.close(),
  };
}

function failure(err: unknown, what: string): NotSafe {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return new NotSafe('gone', `${what} no longer exists`);
  if (code === 'ELOOP' || code === 'ENOTDIR' || code === 'EMLINK')
    return new NotSafe('link', `${what} is now a link, or not a directory`);
  return new NotSafe('gone', `${what} cannot be opened (${code ?? String(err)})`);
}

/**
 * Opens the directory that holds the file, walking from the root one component at a time and
 * following no link. Fails with NotSafe when the root is no longer the directory it was at load,
 * or a directory on the way is gone or has become a link.
 */
export async function openParent(path: BeneathPath): Promise<OpenDir> {
  let handle: FileHandle;
  try {
    handle = await open(path.root, constants.O_RDONLY | O_DIRECTORY);
  } catch (err) {
    throw failure(err, `the served directory ${path.root}`);
  }
  let dir = dirAt(handle, path.root);
  let where = path.root;
  try {
    if (!sameId(idOf(await handle.stat()), path.rootId))
      throw new NotSafe('replaced', `the served directory ${path.root} was replaced since it was loaded`);
    for (const segment of path.segments.slice(0, -1)) {
      where = join(where, segment);
      let next: FileHandle;
      try {
        next = await open(dir.at(segment), constants.O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      } catch (err) {
        throw failure(err, `the directory ${where}`);
      }
      await dir.close();
      dir = dirAt(next, where);
    }
    return dir;
  } catch (err) {
    await dir.close();
    throw err;
  }
}

/**
 * Opens `name` in `dir` for reading without following a link and without blocking (a FIFO
 * swapped in must not hang), and checks it is a regular file with one link.
 */
export async function openRegular(dir: OpenDir, name: string): Promise<{ handle: FileHandle; stats: Stats }> {
  let handle: FileHandle;
  try {
    handle = await open(dir.at(name), constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (err) {
    throw failure(err, name);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new NotSafe('not-regular', `${name} is no longer a regular file`);
    if (stats.nlink !== 1)
      throw new NotSafe(
        'hard-linked',
        `${name} has ${stats.nlink} hard links: writing it would change the other names too`,
      );
    return { handle, stats };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/**
 * Replaces `name` in `dir` with `text` atomically: a new file in the same directory (the old
 * one's mode, and owner where allowed), written and synced, then renamed over the old name. A
 * reader sees the old text or the new one, never a mix; a link swapped in at `name` is replaced,
 * never written through. Returns the new file's identity.
 */
export async function replaceFile(dir: OpenDir, name: string, text: string, like: Stats): Promise<FileId> {
  const temp = `.${name}.kubereach-${randomBytes(6).toString('hex')}.tmp`;
  const mode = like.mode & 0o7777;
  const handle = await open(
    dir.at(temp),
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW,
    mode,
  );
  let id: FileId;
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.chmod(mode); // the umask narrowed the mode given to open
      await handle.chown(like.uid, like.gid).catch(() => {}); // only root may give a file away
      await handle.sync();
      id = idOf(await handle.stat());
    } finally {
      await handle.close();
    }
    await rename(dir.at(temp), dir.at(name));
  } catch (err) {
    await unlink(dir.at(temp)).catch(() => {});
    throw err;
  }
  await dir.handle.sync().catch(() => {}); // the rename itself, durable where directories sync
  return id;
}

/**
 * Creates `name` in `dir` holding `text`, only if nothing has that name (no file, no link, no
 * directory): written and synced under a temporary name first, then linked to `name`, which
 * fails rather than replace anything; readers never see a part. The mode is the default a
 * new file gets (0666 less the umask). Throws NotSafe('replaced') when the name is taken.
 */
export async function createFile(dir: OpenDir, name: string, text: string): Promise<FileId> {
  const temp = `.${name}.kubereach-${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(
    dir.at(temp),
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW,
    0o666,
  );
  let id: FileId;
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
      id = idOf(await handle.stat());
    } finally {
      await handle.close();
    }
    try {
      await link(dir.at(temp), dir.at(name));
    } catch (err) {
      if ((err as { code?: string }).code === 'EEXIST')
        throw new NotSafe('replaced', `${name} already exists`);
      throw err;
    }
  } finally {
    await unlink(dir.at(temp)).catch(() => {});
  }
  await dir.handle.sync().catch(() => {});
  return id;
}
