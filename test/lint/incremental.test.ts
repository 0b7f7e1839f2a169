import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { compileCluster } from '../../src/engine/compile.js';
import { computeReachability } from '../../src/engine/reachability.js';
import { IncrementalLint } from '../../src/lint/incremental.js';
import { lintCluster } from '../../src/lint/lint.js';
import { LINT_RULES } from '../../src/lint/registry.js';
import { loadManifests } from '../../src/load.js';
import type { InputFile } from '../../src/sources/parse.js';
import { StudioSession } from '../../web/src/worker/session.js';
import { clusterArbitrary, tieredClusterArbitrary } from '../support/arbitraries.js';
import { ciliumClusterArbitrary } from '../support/cilium-arbitraries.js';
import { edit, request, tutorialFiles } from '../web/support.js';

type Json = Record<string, unknown>;

/** Objects as a repository holds them: policies in one file, everything else in another. */
function filesOf(docs: readonly (Json | undefined)[]): InputFile[] {
  const isPolicy = (o: Json) => String(o.kind).includes('Policy');
  const text = (list: (Json | undefined)[]) =>
    list
      .filter((o) => o !== undefined)
      .map((o) => dump(o, { noRefs: true }))
      .join('---\n');
  return [
    { name: 'cluster.yaml', text: text(docs.filter((o) => o !== undefined && !isPolicy(o))) },
    { name: 'policies.yaml', text: text(docs.filter((o) => o !== undefined && isPolicy(o))) },
  ];
}

/** A step: object `at` written as in the first cluster, as in the second, or removed. */
const steps = fc.array(
  fc.record({
    at: fc.nat(40),
    to: fc.constantFrom<'first' | 'second' | 'removed'>('first', 'second', 'removed'),
  }),
  { minLength: 1, maxLength: 6 },
);

const clusters = fc.oneof(
  clusterArbitrary({ maxServices: 2, maxPolicies: 6 }),
  tieredClusterArbitrary({ maxServices: 1 }),
  ciliumClusterArbitrary(),
);

/** Findings as the Problems panel and `kubereach lint` compare them: rule, position, message. */
const described = (list: readonly { rule?: string; code: string; message: string; source?: object }[]) =>
  list.map((d) => `${d.rule ?? d.code} ${JSON.stringify(d.source)} ${d.message}`);

describe('incremental lint', () => {
  it('finds after each edit what a full lint finds (the studio, random clusters and edits)', {
    timeout: 120_000,
  }, () => {
    fc.assert(
      fc.property(clusters, clusters, steps, (first, second, list) => {
        const docs: (Json | undefined)[] = first.objects.map((o) => o as Json);
        const session = new StudioSession();
        const lintOf = (s: StudioSession, files: InputFile[]) => {
          // no profile asked: Cilium's where the manifests hold Cilium policies, as the CLI does
          const { cni: _upstream, ...implied } = request(files, { heatmap: null, lint: false });
          s.analyze(implied);
          return s.lint({});
        };
        lintOf(session, filesOf(docs));
        for (const { at, to } of list) {
          const k = at % docs.length;
          docs[k] =
            to === 'removed'
              ? undefined
              : to === 'first'
                ? (first.objects[k] as Json)
                : ((second.objects[k % second.objects.length] as Json | undefined) ?? undefined);
          const files = filesOf(docs);
          const incremental = lintOf(session, files);
          expect(described(incremental.diagnostics)).toEqual(
            described(lintOf(new StudioSession(), files).diagnostics),
          );
          // as the CLI finds them, whole files read afresh
          const cli = lintCluster(loadManifests(files));
          expect(described(incremental.diagnostics.filter((d) => d.rule !== undefined))).toEqual(
            described(cli.map((f) => ({ ...f, code: f.rule }))),
          );
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40) },
    );
  });

  it('runs again only the rules whose inputs an edit changed', () => {
    const files = tutorialFiles();
    const cluster = loadManifests(files);
    const compiled = compileCluster(cluster);
    const options = { precomputed: { compiled, reachability: computeReachability(compiled) } };
    const lint = new IncrementalLint();
    expect(lint.lint(cluster, options)).toEqual(lintCluster(cluster));
    expect(lint.last.reused).toBe(0);
    // the same cluster and engine results again: nothing runs
    expect(lint.lint(cluster, options)).toEqual(lintCluster(cluster));
    expect(lint.last.ran).toBe(0);
    // engine results computed afresh: the rules reading them run again, the others do not
    lint.lint(cluster);
    expect(lint.last.ran).toBeGreaterThan(0);
    expect(lint.last.reused).toBeGreaterThan(0);
    // a policy edited: the rules reading only other inputs keep their findings
    const policyFile = files.find((f) => /policy|allow|deny/.test(f.name) && f.text.includes('port: 80'));
    expect(policyFile).toBeDefined();
    const session = new StudioSession();
    session.analyze(request(files, { heatmap: null, lint: false }));
    session.lint({});
    const edited = edit(files, policyFile!.name, 'port: 80', 'port: 81');
    session.analyze(request(edited, { heatmap: null, lint: false }));
    const after = session.lint({});
    const runs = session.lintRuns.last;
    expect(runs.reused).toBeGreaterThan(0);
    expect(runs.ran).toBeGreaterThan(0);
    expect(runs.ran + runs.reused).toBeLessThanOrEqual(LINT_RULES.length);
    expect(described(after.diagnostics)).toEqual(described(freshLint(edited)));
  });
});

function freshLint(files: InputFile[]) {
  const s = new StudioSession();
  s.analyze(request(files, { heatmap: null, lint: false }));
  return s.lint({}).diagnostics;
}
