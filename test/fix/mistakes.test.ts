import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { proposeFixes } from '../../src/fix/propose.js';
import type { FixRequest } from '../../src/fix/types.js';
import { loadManifests } from '../../src/load.js';
import { formatDelta } from '../../src/render/diff-common.js';

const dir = 'test/fixtures/fix';
const file = (name: string) => ({ name: `${dir}/${name}`, text: readFileSync(`${dir}/${name}`, 'utf8') });

interface Case {
  readonly name: string;
  readonly file: string;
  readonly request: Omit<FixRequest, 'protocol'> & { protocol?: FixRequest['protocol'] };
  readonly strategy: string;
  /** Side effects of the first proposal as `src -> dst delta`; [] for none. */
  readonly sideEffects?: readonly string[];
}

/**
 * One scenario per classic mistake: the first proposal must be the repair of that mistake, and
 * it must work when the engine evaluates the edited files.
 */
const cases: Case[] = [
  {
    name: 'namespace label name instead of kubernetes.io/metadata.name',
    file: 'namespace-label.yaml',
    request: { src: 'web/frontend', dst: 'api/server', port: 9000, want: 'allowed' },
    strategy: 'namespace-label',
  },
  {
    name: 'podSelector alone across namespaces',
    file: 'pod-selector-alone.yaml',
    request: { src: 'web/frontend', dst: 'api/server', port: 9000, want: 'allowed' },
    strategy: 'peer-namespace',
  },
  {
    name: 'egress lockdown without DNS',
    file: 'egress-without-dns.yaml',
    request: { src: 'web/frontend', dst: 'kube-system/coredns', port: 53, protocol: 'UDP', want: 'allowed' },
    strategy: 'dns-egress',
  },
  {
    name: 'a named port with the wrong protocol',
    file: 'named-port-protocol.yaml',
    request: { src: 'web/frontend', dst: 'api/server', port: 'quic', protocol: 'UDP', want: 'allowed' },
    strategy: 'named-port-protocol',
  },
  {
    name: 'the Service port instead of the target port',
    file: 'service-port.yaml',
    request: { src: 'web/frontend', dst: 'api/svc/server', port: 80, want: 'allowed' },
    strategy: 'target-port',
  },
  {
    name: 'OR meant as AND (a stray dash splitting a peer)',
    file: 'or-not-and.yaml',
    request: { src: 'web/admin', dst: 'api/server', port: 9000, want: 'denied' },
    strategy: 'join-peers',
  },
  {
    name: 'policyTypes leaving out Egress',
    file: 'policy-types-egress.yaml',
    request: { src: 'web/frontend', dst: '203.0.113.5', port: 443, want: 'denied' },
    strategy: 'policy-types',
  },
  {
    name: "an ipBlock holding a pod's old IP",
    file: 'stale-ipblock.yaml',
    request: { src: 'web/frontend', dst: 'api/server', port: 9000, want: 'allowed' },
    strategy: 'stale-ipblock',
    // The old address itself is no longer admitted: shown, as it should be.
    sideEffects: ['10.0.1.9/32 -> api/server −TCP 9000'],
  },
  {
    name: 'a policy in the wrong namespace',
    file: 'wrong-namespace.yaml',
    request: { src: 'web/frontend', dst: 'api/server', port: 9000, want: 'allowed' },
    strategy: 'move-namespace',
  },
  {
    name: 'a stray dash splitting a rule (peers in one, ports in the next)',
    file: 'stray-dash.yaml',
    request: { src: 'web/admin', dst: 'api/server', port: 9000, want: 'denied' },
    strategy: 'merge-rules',
    // What the split rule opened besides: the merged rule closes it again.
    sideEffects: [
      '0.0.0.0/0 -> api/server −TCP 9000',
      'kube-system/coredns -> api/server −TCP 9000',
      'web/frontend -> api/server −TCP 1-8999,9001-65535; UDP all; SCTP all',
    ],
  },
];

describe('fix: the classic mistakes', () => {
  it.each(cases)('$name: the first proposal is $strategy, verified', (c) => {
    const files = [file('cluster.yaml'), file(c.file)];
    const report = proposeFixes(files, { protocol: 'TCP', ...c.request });
    expect(report.blocker).toBeUndefined();
    const first = report.proposals[0]!;
    expect(first.strategy).toBe(c.strategy);
    expect(first.nearMiss).toBe(true);
    expect(first.works).toBe(true);
    expect(first.after).toBe(c.request.want);
    const effects = first.sideEffects
      .map((s) => `${s.src} -> ${s.dst} ${formatDelta(s.before, s.after)}`)
      .sort();
    expect(effects).toEqual([...(c.sideEffects ?? [])].sort());
    // The edited text loads without new problems.
    const after = files.map((f) => ({
      name: f.name,
      text: first.files.find((x) => x.file === f.name)?.after ?? f.text,
    }));
    const diagnostics = loadManifests(after).diagnostics.filter((d) => d.severity !== 'info');
    expect(diagnostics.map((d) => d.code)).toEqual(
      loadManifests(files)
        .diagnostics.filter((d) => d.severity !== 'info')
        .map((d) => d.code),
    );
  });
});
