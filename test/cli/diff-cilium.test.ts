/**
 * diff on the tutorial written as CiliumNetworkPolicies: Cilium policies are compared and named
 * as causes, deny rules as `denies` / `no-longer-denies`, in every format.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const dir = 'examples/tutorial-cilium';
const cluster = `${dir}/cluster.yaml`;
const tmp = mkdtempSync(join(tmpdir(), 'kubereach-diff-cilium-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A directory holding the given documents, one file each. */
function version(name: string, files: Record<string, string>): string {
  const at = join(tmp, name);
  mkdirSync(at, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(at, file), text);
  return at;
}

const denyAll = readFileSync(`${dir}/policy-deny-all.yaml`, 'utf8');
const kubeDemo = readFileSync(`${dir}/policy-kube-demo.yaml`, 'utf8');
const denyDev1 = readFileSync('test/fixtures/cilium/deny-dev1.yaml', 'utf8');

interface Cause {
  policy: string;
  effect: string;
  status: string;
  rules: string[];
  direction: string;
}
interface Change {
  type: string;
  src: string;
  dst: string;
  policies: Cause[];
}

async function diffJson(before: string, after: string): Promise<{ changes: Change[]; policies: unknown }> {
  const r = await run(['diff', '-f', cluster, before, after, '-o', 'json']);
  expect(r.code).toBe(1);
  return JSON.parse(r.stdout);
}

const causesOf = (doc: { changes: Change[] }, src: string, dst: string) =>
  doc.changes
    .find((c) => c.src === src && c.dst === dst)
    ?.policies.map((p) => `${p.policy} ${p.rules.join(',')} ${p.effect} ${p.status}`);

describe('diff with Cilium policies', () => {
  const onlyDeny = version('only-deny', { 'deny-all.yaml': denyAll });
  const tutorial = version('tutorial', { 'deny-all.yaml': denyAll, 'kube-demo.yaml': kubeDemo });
  const withDeny = version('with-deny', {
    'deny-all.yaml': denyAll,
    'kube-demo.yaml': kubeDemo,
    'no-dev1.yaml': denyDev1,
  });

  it('an added CNP allow rule is the cause of the added connection', async () => {
    const doc = await diffJson(onlyDeny, tutorial);
    expect(causesOf(doc, 'dev1/demo1', 'dev2/demo2')).toEqual([
      'cnp/dev2/kube-demo spec.ingress[0] allows added',
    ]);
    expect(doc.policies).toMatchObject({
      added: [{ kind: 'CiliumNetworkPolicy', namespace: 'dev2', name: 'kube-demo' }],
    });
  });

  it('an added ingressDeny rule denies, though the allow is still there (deny beats allow)', async () => {
    const doc = await diffJson(tutorial, withDeny);
    expect(doc.changes.map((c) => `${c.type} ${c.src} ${c.dst}`)).toEqual(['removed dev1/demo1 dev2/demo2']);
    expect(causesOf(doc, 'dev1/demo1', 'dev2/demo2')).toEqual([
      'cnp/dev2/no-dev1 spec.ingressDeny[0] denies added',
    ]);
  });

  it('a removed deny rule no longer denies', async () => {
    const doc = await diffJson(withDeny, tutorial);
    expect(causesOf(doc, 'dev1/demo1', 'dev2/demo2')).toEqual([
      'cnp/dev2/kube-demo spec.ingress[0] allows unchanged',
      'cnp/dev2/no-dev1 spec.ingressDeny[0] no-longer-denies removed',
    ]);
  });

  it('a modified CNP (port 80 to 8080) and a rule in specs[1]', async () => {
    const modified = version('modified', {
      'deny-all.yaml': denyAll,
      'kube-demo.yaml': kubeDemo.replace('port: "80"', 'port: "8080"'),
    });
    const doc = await diffJson(tutorial, modified);
    expect(causesOf(doc, 'dev1/demo1', 'dev2/http-echo')).toEqual([
      'cnp/dev2/kube-demo spec.ingress[0] allows modified',
      'cnp/dev2/kube-demo spec.ingress[0] no-longer-allows modified',
    ]);
    const specs = version('specs', {
      'deny-all.yaml': denyAll,
      'kube-demo.yaml': `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: kube-demo, namespace: dev2}
specs:
  - endpointSelector: {matchLabels: {run: nothing}}
    ingress: [{}]
  - endpointSelector: {}
    ingress:
      - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: dev1}}]
        toPorts: [{ports: [{port: "80", protocol: TCP}]}]
`,
    });
    const viaSpecs = await diffJson(onlyDeny, specs);
    expect(causesOf(viaSpecs, 'dev1/demo1', 'dev2/demo2')).toEqual([
      'cnp/dev2/kube-demo specs[1].ingress[0] allows added',
    ]);
  });

  it('text and markdown name the Cilium policies and rules', async () => {
    const text = await run(['diff', '-f', cluster, tutorial, withDeny]);
    expect(text.stdout).toContain('cnp/dev2/no-dev1 ingressDeny[0] denies (policy added)');
    const md = await run(['diff', '-f', cluster, tutorial, withDeny, '-o', 'md']);
    expect(md.stdout).toContain('cnp/dev2/no-dev1');
    expect(md.stdout).toMatch(/ingressDeny\\?\[0\\?\]/);
  });
});
