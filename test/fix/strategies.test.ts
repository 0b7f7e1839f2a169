import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { proposeFixes } from '../../src/fix/propose.js';
import type { FixRequest } from '../../src/fix/types.js';
import { formatDelta } from '../../src/render/diff-common.js';

const read = (name: string) => ({ name, text: readFileSync(name, 'utf8') });
const tutorial = readdirSync('examples/tutorial')
  .filter((f) => f.endsWith('.yaml') && f !== 'reachability-test.yaml')
  .map((f) => read(`examples/tutorial/${f}`));

interface Case {
  readonly name: string;
  readonly files: readonly { name: string; text: string }[];
  readonly request: FixRequest;
  readonly strategy: string;
  /** Its place among the working proposals (1 = first). */
  readonly rank: number;
  readonly sideEffects: readonly string[];
}

/** The general strategies: each proposes a working edit, ranked where it belongs. */
const cases: Case[] = [
  {
    name: 'tutorial: a new policy opens 8080 for http-echo only',
    files: tutorial,
    request: { src: 'dev1/demo1', dst: 'dev2/http-echo', port: 8080, protocol: 'TCP', want: 'allowed' },
    strategy: 'add-policy',
    rank: 1,
    sideEffects: [],
  },
  {
    name: 'tutorial: adding 8080 to kube-demo opens demo2:8080 too',
    files: tutorial,
    request: { src: 'dev1/demo1', dst: 'dev2/http-echo', port: 8080, protocol: 'TCP', want: 'allowed' },
    strategy: 'add-port',
    rank: 2,
    sideEffects: ['dev1/demo1 -> dev2/demo2 +TCP 8080'],
  },
  {
    name: 'a typo in a label value',
    files: [read('test/fixtures/mistakes/cluster.yaml'), read('test/fixtures/mistakes/typo.yaml')],
    request: { src: 'web/frontend', dst: 'api/server', port: 9000, protocol: 'TCP', want: 'allowed' },
    strategy: 'selector-typo',
    rank: 1,
    sideEffects: [],
  },
  {
    name: 'narrowing the namespace-wide peer leaves the admin out',
    files: [read('test/fixtures/fix/cluster.yaml'), read('test/fixtures/fix/or-not-and.yaml')],
    request: { src: 'web/admin', dst: 'api/server', port: 9000, protocol: 'TCP', want: 'denied' },
    strategy: 'narrow-peer',
    rank: 2,
    sideEffects: [],
  },
  {
    name: 'nothing isolates the destination: a policy isolates it and allows all but the source',
    files: [read('test/fixtures/fix/cluster.yaml')],
    request: { src: 'web/admin', dst: 'web/frontend', port: 80, protocol: 'TCP', want: 'denied' },
    strategy: 'isolate',
    rank: 1,
    // The admin's egress is isolated; addresses outside the cluster are not pods, so the new
    // policy does not let it reach them.
    sideEffects: ['web/admin -> 0.0.0.0/0 −all'],
  },
];

describe('fix: general strategies', () => {
  it.each(cases)('$name', (c) => {
    const report = proposeFixes(c.files, c.request);
    const working = report.proposals.filter((p) => p.works);
    const index = working.findIndex((p) => p.strategy === c.strategy);
    expect(index + 1).toBe(c.rank);
    const p = working[index]!;
    expect(p.after).toBe(c.request.want);
    expect(p.sideEffects.map((s) => `${s.src} -> ${s.dst} ${formatDelta(s.before, s.after)}`).sort()).toEqual(
      [...c.sideEffects].sort(),
    );
  });

  it('says why there is nothing to fix', () => {
    const allowed = proposeFixes(tutorial, {
      src: 'dev1/demo1',
      dst: 'dev2/demo2',
      port: 80,
      protocol: 'TCP',
      want: 'allowed',
    });
    expect(allowed.blocker).toEqual({ code: 'ALREADY', verdict: 'allowed' });
    const noPort = proposeFixes(tutorial, {
      src: 'dev1/demo1',
      dst: 'dev2/svc/http-echo',
      port: 80,
      protocol: 'TCP',
      want: 'allowed',
    });
    expect(noPort.blocker?.code).toBe('NOT_A_POLICY_VERDICT');
    expect(noPort.proposals).toEqual([]);
  });
});

describe('fix: what NetworkPolicy edits cannot change', () => {
  const fixture = (name: string) => read(`test/fixtures/fix/${name}`);
  it.each([
    {
      name: 'an AdminNetworkPolicy Deny decides first',
      files: ['cluster.yaml', 'namespace-label.yaml', 'admin-deny.yaml'],
      request: {
        src: 'web/frontend',
        dst: 'api/server',
        port: 9000,
        protocol: 'TCP',
        want: 'allowed',
      } as const,
      blocker: {
        kind: 'AdminNetworkPolicy',
        policy: 'quarantine-api',
        priority: 5,
        action: 'deny',
        direction: 'ingress',
      },
    },
    {
      name: 'an AdminNetworkPolicy Allow decides first',
      files: ['cluster.yaml', 'or-not-and.yaml', 'admin-allow.yaml'],
      request: { src: 'web/admin', dst: 'api/server', port: 9000, protocol: 'TCP', want: 'denied' } as const,
      blocker: {
        kind: 'AdminNetworkPolicy',
        policy: 'web-to-api',
        priority: 20,
        action: 'allow',
        direction: 'ingress',
      },
    },
  ])('$name: no proposal, and why', ({ files, request, blocker }) => {
    const report = proposeFixes(files.map(fixture), request);
    expect(report.proposals).toEqual([]);
    expect(report.blocker).toEqual({ code: 'ADMIN_DECIDES', ...blocker });
  });
});
