/**
 * Explanations must never contradict the verdict: on random clusters, every direction's
 * `allowed`, every rule's peer match and every rule's `allows` agree with the engine's
 * evaluation, and every reason points at a real line.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { compileCluster } from '../../src/engine/compile.js';
import { evaluateConnection, type Party } from '../../src/engine/evaluate.js';
import { connsAllow } from '../../src/engine/port-set.js';
import { explainConnection } from '../../src/explain/index.js';
import type { DirectionExplanation } from '../../src/explain/types.js';
import { parseIp } from '../../src/model/ip.js';
import type { Protocol } from '../../src/model/types.js';
import { clusterArbitrary } from '../support/arbitraries.js';
import { loadGenerated } from '../support/differential.js';

const EXTERNAL = ['8.8.8.8', '10.0.1.9', '192.168.1.10', 'fd00:1::9'];
const PORTS: readonly [number, Protocol][] = [
  [53, 'UDP'],
  [80, 'TCP'],
  [443, 'TCP'],
  [8080, 'TCP'],
  [80, 'SCTP'],
];

function fail(message: string): never {
  throw new Error(message);
}

function checkDirection(
  d: DirectionExplanation,
  ev: ReturnType<typeof evaluateConnection>['egress'],
  port: number,
  protocol: Protocol,
  where: string,
): void {
  const allowed = connsAllow(ev.allowed, protocol, port);
  if (d.allowed !== allowed) fail(`${where}: explanation says ${d.allowed}, engine ${allowed}`);
  const open = ['NOT_ISOLATED', 'HOST_NETWORK', 'EXTERNAL', 'RULE_ALLOWS'].includes(d.code);
  if (open !== allowed) fail(`${where}: code ${d.code} but allowed ${allowed}`);
  const matched = new Set(ev.matches.map((m) => `${m.rule.policy.id}#${m.rule.rule.index}`));
  for (const p of d.policies) {
    for (const r of p.rules) {
      const key = `${p.policy.id}#${r.index}`;
      if (r.peers.matched !== matched.has(key)) fail(`${where}: ${key} peer match ${r.peers.matched}`);
      const allows = ev.matches.some(
        (m) => `${m.rule.policy.id}#${m.rule.rule.index}` === key && connsAllow(m.ports, protocol, port),
      );
      if (r.allows !== allows) fail(`${where}: ${key} allows ${r.allows}, engine ${allows}`);
      if (r.at.source.line < 1) fail(`${where}: ${key} has no line`);
      for (const x of r.peers.peers) if (x.at.source.line < 1) fail(`${where}: peer without line`);
    }
  }
}

describe('explanations agree with the engine', () => {
  it.each(['upstream', 'cilium'] as const)('on random clusters (cni %s)', (cni) => {
    fc.assert(
      fc.property(clusterArbitrary({ maxPods: 5 }), (gen) => {
        const compiled = compileCluster(loadGenerated(gen), { cni });
        const parties: Party[] = [
          ...compiled.cluster.endpoints.map((endpoint): Party => ({ type: 'endpoint', endpoint })),
          ...EXTERNAL.map((label): Party => ({ type: 'external', address: parseIp(label)!, label })),
        ];
        for (const src of parties) {
          for (const dst of parties) {
            if (src.type === 'external' && dst.type === 'external') continue;
            const ev = evaluateConnection(compiled, src, dst);
            for (const [port, protocol] of PORTS) {
              const e = explainConnection(compiled, ev, { port, protocol });
              const where = `${e.src.id} → ${e.dst.id} ${port}/${protocol}`;
              checkDirection(e.egress, ev.egress, port, protocol, `${where} egress`);
              checkDirection(e.ingress, ev.ingress, port, protocol, `${where} ingress`);
              if (!e.self && e.allowed !== connsAllow(ev.allowed, protocol, port))
                fail(`${where}: verdict differs`);
            }
          }
        }
      }),
      { numRuns: cni === 'upstream' ? 60 : 25 },
    );
  });
});
