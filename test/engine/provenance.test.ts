/**
 * Provenance: every evaluated direction says whether it is isolated, which policies select the
 * subject, which rule and which peer of it matched the other side, and which ports that rule
 * opens. Asserted as structure (ids, indices, port intervals), never as wording.
 */
import { describe, expect, it } from 'vitest';
import { checkConnection } from '../../src/engine/check.js';
import type { CompiledCluster } from '../../src/engine/compile.js';
import { type ConnectionEvaluation, evaluateConnection, type RuleMatch } from '../../src/engine/evaluate.js';
import { ALL_CONNS, connsAllow, connsToJson, EMPTY_CONNS } from '../../src/engine/port-set.js';
import { compile, e2eManifest, endpointOf } from '../support/cluster.js';
import { externalParty, target } from '../support/probe.js';
import { policy } from '../support/scenarios.js';

const HOST = `
---
apiVersion: v1
kind: Pod
metadata: {name: h, namespace: x, labels: {pod: a}}
spec: {hostNetwork: true}
status: {phase: Running, podIP: 192.168.0.10}
`;

function evaluate(compiled: CompiledCluster, src: string, dst: string): ConnectionEvaluation {
  const party = (s: string) =>
    /^[0-9.:a-f]+$/.test(s) && !s.includes('/')
      ? externalParty(s)
      : ({ type: 'endpoint', endpoint: endpointOf(compiled.cluster, s) } as const);
  return evaluateConnection(compiled, party(src), party(dst));
}

/** A match as plain data: policy id, direction, rule index, peer index, ports. */
function matchData(m: RuleMatch) {
  return {
    policy: m.rule.policy.id,
    direction: m.rule.direction,
    rule: m.rule.rule.index,
    peer: m.peerIndex,
    ports: connsToJson(m.ports),
  };
}

const A_FROM_B_80 = policy(
  'x',
  'a-from-b',
  `
  podSelector: {matchLabels: {pod: a}}
  ingress:
  - from: [{podSelector: {matchLabels: {pod: c}}}]
  - from:
    - namespaceSelector: {matchLabels: {ns: z}}
    - podSelector: {matchLabels: {pod: b}}
    ports: [{port: 80}]`,
);

describe('provenance of a verdict', () => {
  it('without policies both directions are not isolated and allow everything', () => {
    const ev = evaluate(compile([e2eManifest()]), 'x/b', 'x/a');
    expect(ev.egress).toMatchObject({
      direction: 'egress',
      state: 'not-isolated',
      policies: [],
      matches: [],
    });
    expect(ev.ingress).toMatchObject({
      direction: 'ingress',
      state: 'not-isolated',
      policies: [],
      matches: [],
    });
    expect(ev.allowed).toEqual(ALL_CONNS);
  });

  it('an allowed connection names the policy, the rule and the peer that matched', () => {
    const compiled = compile([e2eManifest(), A_FROM_B_80]);
    const ev = evaluate(compiled, 'x/b', 'x/a');
    expect(ev.ingress.state).toBe('isolated');
    expect(ev.ingress.subject).toMatchObject({ type: 'endpoint', endpoint: { id: 'x/a' } });
    expect(ev.ingress.policies.map((p) => p.id)).toEqual(['x/a-from-b']);
    expect(ev.ingress.matches.map(matchData)).toEqual([
      {
        policy: 'x/a-from-b',
        direction: 'ingress',
        rule: 1,
        peer: 1,
        ports: [{ protocol: 'TCP', ports: [[80, 80]] }],
      },
    ]);
    expect(ev.ingress.decisions.map((d) => [d.tier, d.action, d.cause])).toEqual([
      ['namespace', 'allow', 'rule'],
      ['namespace', 'deny', 'isolated'],
    ]);
    expect(connsToJson(ev.ingress.denied)).toEqual([
      {
        protocol: 'TCP',
        ports: [
          [1, 79],
          [81, 65535],
        ],
      },
      { protocol: 'UDP' },
      { protocol: 'SCTP' },
    ]);
    expect(ev.egress.state).toBe('not-isolated');
    expect(connsToJson(ev.allowed)).toEqual([{ protocol: 'TCP', ports: [[80, 80]] }]);
  });

  it('the first matching peer of a rule is reported (namespaceSelector item before podSelector item)', () => {
    const compiled = compile([e2eManifest(), A_FROM_B_80]);
    expect(
      evaluate(compiled, 'z/b', 'x/a').ingress.matches.map((m) => [m.rule.rule.index, m.peerIndex]),
    ).toEqual([[1, 0]]);
  });

  it('a rule matching the peer but not the port is still reported, with the ports it opens', () => {
    const compiled = compile([e2eManifest(), A_FROM_B_80]);
    const ev = evaluate(compiled, 'x/b', 'x/a');
    expect(connsAllow(ev.allowed, 'TCP', 81)).toBe(false);
    expect(ev.ingress.matches).toHaveLength(1);
    expect(connsAllow(ev.ingress.matches[0]!.ports, 'TCP', 81)).toBe(false);
    expect(connsAllow(ev.ingress.denied, 'TCP', 81)).toBe(true);
  });

  it('a denied connection lists the isolating policies and no matches', () => {
    const compiled = compile([e2eManifest(), A_FROM_B_80]);
    const ev = evaluate(compiled, 'y/a', 'x/a');
    expect(ev.ingress).toMatchObject({
      state: 'isolated',
      matches: [],
      allowed: EMPTY_CONNS,
      denied: ALL_CONNS,
    });
    expect(ev.ingress.policies.map((p) => p.id)).toEqual(['x/a-from-b']);
    expect(ev.allowed).toEqual(EMPTY_CONNS);
  });

  it('stacked policies each contribute their matching rules, in input order', () => {
    const compiled = compile([
      e2eManifest(),
      policy('x', 'one', `podSelector: {}\ningress:\n- from: [{podSelector: {}}]\n  ports: [{port: 80}]`) +
        policy('x', 'deny', `podSelector: {matchLabels: {pod: a}}`) +
        policy(
          'x',
          'two',
          `podSelector: {matchLabels: {pod: a}}\ningress:\n- ports: [{port: 81, protocol: UDP}]`,
        ),
    ]);
    const ev = evaluate(compiled, 'x/b', 'x/a');
    expect(ev.ingress.policies.map((p) => p.id)).toEqual(['x/one', 'x/deny', 'x/two']);
    expect(ev.ingress.matches.map(matchData)).toEqual([
      {
        policy: 'x/one',
        direction: 'ingress',
        rule: 0,
        peer: 0,
        ports: [{ protocol: 'TCP', ports: [[80, 80]] }],
      },
      // a rule without `from` matches every peer: no peer index
      {
        policy: 'x/two',
        direction: 'ingress',
        rule: 0,
        peer: null,
        ports: [{ protocol: 'UDP', ports: [[81, 81]] }],
      },
    ]);
  });

  it('egress provenance: the source is the subject; named ports resolve on the destination', () => {
    const compiled = compile([
      e2eManifest(),
      policy(
        'x',
        'out',
        `
        podSelector: {matchLabels: {pod: a}}
        policyTypes: [Egress]
        egress:
        - to: [{namespaceSelector: {matchLabels: {ns: z}}}]
          ports: [{port: serve-81-udp, protocol: UDP}]`,
      ),
    ]);
    const ev = evaluate(compiled, 'x/a', 'z/c');
    expect(ev.egress.subject).toMatchObject({ type: 'endpoint', endpoint: { id: 'x/a' } });
    expect(ev.egress.matches.map(matchData)).toEqual([
      {
        policy: 'x/out',
        direction: 'egress',
        rule: 0,
        peer: 0,
        ports: [{ protocol: 'UDP', ports: [[81, 81]] }],
      },
    ]);
    expect(ev.ingress.state).toBe('not-isolated');
  });

  it('ingress rules of an Egress-only policy are not compiled and do not isolate', () => {
    const compiled = compile([
      e2eManifest(),
      policy('x', 'egress-only', `podSelector: {}\npolicyTypes: [Egress]\ningress:\n- {}\negress:\n- {}`),
    ]);
    expect(compiled.policies[0]).toMatchObject({ ingress: false, egress: true, ingressRules: [] });
    const ev = evaluate(compiled, 'y/a', 'x/a');
    expect(ev.ingress.state).toBe('not-isolated');
  });

  it('an ipBlock peer matches an external address, with its index', () => {
    const compiled = compile([
      e2eManifest(),
      policy(
        'x',
        'cidr',
        `
        podSelector: {}
        ingress:
        - from: [{podSelector: {}}, {ipBlock: {cidr: 8.8.0.0/16, except: [8.8.4.0/24]}}]`,
      ),
    ]);
    expect(evaluate(compiled, '8.8.8.8', 'x/a').ingress.matches.map((m) => m.peerIndex)).toEqual([1]);
    expect(evaluate(compiled, '8.8.4.4', 'x/a').ingress.matches).toEqual([]);
    expect(evaluate(compiled, '8.8.8.8', 'x/a').egress.state).toBe('external');
    expect(evaluate(compiled, 'x/a', '8.8.8.8').ingress.state).toBe('external');
  });

  it('a hostNetwork pod is never isolated, whatever selects its labels', () => {
    const compiled = compile([
      e2eManifest(),
      HOST + policy('x', 'deny', `podSelector: {}\npolicyTypes: [Ingress, Egress]`),
    ]);
    const ev = evaluate(compiled, 'x/h', 'y/a');
    expect(ev.egress).toMatchObject({ state: 'host-network', policies: [], allowed: ALL_CONNS });
    expect(evaluate(compiled, 'y/a', 'x/h').ingress.state).toBe('host-network');
  });

  it('check keeps the evaluation of every probe', () => {
    const compiled = compile([e2eManifest(), A_FROM_B_80]);
    const result = checkConnection(compiled, target(compiled, 'x/b'), target(compiled, 'x/a'), 80, 'TCP');
    expect(result).toMatchObject({ verdict: 'allowed', allowed: true, port: 80, protocol: 'TCP' });
    expect(result.probes).toHaveLength(1);
    expect(result.probes[0]!.evaluation.ingress.matches.map(matchData)[0]).toMatchObject({
      policy: 'x/a-from-b',
      rule: 1,
      peer: 1,
    });
  });
});
