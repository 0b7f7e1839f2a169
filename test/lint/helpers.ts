/**
 * Lint test helpers: a small cluster to lint policies against, and findings reduced to what
 * tests assert (rule, severity, field path, line), never wording.
 */
import { expect } from 'vitest';
import { type LintOptions, lintCluster } from '../../src/lint/lint.js';
import type { Finding } from '../../src/lint/types.js';
import { loadManifests } from '../../src/load.js';

/**
 * Namespaces prod (team=a), dev (team=b) and kube-system; pods prod/web (app=web, http TCP
 * 8080), prod/db (app=db, pg TCP 5432), dev/client (app=client) and the DNS pod
 * kube-system/coredns; Service prod/web (port 80 → targetPort 8080).
 */
export const BACKGROUND = `apiVersion: v1
kind: Namespace
metadata: {name: prod, labels: {team: a}}
---
apiVersion: v1
kind: Namespace
metadata: {name: dev, labels: {team: b}}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-system}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: prod, labels: {app: web}}
spec:
  containers:
    - {name: web, image: nginx, ports: [{name: http, containerPort: 8080}]}
status: {phase: Running, podIP: 10.1.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: prod, labels: {app: db}}
spec:
  containers:
    - {name: db, image: postgres, ports: [{name: pg, containerPort: 5432}]}
status: {phase: Running, podIP: 10.1.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: dev, labels: {app: client}}
spec:
  containers:
    - {name: client, image: curl}
status: {phase: Running, podIP: 10.2.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  containers:
    - name: coredns
      image: coredns
      ports:
        - {name: dns, containerPort: 53, protocol: UDP}
        - {name: dns-tcp, containerPort: 53, protocol: TCP}
status: {phase: Running, podIP: 10.3.0.10}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: prod}
spec:
  selector: {app: web}
  clusterIP: 10.96.0.80
  ports: [{port: 80, targetPort: 8080}]
`;

/** Lints manifest texts (`m0.yaml`, `m1.yaml`, …). */
export function lintTexts(texts: readonly string[], options: LintOptions = {}): Finding[] {
  return lintCluster(loadManifests(texts.map((text, i) => ({ name: `m${i}.yaml`, text }))), options);
}

/** What rule tests compare: rule, severity, path and line of each finding. */
export interface Seen {
  readonly rule: string;
  readonly severity: string;
  readonly path: string | undefined;
  readonly line: number | undefined;
}

/** The findings of one rule for `policy` (file m0.yaml) linted with `background` (m1.yaml). */
export function findingsOf(
  rule: string,
  policy: string,
  background: string | null = BACKGROUND,
  options: LintOptions = {},
): Seen[] {
  const texts = background === null ? [policy] : [policy, background];
  return lintTexts(texts, { ...options, enable: [rule, ...(options.enable ?? [])] })
    .filter((f) => f.rule === rule)
    .map((f) => ({ rule: f.rule, severity: f.severity, path: f.path, line: f.source?.line }));
}

/** 1-based numbers of the lines of `text` that end with the marker comment `# <-`. */
export function markedLines(text: string): number[] {
  return text.split('\n').flatMap((line, i) => (/# <-\s*$/.test(line) ? [i + 1] : []));
}

/** Rules reporting input the API server rejects. */
const API_REJECTS = ['invalid-policy', 'invalid-manifest', 'invalid-end-port', 'except-outside-cidr'];

/** A test case: manifests with `# <-` on each line a finding must point at, and the paths. */
export interface RuleCase {
  readonly name: string;
  readonly yaml: string;
  /** Field path of each finding, `undefined` for findings about a whole object. */
  readonly paths: readonly (string | undefined)[];
  readonly background?: string | null;
  readonly options?: LintOptions;
}

/** Asserts a rule's findings: one per marked line, in order, with the given paths. */
export function expectRule(rule: string, severity: string, c: RuleCase): void {
  const background = c.background === undefined ? BACKGROUND : c.background;
  if (!API_REJECTS.includes(rule)) {
    // A case must be valid input, or a negative case would pass for the wrong reason.
    const rejected = lintTexts(background === null ? [c.yaml] : [c.yaml, background]).filter((f) =>
      API_REJECTS.includes(f.rule),
    );
    expect(rejected.map((f) => f.message)).toEqual([]);
  }
  const seen = findingsOf(rule, c.yaml, background, c.options);
  const lines = markedLines(c.yaml);
  expect(lines.length, 'one `# <-` marker per expected path').toBe(c.paths.length);
  expect(seen).toEqual(c.paths.map((path, i) => ({ rule, severity, path, line: lines[i] })));
}

/**
 * A NetworkPolicy document: `spec` is YAML written at any indentation (common indentation is
 * removed), so cases read like the manifests they stand for.
 */
export function policy(namespace: string, name: string, spec: string): string {
  const lines = spec.split('\n').filter((l) => l.trim() !== '');
  const indent = Math.min(...lines.map((l) => l.length - l.trimStart().length));
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${lines.map((l) => `  ${l.slice(indent)}`).join('\n')}
`;
}

/** Documents joined into one multi-document YAML text. */
export function docs(...texts: string[]): string {
  return texts.join('---\n');
}

/**
 * A CiliumNetworkPolicy (or, with `namespace` null, a CiliumClusterwideNetworkPolicy) document:
 * `spec` as for `policy`.
 */
export function ciliumPolicy(namespace: string | null, name: string, spec: string): string {
  const lines = spec.split('\n').filter((l) => l.trim() !== '');
  const indent = Math.min(...lines.map((l) => l.length - l.trimStart().length));
  return `apiVersion: cilium.io/v2
kind: ${namespace === null ? 'CiliumClusterwideNetworkPolicy' : 'CiliumNetworkPolicy'}
metadata:
  name: ${name}
${namespace === null ? '' : `  namespace: ${namespace}\n`}spec:
${lines.map((l) => `  ${l.slice(indent)}`).join('\n')}
`;
}
