import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InputFile } from '../../src/sources/parse.js';
import { ciliumPolicyTypes } from '../../web/src/view/cilium-infos.js';
import { StudioSession } from '../../web/src/worker/session.js';
import { edit, request } from './support.js';

/** examples/tutorial-cilium: the cluster and its two CiliumNetworkPolicies. */
function ciliumFiles(): InputFile[] {
  return ['cluster.yaml', 'policy-deny-all.yaml', 'policy-kube-demo.yaml'].map((f) => ({
    name: `cilium/${f}`,
    text: readFileSync(new URL(`../../examples/tutorial-cilium/${f}`, import.meta.url), 'utf8'),
  }));
}

/** The studio's request, its CNI profile left to the manifests as `serve` does by default. */
function implied(files: readonly InputFile[], patch: Parameters<typeof request>[1] = {}) {
  const { cni: _cni, ...rest } = request(files, patch);
  return rest;
}

const KUBE_DEMO = 'cilium/policy-kube-demo.yaml';
const CCNP = `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: no-world
spec:
  endpointSelector:
    matchLabels:
      run: demo1
  egressDeny:
    - toEntities:
        - world
`;

describe('Cilium policies in the studio', () => {
  it('lists CNPs and CCNPs with their kind, the namespace tier, directions and the pods they select', () => {
    const files = [...ciliumFiles(), { name: 'cilium/ccnp.yaml', text: CCNP }];
    const r = new StudioSession().analyze(implied(files));
    expect(
      r.policies.map((p) => [
        p.id,
        p.namespace,
        p.kind,
        p.tier,
        p.priority,
        p.policyTypes,
        p.selects,
        p.source.line,
      ]),
    ).toEqual([
      ['cnp/dev2/deny-all', 'dev2', 'CiliumNetworkPolicy', 'namespace', undefined, ['Ingress'], 2, 4],
      ['cnp/dev2/kube-demo', 'dev2', 'CiliumNetworkPolicy', 'namespace', undefined, ['Ingress'], 2, 5],
      ['ccnp/no-world', '', 'CiliumClusterwideNetworkPolicy', 'namespace', undefined, ['Egress'], 1, 1],
    ]);
  });

  it('says what a Cilium rule’s toPorts opens, for the probed port', () => {
    const s = new StudioSession();
    s.analyze(implied(ciliumFiles()));
    const tcp = s.explain({ src: 'dev1/demo1', dst: 'dev2/demo2', port: 80, protocol: 'TCP' });
    expect(tcp.lines.find((l) => l.text.startsWith('ports:'))).toMatchObject({
      text: 'ports: TCP 80',
      tone: 'allowed',
      source: { file: KUBE_DEMO },
    });
    const udp = s.explain({ src: 'dev1/demo1', dst: 'dev2/demo2', port: 80, protocol: 'UDP' });
    expect(udp.lines.find((l) => l.text.startsWith('ports:'))).toMatchObject({
      text: 'ports: only TCP 80',
      tone: 'denied',
    });
    expect([...tcp.lines, ...udp.lines].some((l) => l.text.includes('no valid port item'))).toBe(false);
  });

  it('evaluates with Cilium’s profile when the manifests hold Cilium policies', () => {
    const s = new StudioSession();
    expect(s.analyze(implied(ciliumFiles())).stats.policies).toBe(2);
    expect(s.explain({ src: 'dev1/demo1', dst: 'dev2/demo2', port: 80, protocol: 'TCP' }).verdict).toBe(
      'allowed',
    );
    expect(s.explain({ src: 'dev1/demo1', dst: 'dev2/demo2', port: 80, protocol: 'UDP' }).verdict).toBe(
      'denied',
    );
    expect(s.explain({ src: 'default/default', dst: 'dev2/demo2', port: 80, protocol: 'TCP' }).verdict).toBe(
      'denied',
    );
    expect(s.lint({}).diagnostics.map((d) => d.code)).toContain('CILIUM_PROFILE');
  });

  it('switching a CNP off re-evaluates without it (what-if), and lint still reads it', () => {
    const s = new StudioSession();
    const on = s.analyze(implied(ciliumFiles()));
    const demo = (r: typeof on) =>
      r.model.edges.find((e) => e.src === 'dev1/demo1' && e.dst === 'dev2/demo2');
    expect(demo(on)).toBeDefined();
    const off = s.analyze(implied(ciliumFiles(), { disabled: ['cnp/dev2/kube-demo'] }));
    expect(off.policies.find((p) => p.id === 'cnp/dev2/kube-demo')?.enabled).toBe(false);
    expect(demo(off)).toBeUndefined();
    expect(
      off.changes.some((c) => c.src === 'dev1/demo1' && c.dst === 'dev2/demo2' && c.type === 'removed'),
    ).toBe(true);
    const allOff = s.analyze(
      implied(ciliumFiles(), { disabled: ['cnp/dev2/kube-demo', 'cnp/dev2/deny-all'] }),
    );
    expect(allOff.model.edges.some((e) => e.src === 'default/default' && e.dst === 'dev2/demo2')).toBe(true);
    expect(s.lint({}).diagnostics.map((d) => d.code)).toContain('cilium-empty-rule');
  });

  it('an edit of a CNP re-evaluates: port 80 → 8080 moves the edge', () => {
    const s = new StudioSession();
    s.analyze(implied(ciliumFiles()));
    const r = s.analyze(implied(edit(ciliumFiles(), KUBE_DEMO, 'port: "80"', 'port: "8080"')));
    const echo = r.changes.find((c) => c.src === 'dev1/demo1' && c.dst === 'dev2/http-echo');
    expect(echo?.type).toBe('changed');
  });

  it('puts a CNP’s diagnostics at the line of the field (normalize-cilium)', () => {
    const s = new StudioSession();
    const bad = edit(
      ciliumFiles(),
      KUBE_DEMO,
      '      toPorts:',
      '      fromEntities:\n        - wrld\n      toPorts:',
    );
    const r = s.analyze(implied(bad));
    const d = r.diagnostics.find((x) => x.message.includes('"wrld"'));
    expect(d).toMatchObject({ code: 'invalid-policy', severity: 'error' });
    expect(d?.source).toEqual({ file: KUBE_DEMO, line: 17, column: 11 });
  });

  it('explains a Cilium verdict with the deny rule first, linked to its line', () => {
    const deny = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: no-demo1
  namespace: dev2
spec:
  endpointSelector: {}
  ingressDeny:
    - fromEndpoints:
        - matchLabels:
            k8s:io.kubernetes.pod.namespace: dev1
`;
    const s = new StudioSession();
    s.analyze(implied([...ciliumFiles(), { name: 'cilium/deny.yaml', text: deny }]));
    const v = s.explain({ src: 'dev1/demo1', dst: 'dev2/demo2', port: 80, protocol: 'TCP' });
    expect(v.verdict).toBe('denied');
    // the walk: the deny rule decides, before any allow rule is looked at
    const decisive = v.lines.findIndex((l) => l.tone === 'denied' && l.source?.file === 'cilium/deny.yaml');
    expect(decisive).toBeGreaterThan(0);
    expect(v.lines[decisive]?.text).toContain('cnp/dev2/no-demo1');
    expect(v.lines.slice(0, decisive).some((l) => l.source?.file === KUBE_DEMO)).toBe(false);
  });
});

describe('ciliumPolicyTypes', () => {
  it('counts deny sections and enableDefaultDeny as directions', () => {
    const spec = {
      path: [],
      endpointSelector: null,
      nodeSelector: null,
      ingress: [],
      ingressDeny: [],
      egress: [],
      egressDeny: [],
      defaultDeny: { ingress: false, egress: false },
      defaultDenyExplicit: { ingress: false, egress: false },
    };
    const policy = (patch: object) => ({
      kind: 'CiliumNetworkPolicy' as const,
      id: 'cnp/a/b',
      namespace: 'a',
      name: 'b',
      source: { file: 'f', doc: 0, path: [], line: 1, column: 1 },
      specs: [{ ...spec, ...patch }],
    });
    const item = {
      section: 'egressDeny' as const,
      index: 0,
      peers: null,
      toPorts: null,
      empty: false,
      unmodelled: [],
    };
    expect(ciliumPolicyTypes(policy({}))).toEqual([]);
    expect(ciliumPolicyTypes(policy({ egressDeny: [item] }))).toEqual(['Egress']);
    expect(ciliumPolicyTypes(policy({ defaultDeny: { ingress: true, egress: false } }))).toEqual(['Ingress']);
  });
});
