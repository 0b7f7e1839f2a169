import { describe, expect, it } from 'vitest';
import { compileCluster } from '../../src/engine/compile.js';
import { connsToJson } from '../../src/engine/port-set.js';
import { computeReachability } from '../../src/engine/reachability.js';
import { analyzePeers } from '../../src/exposure/peers.js';
import { analyzeExposure } from '../../src/exposure/report.js';
import { loadManifests } from '../../src/load.js';
import { externalLabel } from '../../src/render/labels.js';
import { readInputFiles } from '../../src/sources/files.js';

async function load(dir: string) {
  const read = await readInputFiles([dir], { recursive: false, stdin: async () => '', cwd: process.cwd() });
  return computeReachability(compileCluster(loadManifests(read.files)));
}

function inline(yaml: string) {
  return computeReachability(compileCluster(loadManifests([{ name: 'inline.yaml', text: yaml }])));
}

const shop = await load('examples/online-shop');
const report = analyzeExposure(shop);
const ids = <T extends { workload: { id: string } }>(list: readonly T[]) => list.map((x) => x.workload.id);

describe('exposure of the online shop', () => {
  it('finds the workloads no policy isolates', () => {
    expect(report.workloads).toBe(15);
    expect(report.notIsolated.map((i) => [i.workload.id, i.ingress, i.egress])).toEqual([
      ['ingress-nginx/ingress-nginx-controller', 'isolated', 'not-isolated'],
      ['kube-system/coredns', 'not-isolated', 'not-isolated'],
      ['monitoring/node-exporter', 'host-network', 'host-network'],
      ['monitoring/prometheus', 'isolated', 'not-isolated'],
      ['tools/debug-shell', 'not-isolated', 'not-isolated'],
    ]);
  });

  it('finds what the outside may reach, on which ports, and the Services publishing it', () => {
    expect(ids(report.externalIngress)).toEqual([
      'ingress-nginx/ingress-nginx-controller',
      'kube-system/coredns',
      'monitoring/node-exporter',
      'tools/debug-shell',
    ]);
    const controller = report.externalIngress[0]!;
    expect(controller.peers.map((p) => [p.cidrs, connsToJson(p.conns)])).toEqual([
      [
        ['0.0.0.0/0'],
        [
          {
            protocol: 'TCP',
            ports: [
              [80, 80],
              [443, 443],
            ],
          },
        ],
      ],
    ]);
    expect(controller.services.map((s) => `${s.type} ${s.name}`)).toEqual([
      'LoadBalancer ingress-nginx-controller',
    ]);
    const debug = report.externalIngress[3]!;
    expect(debug.services).toEqual([
      {
        namespace: 'tools',
        name: 'debug-shell',
        type: 'NodePort',
        externalIPs: [],
        ports: [{ port: 7681, protocol: 'TCP', nodePort: 30681 }],
      },
    ]);
  });

  it('finds what may reach the outside: payments only on 443 and not to private ranges', () => {
    const payments = report.externalEgress.find((e) => e.workload.id === 'payments/payments-api')!;
    expect(payments.peers.map((p) => [externalLabel(p.cidrs), connsToJson(p.conns)])).toEqual([
      [
        '0.0.0.0/0 except 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16',
        [{ protocol: 'TCP', ports: [[443, 443]] }],
      ],
    ]);
    const report2 = report.externalEgress.find((e) => e.workload.id === 'batch/nightly-report')!;
    expect(report2.peers.map((p) => p.cidrs)).toEqual([['203.0.113.0/24']]);
  });

  it("finds what admits every other namespace, not counting the sources' egress policies", () => {
    expect(report.allNamespaces.map((a) => [a.workload.id, a.namespaces])).toEqual([
      ['kube-system/coredns', 8],
      ['monitoring/node-exporter', 8],
      ['tools/debug-shell', 8],
    ]);
  });
});

describe('who can reach a workload, whom it can reach', () => {
  const workload = (id: string) => shop.compiled.cluster.workloads.find((w) => w.id === id)!;

  it('lists sources and destinations with ports and the isolating policies', () => {
    const r = analyzePeers(shop, workload('payments/payments-api'), { directions: ['in', 'out'] });
    const [inbound, outbound] = r.lists;
    expect(inbound!.peers.map((p) => [p.id, connsToJson(p.conns)])).toEqual([
      ['monitoring/prometheus', [{ protocol: 'TCP', ports: [[9090, 9090]] }]],
      ['shop/checkout', [{ protocol: 'TCP', ports: [[8443, 8443]] }]],
    ]);
    expect(inbound!.policies).toEqual([
      'payments/default-deny',
      'payments/allow-metrics-scrape',
      'payments/payments-api-from-checkout',
    ]);
    // outside addresses that may use the same ports are one peer
    expect(outbound!.peers.map((p) => p.kind)).toEqual([
      'StatefulSet',
      'Deployment',
      'Deployment',
      'External',
    ]);
  });

  it('groups peers per namespace', () => {
    const r = analyzePeers(shop, workload('monitoring/prometheus'), {
      directions: ['out'],
      granularity: 'namespace',
      external: false,
    });
    expect(r.lists[0]!.peers.map((p) => p.id)).toEqual([
      'data',
      'frontend',
      'ingress-nginx',
      'kube-system',
      'monitoring',
      'payments',
      'shop',
      'tools',
    ]);
  });
});

describe('isolation states', () => {
  const NS = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n';
  const pod = (name: string, labels: string, extra = '') =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: a, labels: {${labels}}}\nspec: {${extra}containers: [{name: c, image: x}]}\n---\n`;

  it('partial when only some pods of a workload are selected', () => {
    const yaml = `${NS}apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs, namespace: a}
spec: {template: {metadata: {labels: {app: x}}}}
---
${pod('p1', 'app: x, canary: "yes"').replace('name: p1, namespace: a,', 'name: p1, namespace: a, ownerReferences: [{apiVersion: apps/v1, uid: u1, kind: ReplicaSet, name: rs, controller: true}],')}${pod('p2', 'app: x').replace('name: p2, namespace: a,', 'name: p2, namespace: a, ownerReferences: [{apiVersion: apps/v1, uid: u1, kind: ReplicaSet, name: rs, controller: true}],')}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: canary, namespace: a}
spec: {podSelector: {matchLabels: {canary: "yes"}}, policyTypes: [Ingress]}
`;
    const r = analyzeExposure(inline(yaml));
    const states = r.notIsolated.map((i) => [i.workload.id, i.ingress, i.egress]);
    expect(states).toContainEqual([expect.stringContaining('a/'), 'partial', 'not-isolated']);
  });

  it('nothing to report when everything is isolated and closed', () => {
    const yaml = `${NS}${pod('p', 'app: x')}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: a}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
`;
    const r = analyzeExposure(inline(yaml));
    expect(r).toEqual({
      workloads: 1,
      notIsolated: [],
      externalIngress: [],
      externalEgress: [],
      allNamespaces: [],
    });
  });
});
