/**
 * Truth tables in the style of the upstream e2e network policy suite: a scenario is the e2e
 * topology plus policies (and any extra objects) in YAML, and rows of probes with the verdict
 * the specification requires. Every row is answered by `check` and cross-checked against the
 * per-pair evaluation, the matrix and the naive reference (see probe.ts).
 */
import { describe, expect, it } from 'vitest';
import type { CheckVerdict } from '../../src/engine/check.js';
import type { CniProfile, CompiledCluster } from '../../src/engine/compile.js';
import type { Protocol } from '../../src/model/types.js';
import { compile, e2eManifest } from './cluster.js';
import { probe } from './probe.js';

/** `[source, destination, port, protocol, verdict]`, endpoints as the CLI names them. */
export type Row = readonly [string, string, number | string, Protocol, CheckVerdict];

export interface Scenario {
  readonly name: string;
  /** NetworkPolicies (and anything else) as YAML, loaded after the e2e topology. */
  readonly manifests: string;
  readonly cni?: CniProfile;
  /** Leave the e2e topology out (the scenario brings its own objects). */
  readonly bare?: boolean;
  readonly rows: readonly Row[];
}

const compiledByScenario = new Map<Scenario, CompiledCluster>();

export function compiledScenario(s: Scenario): CompiledCluster {
  let c = compiledByScenario.get(s);
  if (c === undefined) {
    c = compile(s.bare === true ? [s.manifests] : [e2eManifest(), s.manifests], s.cni ?? 'upstream');
    compiledByScenario.set(s, c);
  }
  return c;
}

/**
 * Registers one test that the scenario loads cleanly and one test per row. With `pending`, the
 * rows are registered as `it.todo` (behaviour specified but not implemented yet).
 */
export function describeScenarios(
  title: string,
  scenarios: readonly Scenario[],
  options: { readonly pending?: boolean } = {},
): void {
  describe(title, () => {
    it.each(scenarios.map((s) => ({ name: s.name, s })))('$name loads without errors', ({ s }) => {
      const compiled = compiledScenario(s);
      const errors = compiled.cluster.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
      const written = (s.manifests.match(/^kind: NetworkPolicy$/gm) ?? []).length;
      expect(compiled.cluster.policies).toHaveLength(written);
      const cilium = (s.manifests.match(/^kind: Cilium(Clusterwide)?NetworkPolicy$/gm) ?? []).length;
      expect(compiled.cluster.ciliumPolicies).toHaveLength(cilium);
    });
    const rows = scenarios.flatMap((s) =>
      s.rows.map(([src, dst, port, protocol, verdict]) => ({
        name: s.name,
        s,
        src,
        dst,
        port,
        protocol,
        verdict,
      })),
    );
    if (options.pending === true) {
      for (const row of rows)
        it.todo(`${row.name}: ${row.src} -> ${row.dst} ${row.port}/${row.protocol} is ${row.verdict}`);
      return;
    }
    it.each(rows)('$name: $src -> $dst $port/$protocol is $verdict', (row) => {
      const result = probe(compiledScenario(row.s), row.src, row.dst, row.port, row.protocol);
      expect(result.verdict).toBe(row.verdict);
      expect(result.allowed).toBe(row.verdict === 'allowed');
    });
  });
}

/** A NetworkPolicy document; `spec` is the body of `spec:` as YAML (any common indent is removed). */
export function policy(namespace: string, name: string, spec: string): string {
  return `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${JSON.stringify(name)}
  namespace: ${JSON.stringify(namespace)}
spec:
${indent(dedent(spec), 2)}
`;
}

/** Removes blank leading/trailing lines and the indent all lines share. */
export function dedent(text: string): string {
  const lines = text
    .replace(/^\s*\n/, '')
    .replace(/\s+$/, '')
    .split('\n');
  const widths = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = Math.min(...widths);
  return lines.map((l) => l.slice(cut)).join('\n');
}

export function indent(text: string, by: number): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : ' '.repeat(by) + l))
    .join('\n');
}

/** Every protocol, for rows that must hold on all three. */
export const ALL_PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** Rows for every protocol of a probe. */
export function onAllProtocols(src: string, dst: string, port: number, verdict: CheckVerdict): Row[] {
  return ALL_PROTOCOLS.map((p): Row => [src, dst, port, p, verdict]);
}
