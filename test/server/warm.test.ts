import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileProvider } from '../../src/server/file-provider.js';
import { type ReadCache, readInputFiles } from '../../src/sources/files.js';
import { tutorialCopy } from './support.js';

describe('reading ahead of the first snapshot', () => {
  let work: ReturnType<typeof tutorialCopy> | undefined;
  afterEach(() => work?.cleanup());

  it('reads an unchanged file from the cache, and a changed one again', async () => {
    work = tutorialCopy();
    const cache: ReadCache = new Map();
    const options = { cwd: work.dir, cache };
    const first = await readInputFiles(['tutorial'], options);
    expect(cache.size).toBe(first.files.length);
    // a cached text stands for the file while its state is the same: change what is kept to see it
    const name = first.files[0]!.name;
    const kept = cache.get(name)!;
    cache.set(name, { ...kept, text: 'kept' });
    expect((await readInputFiles(['tutorial'], options)).files[0]!.text).toBe('kept');
    appendFileSync(join(work.dir, name), '# changed\n');
    const again = await readInputFiles(['tutorial'], options);
    expect(again.files[0]!.text).toBe(readFileSync(join(work.dir, name), 'utf8'));
    expect(again.files[0]!.text).toContain('# changed');
  });

  it('serves what is on disk when the page asks, whatever changed after the warm-up', async () => {
    work = tutorialCopy();
    const provider = createFileProvider(['tutorial'], { cwd: work.dir });
    await provider.warm!();
    const files = (await readInputFiles(['tutorial'], { cwd: work.dir })).files.map((f) => f.name);
    writeFileSync(join(work.dir, files[0]!), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: later}\n');
    rmSync(join(work.dir, files[1]!));
    writeFileSync(
      join(work.dir, 'tutorial', 'zz-new.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: new}\n',
    );
    const snapshot = await provider.snapshot();
    expect(snapshot.files.map((f) => f.name)).toEqual([
      files[0],
      ...files.slice(2),
      join('tutorial', 'zz-new.yaml'),
    ]);
    expect(snapshot.files[0]!.text).toContain('name: later');
    expect(snapshot.files.every((f) => f.writable)).toBe(true);
  });
});
