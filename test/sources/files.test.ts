import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputFiles } from '../../src/sources/files.js';

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubereach-files-'));
  writeFileSync(join(dir, 'b.yaml'), 'kind: Namespace\n');
  writeFileSync(join(dir, 'a.json'), '{}');
  writeFileSync(join(dir, 'notes.txt'), 'not a manifest');
  writeFileSync(join(dir, '.kubereach.yaml'), 'rules: {}\n');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'c.yml'), 'kind: Namespace\n');
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git', 'd.yaml'), 'kind: Namespace\n');
  return dir;
}

describe('readInputFiles', () => {
  it('reads the manifests of a directory, sorted, without hidden files, noting subdirectories', async () => {
    const dir = tree();
    const r = await readInputFiles([dir]);
    expect(r.files.map((f) => f.name)).toEqual([join(dir, 'a.json'), join(dir, 'b.yaml')]);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['READ_ERROR', 'info']]);
    expect(r.diagnostics[0]!.message).toContain('sub');
  });

  it('descends with recursive, still past hidden directories', async () => {
    const dir = tree();
    const r = await readInputFiles([dir], { recursive: true });
    expect(r.files.map((f) => f.name)).toEqual([
      join(dir, 'a.json'),
      join(dir, 'b.yaml'),
      join(dir, 'sub', 'c.yml'),
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it('reads a hidden file named on the command line, and reports a missing path', async () => {
    const dir = tree();
    const r = await readInputFiles([join(dir, '.kubereach.yaml'), join(dir, 'nope.yaml')]);
    expect(r.files.map((f) => f.name)).toEqual([join(dir, '.kubereach.yaml')]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['READ_ERROR']);
    expect(r.diagnostics[0]!.message).toContain('does not exist');
  });
});
