import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const KUSTOMIZE = 'test/fixtures/kustomize';
const PROD = `${KUSTOMIZE}/overlays/prod`;
const CHART = 'test/fixtures/helm/chart';
const dir = mkdtempSync(join(tmpdir(), 'kubereach-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A directory holding only the given executable scripts: a PATH without anything else. */
function pathWith(scripts: Record<string, string>): string {
  const bin = mkdtempSync(join(dir, 'bin-'));
  for (const [name, body] of Object.entries(scripts)) {
    const file = join(bin, name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
  }
  return bin;
}

const hasKubectl = (() => {
  try {
    execFileSync('kubectl', ['kustomize', '--help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

interface JsonReport {
  nodes: { id: string }[];
  diagnostics: { code: string; severity: string }[];
}

describe('-k DIR renders a kustomization', () => {
  it.runIf(hasKubectl)('reads what kubectl kustomize renders, patches and components applied', async () => {
    const r = await run(['matrix', '-k', PROD, '-o', 'json', '--no-external'], {
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    // the namespace transformer applied, the client deleted by the component
    expect(report.nodes.map((n) => n.id)).toEqual(['prod/web']);
    expect(report.diagnostics.filter((d) => d.code === 'DEFAULT_NAMESPACE')).toEqual([]);
  });

  it.runIf(hasKubectl)('points diagnostics at lines of the rendered stream', async () => {
    const r = await run(['lint', '-k', PROD, '-o', 'json'], { env: { PATH: process.env.PATH ?? '' } });
    const findings = (
      JSON.parse(r.stdout) as {
        findings: { rule: string; source?: { file: string; line: number } }[];
      }
    ).findings;
    const peer = findings.find((f) => f.rule === 'peer-selects-nothing');
    expect(peer?.source?.file).toBe(`<kustomize ${PROD}>`);
    const rendered = execFileSync('kubectl', ['kustomize', PROD], { encoding: 'utf8' }).split('\n');
    expect(rendered[(peer?.source?.line ?? 0) - 1]).toMatch(/namespaceSelector/);
  });

  it('falls back to kustomize build when kubectl is not on PATH', async () => {
    const log = join(dir, 'kustomize-args');
    const bin = pathWith({
      kustomize: `echo "$@" > ${log}\nprintf 'apiVersion: v1\\nkind: Pod\\nmetadata: {name: p, namespace: a}\\n'`,
    });
    const r = await run(['matrix', '-k', PROD, '-o', 'json'], { env: { PATH: bin } });
    expect(r.code).toBe(0);
    expect(readFileSync(log, 'utf8').trim()).toBe(`build ${PROD}`);
    expect((JSON.parse(r.stdout) as JsonReport).nodes.map((n) => n.id)).toContain('a/p');
  });

  it('says in one line that neither kubectl nor kustomize is on PATH', async () => {
    const r = await run(['matrix', '-k', PROD], { env: { PATH: pathWith({}) } });
    expect(r.code).toBe(3);
    const [first, ...rest] = r.stderr.trimEnd().split('\n');
    expect(first).toMatch(/-k .*neither kubectl nor kustomize is on PATH/);
    expect(rest.every((l) => l.startsWith('  hint:'))).toBe(true);
    expect(r.stdout).toBe('');
  });

  it('reports a failing kustomization with the first line of its error', async () => {
    const bin = pathWith({ kubectl: 'echo "Error: accumulating resources: boom" >&2; exit 1' });
    const r = await run(['matrix', '-k', PROD], { env: { PATH: bin } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/kubectl kustomize failed: accumulating resources: boom/);
  });
});

describe('a directory that must be rendered is not read as manifests', () => {
  it.each([
    [PROD, /is a kustomization: use -k /],
    [`${KUSTOMIZE}/components/without-client`, /is a kustomization: use -k /],
    [CHART, /is a Helm chart: use --helm /],
  ])('%s', async (path, message) => {
    const r = await run(['matrix', '-R', path, '-o', 'json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
    // the patches were not read: no Deployment replaced, no namespace warnings
    expect(r.stderr).not.toMatch(/namespace/i);
  });

  it('names each kustomization of a tree read with -R', async () => {
    const r = await run(['lint', '-R', KUSTOMIZE, '-o', 'json']);
    expect(r.code).toBe(3);
    const named = [...r.stderr.matchAll(/error: (\S+) is a kustomization: use -k \1/g)].map((m) => m[1]);
    expect(named).toEqual([
      join(KUSTOMIZE, 'base'),
      join(KUSTOMIZE, 'components/without-client'),
      join(KUSTOMIZE, 'overlays/prod'),
    ]);
  });
});

describe('--helm DIR renders a chart', () => {
  const manifest = [
    '---',
    '# Source: web/templates/deployment.yaml',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: release-name-web, namespace: web}',
    'spec:',
    '  selector: {matchLabels: {app: web}}',
    '  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}',
  ].join('\n');

  it('runs helm template with --values and --set in order', async () => {
    const log = join(dir, 'helm-args');
    const rendered = join(dir, 'rendered.yaml');
    writeFileSync(rendered, `${manifest}\n`);
    const bin = pathWith({
      helm: `for a in "$@"; do echo "$a"; done > ${log}\nwhile IFS= read -r l; do echo "$l"; done < ${rendered}`,
    });
    const r = await run(
      [
        'matrix',
        '--helm',
        CHART,
        '--values',
        'a.yaml',
        '--set',
        'port=81',
        '--values',
        'b.yaml',
        '-o',
        'json',
      ],
      { env: { PATH: bin } },
    );
    expect(r.stderr).not.toMatch(/error|warning/);
    expect(r.code).toBe(0);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'template',
      CHART,
      '--values',
      'a.yaml',
      '--values',
      'b.yaml',
      '--set',
      'port=81',
    ]);
    expect((JSON.parse(r.stdout) as JsonReport).nodes.map((n) => n.id)).toContain('web/release-name-web');
  });

  it('suggests the pipe in one line when helm is not on PATH', async () => {
    const r = await run(['matrix', '--helm', CHART, '--set', 'a=b c'], { env: { PATH: pathWith({}) } });
    expect(r.code).toBe(3);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `kubereach: --helm ${CHART}: helm is not on PATH; render the chart and pipe it in: helm template ${CHART} --set 'a=b c' | kubereach VERB -`,
    ]);
  });

  it('refuses --values without a chart', async () => {
    const r = await run(['matrix', '--values', 'v.yaml', 'examples/tutorial']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--values and --set are for a Helm chart/);
  });
});
