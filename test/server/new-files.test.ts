/**
 * New files from the studio ("Add policy" into a new file): created beneath a served directory
 * only, never over an existing name, never through a link, and saved like loaded files after.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileProvider, newFilePlace } from '../../src/server/file-provider.js';
import type { SaveFile } from '../../src/server/protocol.js';
import { SaveRefused, type SnapshotProvider } from '../../src/server/provider.js';

const NS = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

async function statusOf(provider: SnapshotProvider, files: readonly SaveFile[]): Promise<number> {
  try {
    await provider.save!(files);
    return 200;
  } catch (err) {
    if (err instanceof SaveRefused) return err.status;
    throw err;
  }
}

describe('newFilePlace', () => {
  it.each([
    ['served/policy.yaml', ['served'], false, ['policy.yaml']],
    ['policy.yml', [''], false, ['policy.yml']],
    ['a/b/x.json', ['a/b'], false, ['x.json']],
    ['served/sub/p.yaml', ['served'], true, ['sub', 'p.yaml']],
  ])('%s in %j is a place', (name, folders, recursive, segments) => {
    expect(newFilePlace(name, folders, recursive)).toEqual({ ok: true, folder: folders[0], segments });
  });

  it.each([
    ['served/../x.yaml', ['served'], false],
    ['served/./x.yaml', ['served'], false],
    ['served//x.yaml', ['served'], false],
    ['served/.hidden.yaml', ['served'], false],
    ['served/x.txt', ['served'], false],
    ['served/sub/p.yaml', ['served'], false],
    ['other/x.yaml', ['served'], false],
    ['/etc/x.yaml', ['served'], false],
    ['servedx/x.yaml', ['served'], false],
    ['served/x.yaml\u0000.txt', ['served'], false],
    ['../x.yaml', [''], false],
    ['served\\x.yaml', [''], false],
  ])('%j in %j is refused', (name, folders, recursive) => {
    expect(newFilePlace(name, folders, recursive).ok).toBe(false);
  });
});

describe('creating files', () => {
  let dir: string;
  let served: string;
  let outside: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubereach-new-'));
    served = join(dir, 'served');
    outside = join(dir, 'outside');
    mkdirSync(join(served, 'sub'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(served, 'a.yaml'), NS('a'));
    writeFileSync(join(served, 'sub', 'b.yaml'), NS('b'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const provider = async (paths = ['served'], recursive = false) => {
    const p = createFileProvider(paths, { cwd: dir, recursive });
    return { p, snapshot: await p.snapshot() };
  };

  it('the snapshot names the served directories as places for new files', async () => {
    expect((await provider()).snapshot.newFileFolders).toEqual(['served']);
    expect((await provider(['served/a.yaml'])).snapshot.newFileFolders).toBeUndefined();
    expect((await provider(['./served/'])).snapshot.newFileFolders).toEqual(['served']);
  });

  it('creates a new file, serves it writable on the next load and saves it like the others', async () => {
    const { p } = await provider();
    expect(await p.save!([{ name: 'served/new-policy.yaml', text: NS('new'), create: true }])).toEqual({
      saved: ['served/new-policy.yaml'],
    });
    expect(readFileSync(join(served, 'new-policy.yaml'), 'utf8')).toBe(NS('new'));
    expect(readdirSync(served).sort()).toEqual(['a.yaml', 'new-policy.yaml', 'sub']);
    const next = await p.snapshot();
    expect(next.files.find((f) => f.name === 'served/new-policy.yaml')).toEqual({
      name: 'served/new-policy.yaml',
      text: NS('new'),
      writable: true,
    });
    expect(await statusOf(p, [{ name: 'served/new-policy.yaml', text: NS('again'), base: NS('new') }])).toBe(
      200,
    );
    expect(readFileSync(join(served, 'new-policy.yaml'), 'utf8')).toBe(NS('again'));
  });

  it('never replaces an existing name: a loaded file, a file made since, or a link', async () => {
    const { p } = await provider();
    expect(await statusOf(p, [{ name: 'served/a.yaml', text: NS('x'), create: true }])).toBe(409);
    writeFileSync(join(served, 'late.yaml'), NS('late'));
    expect(await statusOf(p, [{ name: 'served/late.yaml', text: NS('x'), create: true }])).toBe(409);
    symlinkSync(join(outside, 'target.yaml'), join(served, 'dangling.yaml'));
    expect(await statusOf(p, [{ name: 'served/dangling.yaml', text: NS('x'), create: true }])).toBe(409);
    expect(readFileSync(join(served, 'a.yaml'), 'utf8')).toBe(NS('a'));
    expect(readFileSync(join(served, 'late.yaml'), 'utf8')).toBe(NS('late'));
    expect(existsSync(join(outside, 'target.yaml'))).toBe(false);
    expect(readdirSync(served).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    'served/../outside/x.yaml',
    'outside/x.yaml',
    'served/notes.txt',
    'served/.x.yaml',
    'served/sub/x.yaml',
    join('served', '..', 'outside', 'y.yaml'),
  ])('refuses %j with 403 and writes nothing', async (name) => {
    const { p } = await provider();
    expect(await statusOf(p, [{ name, text: NS('x'), create: true }])).toBe(403);
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(served).sort()).toEqual(['a.yaml', 'sub']);
  });

  it('a refused new file writes none of the other files of the save', async () => {
    const { p } = await provider();
    const status = await statusOf(p, [
      { name: 'served/a.yaml', text: NS('changed') },
      { name: 'outside/x.yaml', text: NS('x'), create: true },
    ]);
    expect(status).toBe(403);
    expect(readFileSync(join(served, 'a.yaml'), 'utf8')).toBe(NS('a'));
  });

  it('nested new files only with -R, and never through a directory swapped for a link', async () => {
    const { p } = await provider(['served'], true);
    expect(await statusOf(p, [{ name: 'served/sub/c.yaml', text: NS('c'), create: true }])).toBe(200);
    expect(readFileSync(join(served, 'sub', 'c.yaml'), 'utf8')).toBe(NS('c'));
    rmSync(join(served, 'sub'), { recursive: true });
    symlinkSync(outside, join(served, 'sub'));
    expect(await statusOf(p, [{ name: 'served/sub/d.yaml', text: NS('d'), create: true }])).toBe(409);
    expect(readdirSync(outside)).toEqual([]);
    expect(lstatSync(join(served, 'sub')).isSymbolicLink()).toBe(true);
  });

  it('a served directory replaced by a link after load is refused', async () => {
    const { p } = await provider();
    rmSync(served, { recursive: true });
    symlinkSync(outside, served);
    expect(await statusOf(p, [{ name: 'served/x.yaml', text: NS('x'), create: true }])).toBe(409);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('single files and stdin offer no place for new files', async () => {
    const { p } = await provider(['served/a.yaml']);
    expect(await statusOf(p, [{ name: 'served/x.yaml', text: NS('x'), create: true }])).toBe(403);
  });
});
