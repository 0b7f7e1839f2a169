/**
 * Saves under attack and under load: a directory swapped for a link while saving, hard links,
 * two saves of one file at once, readers during a large save, and snapshots during saves.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileProvider } from '../../src/server/file-provider.js';
import type { SaveFile } from '../../src/server/protocol.js';
import { SaveRefused, type SnapshotProvider } from '../../src/server/provider.js';

const NS = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

/** The status a save ends with: 200, or the SaveRefused status. */
async function statusOf(provider: SnapshotProvider, files: readonly SaveFile[]): Promise<number> {
  try {
    await provider.save!(files);
    return 200;
  } catch (err) {
    if (err instanceof SaveRefused) return err.status;
    throw err;
  }
}

/** Python's renameat2(RENAME_EXCHANGE), looping for `seconds`: swaps two names atomically, over and over. */
const EXCHANGER = `
import ctypes, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
a, b, seconds = sys.argv[1].encode(), sys.argv[2].encode(), float(sys.argv[3])
if libc.renameat2(-100, a, -100, b, 2) != 0:
    sys.exit(3)
print("ready", flush=True)
end = time.time() + seconds
while time.time() < end:
    libc.renameat2(-100, a, -100, b, 2)
`;

/** Whether renameat2(RENAME_EXCHANGE) works here (Linux with python3, a file system that has it). */
function canExchange(dir: string): boolean {
  mkdirSync(join(dir, 'x1'));
  mkdirSync(join(dir, 'x2'));
  const r = spawnSync('python3', ['-c', EXCHANGER, join(dir, 'x1'), join(dir, 'x2'), '0'], {
    encoding: 'utf8',
  });
  rmSync(join(dir, 'x1'), { recursive: true });
  rmSync(join(dir, 'x2'), { recursive: true });
  return r.status === 0 && r.stdout.includes('ready');
}

describe('saves', () => {
  let dir: string;
  let served: string;
  let outside: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubereach-saves-'));
    served = join(dir, 'served');
    outside = join(dir, 'outside');
    mkdirSync(join(served, 'sub'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(served, 'sub', 'a.yaml'), NS('a'));
    writeFileSync(join(served, 'b.yaml'), NS('b'));
    writeFileSync(join(outside, 'a.yaml'), NS('outside'));
    writeFileSync(join(outside, 'victim.yaml'), NS('victim'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const provider = async () => {
    const p = createFileProvider(['served'], { cwd: dir, recursive: true });
    await p.snapshot();
    return p;
  };

  it.runIf(process.platform === 'linux')(
    'a directory swapped for a link to outside, over and over while saving, is never written through',
    async () => {
      if (!canExchange(dir)) return; // no renameat2 here: nothing to race with
      const p = await provider();
      // served/sub and served/decoy (a link to ../outside) trade places as fast as they can
      symlinkSync('../outside', join(served, 'decoy'));
      const exchanger = spawn('python3', ['-c', EXCHANGER, join(served, 'sub'), join(served, 'decoy'), '3']);
      await new Promise<void>((resolve, reject) => {
        exchanger.stdout.on('data', () => resolve());
        exchanger.on('exit', (code) => reject(new Error(`exchanger exited ${code}`)));
      });
      const statuses = new Map<number, number>();
      let escaped = false;
      try {
        for (let i = 0; i < 400 && !escaped; i++) {
          const status = await statusOf(p, [{ name: 'served/sub/a.yaml', text: NS(`pwned-${i}`) }]);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          escaped = readFileSync(join(outside, 'a.yaml'), 'utf8') !== NS('outside');
        }
      } finally {
        exchanger.kill();
      }
      expect(escaped).toBe(false);
      expect(readdirSync(outside).sort()).toEqual(['a.yaml', 'victim.yaml']);
      expect([...statuses.keys()].every((s) => s === 200 || s === 409)).toBe(true);
    },
    20_000,
  );

  it('a hard link in the served tree is served read-only, and a save does not write through it', async () => {
    linkSync(join(outside, 'victim.yaml'), join(served, 'linked.yaml'));
    const p = createFileProvider(['served'], { cwd: dir, recursive: true });
    const snapshot = await p.snapshot();
    expect(snapshot.files.find((f) => f.name === 'served/linked.yaml')?.writable).toBe(false);
    expect(
      snapshot.problems.some((q) => q.file === 'served/linked.yaml' && /hard links/.test(q.message)),
    ).toBe(true);
    expect(await statusOf(p, [{ name: 'served/linked.yaml', text: NS('pwned') }])).toBe(409);
    expect(readFileSync(join(outside, 'victim.yaml'), 'utf8')).toBe(NS('victim'));
  });

  it('a hard link swapped in after load is not written through', async () => {
    const p = await provider();
    unlinkSync(join(served, 'b.yaml'));
    linkSync(join(outside, 'victim.yaml'), join(served, 'b.yaml'));
    expect(await statusOf(p, [{ name: 'served/b.yaml', text: NS('pwned') }])).toBe(409);
    expect(readFileSync(join(outside, 'victim.yaml'), 'utf8')).toBe(NS('victim'));
  });

  it('a directory swapped for a link after load is refused', async () => {
    const p = await provider();
    renameSync(join(served, 'sub'), join(dir, 'sub-moved'));
    symlinkSync(outside, join(served, 'sub'));
    expect(await statusOf(p, [{ name: 'served/sub/a.yaml', text: NS('pwned') }])).toBe(409);
    expect(readFileSync(join(outside, 'a.yaml'), 'utf8')).toBe(NS('outside'));
  });

  it('two saves with the same base at once: exactly one is written, the other gets 409', async () => {
    const p = await provider();
    let base = NS('b');
    for (let trial = 0; trial < 30; trial++) {
      const texts = [NS(`left-${trial}`), NS(`right-${trial}`)];
      const statuses = await Promise.all(
        texts.map((text) => statusOf(p, [{ name: 'served/b.yaml', text, base }])),
      );
      expect(statuses.sort()).toEqual([200, 409]);
      base = readFileSync(join(served, 'b.yaml'), 'utf8');
      expect(texts).toContain(base);
    }
  });

  it('a reader during a 10 MB save sees the old text or the new one, never a part', async () => {
    const texts = ['a', 'b', 'c'].map((c) => `# ${c}\n${`${c.repeat(99)}\n`.repeat(100_000)}`);
    writeFileSync(join(served, 'b.yaml'), texts[0]!);
    const q = await provider();
    let saving = true;
    const seen = new Set<number>();
    const reader = (async () => {
      let reads = 0;
      while (saving || reads === 0) {
        const now = await readFile(join(served, 'b.yaml'), 'utf8');
        seen.add(now.length);
        expect(texts).toContain(now);
        reads++;
      }
      return reads;
    })();
    for (const text of [texts[1]!, texts[2]!, texts[0]!])
      expect(await statusOf(q, [{ name: 'served/b.yaml', text }])).toBe(200);
    saving = false;
    expect(await reader).toBeGreaterThan(0);
    expect([...seen].every((n) => n === texts[0]!.length)).toBe(true);
  });

  it('keeps the file’s mode', async () => {
    chmodSync(join(served, 'b.yaml'), 0o640);
    const p = await provider();
    expect(await statusOf(p, [{ name: 'served/b.yaml', text: NS('b2') }])).toBe(200);
    expect(statSync(join(served, 'b.yaml')).mode & 0o777).toBe(0o640);
    expect(readdirSync(served).sort()).toEqual(['b.yaml', 'sub']);
  });

  it('snapshots during saves never change which files may be saved', async () => {
    for (let i = 0; i < 20; i++) writeFileSync(join(served, `more-${i}.yaml`), NS(`more-${i}`));
    const p = await provider();
    let saving = true;
    const reload = async () => {
      while (saving) await p.snapshot();
    };
    const readers = [reload(), reload(), reload()];
    const statuses: number[] = [];
    let base = NS('b');
    try {
      for (let i = 0; i < 60; i++) {
        const text = NS(`b-${i}`);
        statuses.push(await statusOf(p, [{ name: 'served/b.yaml', text, base }]));
        base = text;
      }
    } finally {
      saving = false;
      await Promise.all(readers);
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('a file created after load is served read-only', async () => {
    const p = await provider();
    writeFileSync(join(served, 'new.yaml'), NS('new'));
    const snapshot = await p.snapshot();
    expect(snapshot.files.find((f) => f.name === 'served/new.yaml')?.writable).toBe(false);
    expect(await statusOf(p, [{ name: 'served/new.yaml', text: NS('x') }])).toBe(403);
  });

  it('a file an editor replaced (a new inode) is refused until the studio reads it again', async () => {
    const p = await provider();
    writeFileSync(join(dir, 'editor.tmp'), NS('edited'));
    renameSync(join(dir, 'editor.tmp'), join(served, 'b.yaml'));
    expect(await statusOf(p, [{ name: 'served/b.yaml', text: NS('studio') }])).toBe(409);
    await p.snapshot();
    expect(await statusOf(p, [{ name: 'served/b.yaml', text: NS('studio'), base: NS('edited') }])).toBe(200);
    expect(readFileSync(join(served, 'b.yaml'), 'utf8')).toBe(NS('studio'));
  });
});
