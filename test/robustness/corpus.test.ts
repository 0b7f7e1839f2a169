/**
 * The bad-input corpus: each file gives exactly its diagnostics, at exact positions (whatever
 * the line endings or a byte-order mark), and every valid object in it still loads and
 * evaluates.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileCluster } from '../../src/engine/compile.js';
import { computeReachability } from '../../src/engine/reachability.js';
import { CASES, CORPUS, loadCorpusFile } from './corpus.js';

describe('bad-input corpus', () => {
  it('has a case for every file, and a file for every case', () => {
    const files = readdirSync(CORPUS).sort();
    expect(CASES.map((c) => c.file).sort()).toEqual(files);
  });

  it.each(CASES)('$file: exact diagnostics, and the valid objects load', async (c) => {
    const { cluster, diagnostics } = await loadCorpusFile(c.file);
    expect(diagnostics.map((d) => [d.code, d.source?.line, d.source?.column])).toEqual(c.diagnostics);
    expect(cluster.endpoints.map((e) => e.id)).toEqual(c.endpoints);
    expect(cluster.policies.map((p) => p.id)).toEqual(c.policies);
    expect(cluster.services.map((s) => s.id)).toEqual(c.services);
    expect([...cluster.namespaces.values()].filter((n) => !n.implicit).map((n) => n.name)).toEqual(
      c.namespaces,
    );
    // whatever loaded evaluates: the full matrix is computed without throwing
    const reach = computeReachability(compileCluster(cluster, { cni: 'upstream' }));
    expect(reach).toBeDefined();
  });

  it('every diagnostic names a position in its file, and errors of objects name the object', async () => {
    for (const c of CASES) {
      const { diagnostics } = await loadCorpusFile(c.file);
      for (const d of diagnostics) {
        expect(d.source?.file).toBe(`${CORPUS}/${c.file}`);
        if (d.severity === 'error' && d.code.startsWith('INVALID_')) expect(d.object).toBeDefined();
      }
    }
  });
});
