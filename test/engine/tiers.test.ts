import { describe, expect, it } from 'vitest';
import { compileCluster } from '../../src/engine/compile.js';
import { evaluateConnection, type Party } from '../../src/engine/evaluate.js';
import { buildMatrix } from '../../src/engine/matrix.js';
import { connsAllow } from '../../src/engine/port-set.js';
import { computeReachability } from '../../src/engine/reachability.js';
import type {
  AdminPeer,
  AdminPolicy,
  AdminRule,
  Cluster,
  LabelSelector,
  RuleAction,
} from '../../src/model/types.js';
import { e2eManifest, endpointOf, load } from '../support/cluster.js';

/**
 * The three tiers through the whole engine, on the upstream e2e topology (namespaces x, y, z
 * labelled ns=<name>; pods a, b, c labelled pod=<name>; TCP/UDP/SCTP 80 and 81). Admin policies
 * are built in memory here, so these tests exercise compile, match, isolation, resolve,
 * evaluate and reachability independently of the manifest reader. Each case states the
 * network-policy-api rule it checks.
 */

const sel = (labels: Record<string, string> = {}): LabelSelector => ({
  matchLabels: labels,
  matchExpressions: [],
});
const fromNs = (ns: string, index = 0): AdminPeer => ({
  type: 'namespaces',
  namespaceSelector: sel({ ns }),
  index,
});
const fromPods = (ns: string, pod: string, index = 0): AdminPeer => ({
  type: 'pods',
  namespaceSelector: sel({ ns }),
  podSelector: sel({ pod }),
  index,
});
const rule = (index: number, action: RuleAction, peers: AdminPeer[], port?: number): AdminRule => ({
  index,
  action,
  peers,
  ports: port === undefined ? null : [{ protocol: 'TCP', port, index: 0 }],
});

function admin(
  name: string,
  priority: number,
  subjectNs: string,
  ingress: AdminRule[],
  egress: AdminRule[] = [],
  tier: 'admin' | 'baseline' = 'admin',
  kind: AdminPolicy['kind'] = tier === 'admin' ? 'AdminNetworkPolicy' : 'BaselineAdminNetworkPolicy',
): AdminPolicy {
  const prefix =
    kind === 'AdminNetworkPolicy' ? 'anp' : kind === 'BaselineAdminNetworkPolicy' ? 'banp' : 'cnp';
  return {
    kind,
    apiVersion:
      kind === 'ClusterNetworkPolicy'
        ? 'policy.networking.k8s.io/v1alpha2'
        : 'policy.networking.k8s.io/v1alpha1',
    id: `${prefix}/${name}`,
    name,
    tier,
    priority,
    subject: { type: 'namespaces', namespaceSelector: sel(subjectNs === '*' ? {} : { ns: subjectNs }) },
    ingress,
    egress,
    source: { file: 'admin.yaml', doc: 0, path: [], line: 1, column: 1 },
  };
}

const DENY_ALL_X = `{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"deny-all","namespace":"x"},"spec":{"podSelector":{}}}`;
const ALLOW_Y_TO_X = `{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"allow-y","namespace":"x"},"spec":{"podSelector":{},"ingress":[{"from":[{"namespaceSelector":{"matchLabels":{"ns":"y"}}}]}]}}`;
const EGRESS_ONLY_X = `{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"egress-only","namespace":"x"},"spec":{"podSelector":{},"policyTypes":["Egress"],"egress":[{}]}}`;

function cluster(policies: readonly string[], adminPolicies: readonly AdminPolicy[]): Cluster {
  const base = load(e2eManifest(), ...policies);
  return { ...base, adminPolicies };
}

/** The verdict on TCP `port` from src to dst, checked with evaluate AND with the class-level matrix. */
function verdict(c: Cluster, src: string, dst: string, port = 80): boolean {
  const compiled = compileCluster(c);
  const s: Party = { type: 'endpoint', endpoint: endpointOf(c, src) };
  const d: Party = { type: 'endpoint', endpoint: endpointOf(c, dst) };
  const single = connsAllow(evaluateConnection(compiled, s, d).allowed, 'TCP', port);
  const reach = computeReachability(compiled);
  const matrix = buildMatrix(reach, { granularity: 'pod', external: false });
  const edge = matrix.connections.find((x) => x.src === src && x.dst === dst);
  const bulk = edge !== undefined && connsAllow(edge.conns, 'TCP', port);
  expect(bulk, `matrix and evaluate disagree on ${src} → ${dst}:${port}`).toBe(single);
  return single;
}

describe('admin tier', () => {
  it('a Deny beats a NetworkPolicy allow (admin decides first)', () => {
    const c = cluster([ALLOW_Y_TO_X], [admin('deny-y', 10, 'x', [rule(0, 'deny', [fromNs('y')])])]);
    expect(verdict(c, 'y/a', 'x/a')).toBe(false);
    expect(verdict(c, 'z/a', 'x/a')).toBe(false); // isolated by allow-y, z not admitted
  });

  it('an Allow beats a NetworkPolicy deny-all', () => {
    const c = cluster([DENY_ALL_X], [admin('allow-z', 10, 'x', [rule(0, 'allow', [fromNs('z')])])]);
    expect(verdict(c, 'z/a', 'x/a')).toBe(true);
    expect(verdict(c, 'y/a', 'x/a')).toBe(false);
  });

  it('rule order within a policy decides: the first matching rule wins', () => {
    const allowFirst = admin('p', 10, 'x', [
      rule(0, 'allow', [fromPods('y', 'a')]),
      rule(1, 'deny', [fromNs('y')]),
    ]);
    const denyFirst = admin('p', 10, 'x', [
      rule(0, 'deny', [fromNs('y')]),
      rule(1, 'allow', [fromPods('y', 'a')]),
    ]);
    expect(verdict(cluster([], [allowFirst]), 'y/a', 'x/b')).toBe(true);
    expect(verdict(cluster([], [denyFirst]), 'y/a', 'x/b')).toBe(false);
    expect(verdict(cluster([], [allowFirst]), 'y/b', 'x/b')).toBe(false);
  });

  it('priority decides between policies: the lower number first, whatever the input order', () => {
    const deny = admin('deny', 5, 'x', [rule(0, 'deny', [fromNs('y')])]);
    const allow = admin('allow', 20, 'x', [rule(0, 'allow', [fromNs('y')])]);
    expect(verdict(cluster([], [allow, deny]), 'y/a', 'x/a')).toBe(false);
    const deny2 = { ...deny, priority: 30 };
    expect(verdict(cluster([], [deny2, allow]), 'y/a', 'x/a')).toBe(true);
  });

  it('Pass hands the connection to the NetworkPolicy tier, skipping later admin rules', () => {
    const pass = admin('pass', 10, 'x', [rule(0, 'pass', [fromNs('y')]), rule(1, 'deny', [fromNs('y')])]);
    expect(verdict(cluster([ALLOW_Y_TO_X], [pass]), 'y/a', 'x/a')).toBe(true);
    expect(verdict(cluster([DENY_ALL_X], [pass]), 'y/a', 'x/a')).toBe(false);
    // with no NetworkPolicy at all, the baseline decides next, then the default allow
    expect(verdict(cluster([], [pass]), 'y/a', 'x/a')).toBe(true);
  });

  it('ports: a rule with ports decides only those ports (exact per port)', () => {
    const c = cluster([], [admin('deny-80', 10, 'x', [rule(0, 'deny', [fromNs('y')], 80)])]);
    expect(verdict(c, 'y/a', 'x/a', 80)).toBe(false);
    expect(verdict(c, 'y/a', 'x/a', 81)).toBe(true);
  });

  it('egress rules apply to the source; both sides must allow', () => {
    const c = cluster([], [admin('no-egress-to-z', 10, 'y', [], [rule(0, 'deny', [fromNs('z')])])]);
    expect(verdict(c, 'y/a', 'z/a')).toBe(false);
    expect(verdict(c, 'y/a', 'x/a')).toBe(true);
    expect(verdict(c, 'x/a', 'z/a')).toBe(true);
  });

  it('a peer with no known field fails closed: nothing in an Allow; a Deny or Pass becomes a deny of everything', () => {
    const unknown: AdminPeer = { type: 'unknown', fields: ['futurePeer'], index: 0 };
    expect(
      verdict(cluster([DENY_ALL_X], [admin('a', 10, 'x', [rule(0, 'allow', [unknown])])]), 'y/a', 'x/a'),
    ).toBe(false);
    expect(
      verdict(cluster([], [admin('d', 10, 'x', [rule(0, 'deny', [unknown], 81)])]), 'y/a', 'x/a', 80),
    ).toBe(false);
    expect(
      verdict(cluster([ALLOW_Y_TO_X], [admin('p', 10, 'x', [rule(0, 'pass', [unknown])])]), 'y/a', 'x/a'),
    ).toBe(false);
  });

  it('networks match pod IPs (unlike Cilium CIDR rules)', () => {
    const toY: AdminPeer = { type: 'networks', cidrs: ['10.0.1.0/24'], index: 0 };
    const c = cluster([], [admin('deny-net', 10, 'x', [], [rule(0, 'deny', [toY])])]);
    expect(verdict(c, 'x/a', 'y/b')).toBe(false);
    expect(verdict(c, 'x/a', 'z/b')).toBe(true);
  });
});

describe('baseline tier', () => {
  it('decides only pods no NetworkPolicy isolates, per direction', () => {
    const banp = admin('default', 1001, '*', [rule(0, 'deny', [fromNs('y')])], [], 'baseline');
    // not isolated: the baseline deny applies
    expect(verdict(cluster([], [banp]), 'y/a', 'x/a')).toBe(false);
    // isolated for ingress by a NetworkPolicy that admits y: the NetworkPolicy decides
    expect(verdict(cluster([ALLOW_Y_TO_X], [banp]), 'y/a', 'x/a')).toBe(true);
    // an Egress-only NetworkPolicy does not isolate ingress: the baseline still decides ingress
    expect(verdict(cluster([EGRESS_ONLY_X], [banp]), 'y/a', 'x/a')).toBe(false);
  });

  it('an admin Pass reaches the baseline when no NetworkPolicy isolates', () => {
    const pass = admin('pass', 10, 'x', [rule(0, 'pass', [fromNs('y')])]);
    const banp = admin('default', 1001, '*', [rule(0, 'deny', [fromNs('y')])], [], 'baseline');
    expect(verdict(cluster([], [pass, banp]), 'y/a', 'x/a')).toBe(false);
    const allowFirst = admin('allow', 10, 'x', [rule(0, 'allow', [fromNs('y')])]);
    expect(verdict(cluster([], [allowFirst, banp]), 'y/a', 'x/a')).toBe(true);
  });

  it('ClusterNetworkPolicy baseline policies are ordered by priority', () => {
    const low = admin(
      'allow',
      1,
      '*',
      [rule(0, 'allow', [fromNs('y')])],
      [],
      'baseline',
      'ClusterNetworkPolicy',
    );
    const high = admin(
      'deny',
      2,
      '*',
      [rule(0, 'deny', [fromNs('y')])],
      [],
      'baseline',
      'ClusterNetworkPolicy',
    );
    expect(verdict(cluster([], [high, low]), 'y/a', 'x/a')).toBe(true);
  });
});

describe('walkthrough and ties', () => {
  it('records every step: admin pass, then the NetworkPolicy tier', () => {
    const c = cluster([DENY_ALL_X], [admin('guard', 10, 'x', [rule(0, 'pass', [fromNs('y')])])]);
    const compiled = compileCluster(c);
    const ev = evaluateConnection(
      compiled,
      { type: 'endpoint', endpoint: endpointOf(c, 'y/a') },
      { type: 'endpoint', endpoint: endpointOf(c, 'x/a') },
    );
    expect(
      ev.ingress.decisions.map((d) => [d.tier, d.action, d.cause, d.hit?.rule.policy.id ?? null]),
    ).toEqual([
      ['admin', 'pass', 'rule', 'anp/guard'],
      ['namespace', 'deny', 'isolated', null],
    ]);
  });

  it('two policies at one priority that match differently are reported as a tie', () => {
    const a = admin('a', 10, 'x', [rule(0, 'allow', [fromNs('y')])]);
    const b = admin('b', 10, 'x', [rule(0, 'deny', [fromNs('y')])]);
    const c = cluster([], [b, a]);
    const compiled = compileCluster(c);
    const ev = evaluateConnection(
      compiled,
      { type: 'endpoint', endpoint: endpointOf(c, 'y/a') },
      { type: 'endpoint', endpoint: endpointOf(c, 'x/a') },
    );
    // the documented order (kind, then name) applies anp/a
    expect(connsAllow(ev.allowed, 'TCP', 80)).toBe(true);
    expect(
      ev.ingress.ties.map((t) => [t.applied.rule.policy.id, t.others.map((o) => o.rule.policy.id)]),
    ).toEqual([['anp/a', ['anp/b']]]);
  });

  it('domainNames make the verdict to outside addresses undecidable, never claimed', () => {
    const fqdn: AdminPeer = { type: 'domainNames', domainNames: ['example.com'], index: 0 };
    const all: AdminPeer = { type: 'networks', cidrs: ['0.0.0.0/0'], index: 0 };
    const c = cluster(
      [],
      [admin('egress', 10, 'x', [], [rule(0, 'allow', [fqdn], 443), rule(1, 'deny', [all])])],
    );
    const compiled = compileCluster(c);
    const ev = evaluateConnection(
      compiled,
      { type: 'endpoint', endpoint: endpointOf(c, 'x/a') },
      { type: 'external', address: { family: 'v4', value: 0x08080808n }, label: '8.8.8.8' },
    );
    expect(connsAllow(ev.allowed, 'TCP', 443)).toBe(false);
    expect(connsAllow(ev.egress.undecidable, 'TCP', 443)).toBe(true);
    expect(connsAllow(ev.egress.undecidable, 'TCP', 80)).toBe(false);
  });
});
