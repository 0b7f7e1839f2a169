import { describe, expect, it } from 'vitest';
import { generateCluster } from '../../bench/generate.js';
import type { InputFile } from '../../src/sources/parse.js';
import {
  type ParseShareRequest,
  parseShare,
  parseShared,
  parseWorkerCount,
  piecesOf,
  planShares,
  type ShareRunner,
} from '../../web/src/worker/first-parse.js';
import { type AnalyzeResult, StudioSession } from '../../web/src/worker/session.js';
import { edit, repositoryFiles, request } from './support.js';

type Obj = Record<string, unknown>;

/** A generated cluster as a repository holds it (apps and policies per namespace), plus odd files. */
function workspace(): InputFile[] {
  const files = repositoryFiles(
    generateCluster({ pods: 120, policies: 40, namespaces: 6, seed: 11 }) as Obj[],
  );
  return [
    ...files,
    // a syntax error (its diagnostics must be the engine's own), and a classic lint mistake
    { name: 'broken.yaml', text: 'kind: Pod\nmetadata:\n  name: x\n  labels: [a\n' },
    {
      name: 'dns.yaml',
      text: [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: {name: no-dns, namespace: default}',
        'spec:',
        '  podSelector: {}',
        '  policyTypes: [Egress]',
        '  egress:',
        '    - to:',
        '        - namespaceSelector:',
        '            matchLabels: {name: kube-system}',
        '',
      ].join('\n'),
    },
  ];
}

/** Every valid file of the workspace as one multi-document file. */
function oneFile(files: readonly InputFile[]): InputFile {
  const text = files
    .filter((f) => f.name !== 'broken.yaml')
    .map((f) => f.text.trimEnd())
    .join('\n---\n');
  return { name: 'all.yaml', text: `${text}\n` };
}

/** Parse workers in this thread: each share crosses a structured clone, as between threads. */
function runners(count: number, fail: ReadonlySet<number> = new Set()): ShareRunner[] {
  return Array.from(
    { length: count },
    (_, k): ShareRunner =>
      async (files) => {
        if (fail.has(k)) return undefined;
        const req: ParseShareRequest = structuredClone({ id: k, files });
        return structuredClone(parseShare(req.files));
      },
  );
}

/** An analysis without its timings (which differ run to run). */
function comparable(r: AnalyzeResult) {
  const { millis: _m, phases: _p, reparsed: _r, ...stats } = r.stats;
  return { ...r, stats };
}

async function sharedSession(files: readonly InputFile[], parsers: readonly ShareRunner[]) {
  const session = new StudioSession();
  const parsed = await parseShared(files, parsers, (f) => session.parseAhead(f), 0);
  session.adoptParsed(files, parsed);
  session.prepare(files, 'upstream');
  return { session, adopted: parsed.size };
}

describe('the first parse shared out between threads', () => {
  it.each([1, 2, 3, 5])('puts every piece in exactly one of %i shares, balanced by size', (threads) => {
    const sizes = workspace().map((f) => f.text.length);
    const shares = planShares(sizes, threads);
    expect(shares).toHaveLength(threads);
    expect(shares.flat().sort((a, b) => a - b)).toEqual(sizes.map((_, i) => i));
    const loads = shares.map((s) => s.reduce((n, i) => n + sizes[i]!, 0));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(Math.max(...sizes));
  });

  it('cuts a file larger than its share at document markers, placed as in the file', () => {
    const big = oneFile(workspace());
    const small = { name: 'small.yaml', text: 'kind: Namespace\nmetadata: {name: a}\n' };
    const pieces = piecesOf([small, big], 3);
    expect(pieces[0]).toEqual({ file: 0, text: small.text, lineBase: 0, docBase: 0, whole: true });
    const cut = pieces.slice(1);
    expect(cut.length).toBeGreaterThanOrEqual(3);
    expect(cut.map((p) => p.text).join('')).toBe(big.text);
    for (const p of cut) {
      const offset = big.text.indexOf(p.text);
      expect(p.lineBase).toBe(big.text.slice(0, offset).split('\n').length - 1);
      // documents before it: one per marker line, and one for the content before the first
      const markers = big.text.slice(0, offset).split(/^---$/m).length - 1;
      expect(p.docBase).toBe(offset === 0 ? 0 : markers + 1);
    }
  });

  it.each([
    [undefined, 0],
    [1, 0],
    [2, 0],
    [3, 1],
    [4, 2],
    [5, 3],
    [16, 3],
  ])('starts parse workers for %s cores: %i', (cores, workers) => {
    expect(parseWorkerCount(cores)).toBe(workers);
  });

  it('gives the analysis and the lint findings of a single-threaded parse, positions included', async () => {
    const files = workspace();
    const plain = new StudioSession();
    const expected = plain.analyze(request(files));
    const { session, adopted } = await sharedSession(files, runners(2));
    // the parse workers' share, less the file with a syntax error (parsed again by the engine)
    expect(adopted).toBeGreaterThan(files.length / 3);
    expect(adopted).toBeLessThan(files.length);
    const got = session.analyze(request(files));
    expect(got.stats.reparsed).toBe(0);
    expect(comparable(got)).toEqual(comparable(expected));
    const at = (rule: string) =>
      got.diagnostics.filter((d) => d.rule === rule).map((d) => `${d.source?.file}:${d.source?.line}`);
    expect(at('invalid-manifest')).toEqual(['broken.yaml:4']);
    expect(at('egress-blocks-dns')).toContain('dns.yaml:7');
  });

  it('puts a large file parsed in pieces back as one parse of it', async () => {
    const files = [oneFile(workspace())];
    const { session, adopted } = await sharedSession(files, runners(2));
    expect(adopted).toBe(1);
    const got = session.analyze(request(files));
    expect(got.stats.reparsed).toBe(0);
    expect(comparable(got)).toEqual(comparable(new StudioSession().analyze(request(files))));
    expect(got.diagnostics.filter((d) => d.rule === 'egress-blocks-dns').length).toBeGreaterThan(0);
  });

  it('re-reads an adopted file incrementally after an edit, as a fresh session reads it', async () => {
    const files = workspace();
    const { session } = await sharedSession(files, runners(3));
    session.analyze(request(files));
    const policyFile = files.find((f) => f.name.startsWith('policies/') && /port: \d+/.test(f.text))!;
    const port = /port: (\d+)/.exec(policyFile.text)![1]!;
    const edited = edit(files, policyFile.name, `port: ${port}`, `port: ${Number(port) + 1}`);
    const after = session.analyze(request(edited));
    expect(after.stats.reparsed).toBe(1);
    expect(comparable(after)).toEqual(
      comparable(new StudioSession().analyze(request(edited, { baseline: { files } }))),
    );
  });

  it('parses on the engine what a failed parse worker was given', async () => {
    const files = workspace();
    const { session, adopted } = await sharedSession(files, runners(2, new Set([0, 1])));
    expect(adopted).toBe(0);
    expect(comparable(session.analyze(request(files)))).toEqual(
      comparable(new StudioSession().analyze(request(files))),
    );
  });

  it('shares nothing below the threshold or without parse workers', async () => {
    const files = workspace();
    const own: string[] = [];
    expect((await parseShared(files, runners(2), (f) => own.push(f.name))).size).toBe(0);
    expect((await parseShared(files, [], (f) => own.push(f.name), 0)).size).toBe(0);
    expect(own).toEqual([]);
  });
});
