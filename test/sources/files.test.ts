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

  it('reads many files at once yet keeps their order, the total limit and the diagnostics in turn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubereach-files-'));
    const names: string[] = [];
    for (let i = 0; i < 60; i++) {
      const name = `f${String(i).padStart(2, '0')}.yaml`;
      names.push(name);
      // sizes vary so reads finish out of order
      writeFileSync(
        join(dir, name),
        `kind: Namespace
#${'x'.repeat(((i * 37) % 11) * 4000)}
`,
      );
      if (i % 13 === 5) mkdirSync(join(dir, `d${String(i).padStart(2, '0')}`));
    }
    const whole = await readInputFiles([dir], { recursive: false });
    expect(whole.files.map((f) => f.name)).toEqual(names.map((n) => join(dir, n)));
    // directories sort among the files: their notes come in that order too
    expect(whole.diagnostics.map((d) => d.source?.file)).toEqual(
      ['d05', 'd18', 'd31', 'd44', 'd57'].map((n) => join(dir, n)),
    );
    const sizes = whole.files.map((f) => Buffer.byteLength(f.text));
    const limit = sizes.slice(0, 25).reduce((a, b) => a + b, 0);
    const cut = await readInputFiles([dir], { maxTotalBytes: limit });
    // the first 25 fit; each later one is refused unless it still fits in what is left (none does)
    const kept = cut.files.map((f) => f.name);
    expect(kept.slice(0, 25)).toEqual(names.slice(0, 25).map((n) => join(dir, n)));
    let total = limit;
    const expected = names.slice(0, 25).map((n) => join(dir, n));
    names.slice(25).forEach((n, k) => {
      if (total + sizes[25 + k]! <= limit) {
        total += sizes[25 + k]!;
        expected.push(join(dir, n));
      }
    });
    expect(kept).toEqual(expected);
    expect(cut.diagnostics.filter((d) => d.code === 'TOO_LARGE')).toHaveLength(
      names.length - expected.length,
    );
  });
});
