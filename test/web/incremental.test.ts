import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCluster } from '../../bench/generate.js';
import { lintCluster } from '../../src/lint/lint.js';
import { loadManifests } from '../../src/load.js';
import type { InputFile } from '../../src/sources/parse.js';
import { type AnalyzeResult, StudioSession } from '../../web/src/worker/session.js';
import { repositoryFiles, request } from './support.js';

type Obj = Record<string, unknown>;

/** A small generated cluster written as a repository holds it: per namespace, apps and policies. */
function workspace(seed: number): InputFile[] {
  return repositoryFiles(generateCluster({ pods: 60, policies: 24, namespaces: 4, seed }) as Obj[]);
}

/** One edit a person makes: which file, what, and where (`at` picks among the candidates). */
interface Edit {
  readonly file: number;
  readonly kind: 'port' | 'tier' | 'namespace-key' | 'delete' | 'comment' | 'syntax' | 'toggle';
  readonly at: number;
  readonly value: number;
}

const PORTS = [53, 80, 443, 8080, 9102];
const TIERS = ['frontend', 'backend', 'db'];

/** Replaces the `at`-th match of `re` (modulo the count) with what `to` makes of it. */
function replaceNth(text: string, re: RegExp, at: number, to: (m: string) => string): string {
  const all = [...text.matchAll(new RegExp(re.source, 'g'))];
  if (all.length === 0) return text;
  const m = all[at % all.length]!;
  return text.slice(0, m.index) + to(m[0]) + text.slice(m.index + m[0].length);
}

function applyEdit(
  files: InputFile[],
  disabled: string[],
  e: Edit,
  policies: readonly string[],
): [InputFile[], string[]] {
  if (e.kind === 'toggle') {
    const id = policies[e.at % policies.length]!;
    return [files, disabled.includes(id) ? disabled.filter((d) => d !== id) : [...disabled, id]];
  }
  const i = e.file % files.length;
  const f = files[i]!;
  let text = f.text;
  const docs = text.split(/^---\n/m);
  const doc = e.at % docs.length;
  switch (e.kind) {
    case 'port':
      text = replaceNth(text, /(?:containerPort|port): \d+/, e.at, (m) =>
        m.replace(/\d+$/, String(PORTS[e.value % PORTS.length])),
      );
      break;
    case 'tier':
      text = replaceNth(text, /tier: \w+/, e.at, () => `tier: ${TIERS[e.value % TIERS.length]}`);
      break;
    case 'namespace-key':
      // the classic mistake, and back
      text = replaceNth(text, /kubernetes\.io\/metadata\.name: |\bname: (?=\S+-\d\n)/, e.at, (m) =>
        m.startsWith('kubernetes') ? 'name: ' : 'kubernetes.io/metadata.name: ',
      );
      break;
    case 'delete':
      if (docs.length > 1) text = docs.filter((_, k) => k !== doc).join('---\n');
      break;
    case 'comment':
      // lines move below it: positions found before must not be reused
      text = docs.map((d, k) => (k === doc ? `# edited\n\n${d}` : d)).join('---\n');
      break;
    case 'syntax':
      text = docs.map((d, k) => (k === doc ? `${d}  broken: [\n` : d)).join('---\n');
      break;
    default:
      throw new Error(`unknown edit ${e.kind satisfies never}`);
  }
  return [files.map((x, k) => (k === i ? { ...x, text } : x)), disabled];
}

/** What the page is shown, without the timings. */
function shown(r: AnalyzeResult) {
  const { millis: _m, phases: _p, reparsed: _r, ...stats } = r.stats;
  return { ...r, stats };
}

const edits = fc.array(
  fc.record({
    file: fc.nat(20),
    kind: fc.constantFrom<Edit['kind']>(
      'port',
      'tier',
      'namespace-key',
      'delete',
      'comment',
      'syntax',
      'toggle',
    ),
    at: fc.nat(200),
    value: fc.nat(10),
  }),
  { minLength: 1, maxLength: 5 },
);

describe('the studio after edits equals a full recompute', () => {
  it('graph, changes, lint and positions, on random edits', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), edits, fc.boolean(), (seed, list, lintBetween) => {
        const initial = workspace(seed);
        const session = new StudioSession();
        const first = session.analyze(request(initial, { baseline: 'current', heatmap: null, lint: false }));
        const ids = first.policies.map((p) => p.id);
        let files = initial;
        let disabled: string[] = [];
        let last = first;
        for (const e of list) {
          [files, disabled] = applyEdit(files, disabled, e, ids);
          last = session.analyze(request(files, { disabled, heatmap: null, lint: false }));
          if (lintBetween) {
            session.lint({ cni: 'upstream' });
            session.changesAfterGraph();
          }
        }
        const fresh = new StudioSession();
        const full = fresh.analyze(
          request(files, { disabled, heatmap: null, lint: false, baseline: { files: initial } }),
        );
        expect(shown(last)).toEqual(shown(full));
        const after = session.changesAfterGraph();
        expect(after).toEqual(fresh.changesAfterGraph());
        // the graph's marks come before the pod-by-pod comparison, and it finds each of them
        const compared = new Set(after.changes.map((c) => `${c.src} ${c.dst}`));
        for (const c of last.changes) expect(compared.has(`${c.src} ${c.dst}`)).toBe(true);
        const lint = session.lint({ cni: 'upstream' });
        expect(lint).toEqual(fresh.lint({ cni: 'upstream' }));
        // positions as the CLI finds them (whole files, no memory of earlier versions)
        if (disabled.length === 0) {
          const at = (rule: string, s?: { file: string; line: number; column: number }) =>
            `${rule} ${s?.file}:${s?.line}:${s?.column}`;
          const cli = lintCluster(loadManifests(files), { cni: 'upstream' }).map((f) => at(f.rule, f.source));
          const studio = lint.diagnostics
            .filter((d) => d.rule !== undefined)
            .map((d) => at(d.rule!, d.source));
          expect(studio.sort()).toEqual(cli.sort());
        }
      }),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 30),
        // outside addresses cut differently (an edit of an ipBlock policy), asked after lint
        examples: [
          [
            1,
            [
              { file: 4, kind: 'namespace-key', at: 66, value: 0 },
              { file: 0, kind: 'port', at: 0, value: 0 },
            ],
            true,
          ],
          [
            1,
            [
              { file: 0, kind: 'toggle', at: 3, value: 0 },
              { file: 0, kind: 'port', at: 0, value: 0 },
            ],
            true,
          ],
        ],
      },
    );
  });
});
