/**
 * Exposure with Cilium policies: world exposure through entities (`world`, `all`, `cluster`)
 * and CIDR rules, and deny rules counted as protection.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileCluster } from '../../src/engine/compile.js';
import { connsToJson } from '../../src/engine/port-set.js';
import { computeReachability } from '../../src/engine/reachability.js';
import { analyzePeers } from '../../src/exposure/peers.js';
import { analyzeExposure } from '../../src/exposure/report.js';
import { loadManifests } from '../../src/load.js';

const CLUSTER = readFileSync('examples/tutorial-cilium/cluster.yaml', 'utf8');

/** The tutorial's cluster (dev1/demo1, dev2/demo2, dev2/http-echo, default/default) with policies. */
function exposureOf(policies: string) {
  const cluster = loadManifests([
    { name: 'cluster.yaml', text: CLUSTER },
    { name: 'policies.yaml', text: policies },
  ]);
  const reach = computeReachability(compileCluster(cluster));
  return { reach, report: analyzeExposure(reach) };
}

const cnp = (namespace: string, name: string, spec: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec.replace(/^/gm, '  ')}
---
`;

const TCP443 = [{ protocol: 'TCP', ports: [[443, 443]] }];
const ALL = [{ protocol: 'TCP' }, { protocol: 'UDP' }, { protocol: 'SCTP' }];

const ingressFrom = (report: ReturnType<typeof exposureOf>['report'], id: string) =>
  report.externalIngress
    .find((e) => e.workload.id === id)
    ?.peers.map((p) => ({ cidrs: p.cidrs, conns: connsToJson(p.conns) }));
const egressTo = (report: ReturnType<typeof exposureOf>['report'], id: string) =>
  report.externalEgress
    .find((e) => e.workload.id === id)
    ?.peers.map((p) => ({ cidrs: p.cidrs, conns: connsToJson(p.conns) }));

describe('exposure through Cilium entities and CIDRs', () => {
  it.each([
    ['world', 'fromEntities: [world]', TCP443],
    ['all', 'fromEntities: [all]', TCP443],
    ['a CIDR rule', 'fromCIDR: [0.0.0.0/0]', TCP443],
  ])('ingress from %s on 443 exposes the pods to the internet on 443', (_, peer, conns) => {
    const { report } = exposureOf(
      cnp(
        'dev2',
        'in',
        `endpointSelector: {}\ningress:\n  - ${peer}\n    toPorts: [{ports: [{port: "443", protocol: TCP}]}]`,
      ),
    );
    expect(ingressFrom(report, 'dev2/demo2')).toEqual([{ cidrs: ['0.0.0.0/0'], conns }]);
    expect(report.notIsolated.find((i) => i.workload.id === 'dev2/demo2')?.ingress).toBe('isolated');
  });

  it('ingress from `cluster` (or `host`, `remote-node`) is not exposure to the internet', () => {
    const { report } = exposureOf(
      cnp('dev2', 'in', 'endpointSelector: {}\ningress:\n  - fromEntities: [cluster, host, remote-node]'),
    );
    expect(ingressFrom(report, 'dev2/demo2')).toBeUndefined();
    expect(ingressFrom(report, 'dev1/demo1')).toEqual([{ cidrs: ['0.0.0.0/0'], conns: ALL }]);
  });

  it('egress to world and to a CIDR (with except): exactly those addresses', () => {
    const { report } = exposureOf(
      cnp('dev1', 'world', 'endpointSelector: {}\negress:\n  - toEntities: [world]') +
        cnp(
          'dev2',
          'cidr',
          'endpointSelector: {}\negress:\n  - toCIDRSet: [{cidr: 8.8.8.0/24, except: [8.8.8.128/25]}]\n    toPorts: [{ports: [{port: "53", protocol: UDP}]}]',
        ),
    );
    expect(egressTo(report, 'dev1/demo1')?.flatMap((p) => p.cidrs)).toContain('0.0.0.0/0');
    expect(egressTo(report, 'dev2/demo2')).toEqual([
      { cidrs: ['8.8.8.0/25'], conns: [{ protocol: 'UDP', ports: [[53, 53]] }] },
    ]);
  });

  it('a world ingressDeny wins over an allow of everything', () => {
    const { report } = exposureOf(
      cnp(
        'dev2',
        'open',
        'endpointSelector: {}\ningress:\n  - fromEntities: [all]\ningressDeny:\n  - fromEntities: [world]',
      ),
    );
    expect(ingressFrom(report, 'dev2/demo2')).toBeUndefined();
    expect(report.allNamespaces.map((a) => a.workload.id)).toContain('dev2/demo2');
  });
});

describe('Cilium deny rules as protection', () => {
  const denyAll = (entities: string) =>
    cnp(
      'default',
      'deny',
      `endpointSelector: {}\nenableDefaultDeny: {ingress: false, egress: false}\ningressDeny:\n  - fromEntities: [${entities}]\negressDeny:\n  - toEntities: [${entities}]`,
    );

  it.each([['all'], ['world, cluster']])(
    'a deny of every peer (%s) protects a pod nothing isolates',
    (entities) => {
      const { reach, report } = exposureOf(denyAll(entities));
      const row = report.notIsolated.find((i) => i.workload.id === 'default/default');
      // protected in both directions: not listed as not isolated
      expect(row).toBeUndefined();
      expect(ingressFrom(report, 'default/default')).toBeUndefined();
      const workload = reach.compiled.cluster.workloads.find((w) => w.id === 'default/default')!;
      const peers = analyzePeers(reach, workload, { directions: ['in', 'out'], granularity: 'workload' });
      expect(peers.lists.map((l) => [l.isolation, l.policies])).toEqual([
        ['deny-all', ['cnp/default/deny']],
        ['deny-all', ['cnp/default/deny']],
      ]);
    },
  );

  it('a deny of the world only is no isolation (the pods stay open to the cluster)', () => {
    const { report } = exposureOf(denyAll('world'));
    const row = report.notIsolated.find((i) => i.workload.id === 'default/default');
    expect([row?.ingress, row?.egress]).toEqual(['not-isolated', 'not-isolated']);
    expect(ingressFrom(report, 'default/default')).toBeUndefined();
    expect(egressTo(report, 'default/default')).toBeUndefined();
  });
});
