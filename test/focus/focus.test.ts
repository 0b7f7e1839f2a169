import { describe, expect, it } from 'vitest';
import { compileCluster } from '../../src/engine/compile.js';
import { buildMatrix, type Granularity } from '../../src/engine/matrix.js';
import { computeReachability } from '../../src/engine/reachability.js';
import { type Focus, focusMatrix } from '../../src/focus/focus.js';
import { globToRegExp, parseEndpointPattern } from '../../src/focus/pattern.js';
import { loadManifests } from '../../src/load.js';
import { readInputFiles } from '../../src/sources/files.js';

const shop = await (async () => {
  const read = await readInputFiles(['examples/online-shop'], {
    recursive: false,
    stdin: async () => '',
    cwd: process.cwd(),
  });
  return loadManifests(read.files);
})();
const reach = computeReachability(compileCluster(shop));
const context = { services: shop.services, workloads: new Map(shop.workloads.map((w) => [w.id, w])) };

function focus(
  patterns: { from?: string[]; to?: string[] },
  rest: Omit<Focus, 'from' | 'to'> = {},
  granularity: Granularity = 'workload',
) {
  const parse = (list: string[] = []) =>
    list.map((t) => {
      const r = parseEndpointPattern(t);
      if (!r.ok) throw new Error(r.message);
      return r.pattern;
    });
  const matrix = buildMatrix(reach, { granularity });
  return focusMatrix(matrix, { from: parse(patterns.from), to: parse(patterns.to), ...rest }, context);
}

describe('endpoint patterns', () => {
  it.each([
    ['shop', 'name'],
    ['shop/*', 'name'],
    ['shop/cart', 'name'],
    ['shop/deploy/cart', 'name'],
    ['*/redis', 'name'],
    ['external', 'external'],
    ['10.1.2.3', 'ips'],
    ['203.0.113.0/24', 'ips'],
    ['2001:db8::/32', 'ips'],
  ])('%s parses as %s', (text, type) => {
    const r = parseEndpointPattern(text);
    expect(r.ok && r.pattern.type).toBe(type);
  });

  it.each(['', 'a/b/c/d', 'shop/', '/x', 'shop/bogus/x'])('%j is a usage error with a hint', (text) => {
    const r = parseEndpointPattern(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.hint).toBeTruthy();
  });

  it.each([
    ['web-*', 'web-1', true],
    ['web-*', 'api-1', false],
    ['db-?', 'db-1', true],
    ['db-?', 'db-10', false],
    ['a.b', 'axb', false],
  ])('glob %s on %s: %s', (glob, text, hit) => {
    expect(globToRegExp(glob).test(text)).toBe(hit);
  });
});

describe('focus filters', () => {
  const pairs = (v: ReturnType<typeof focus>) => v.matrix.connections.map((c) => `${c.src} -> ${c.dst}`);

  it('--to NS/* keeps connections into the namespace', () => {
    const v = focus({ to: ['payments/*'] });
    expect(pairs(v)).toEqual([
      'monitoring/prometheus -> payments/fraud-check',
      'monitoring/prometheus -> payments/payments-api',
      'payments/payments-api -> payments/fraud-check',
      'shop/checkout -> payments/payments-api',
    ]);
    expect(v.destinations).toEqual(['payments/fraud-check', 'payments/payments-api']);
    expect(v.filtered).toBe(true);
    expect(v.totalConnections).toBe(80);
  });

  it('a bare namespace is the same as NS/*', () => {
    expect(pairs(focus({ to: ['payments'] }))).toEqual(pairs(focus({ to: ['payments/*'] })));
  });

  it('--from and --to together, with globs and kinds', () => {
    expect(pairs(focus({ from: ['shop/deploy/c*'], to: ['data/sts/*'] }))).toEqual([
      'shop/cart -> data/redis',
      'shop/catalog -> data/postgres',
      'shop/checkout -> data/kafka',
    ]);
  });

  it('NS/svc/NAME stands for the pods the Service selects', () => {
    expect(pairs(focus({ from: ['shop/*'], to: ['kube-system/svc/kube-dns'] }))).toEqual([
      'shop/cart -> kube-system/coredns',
      'shop/catalog -> kube-system/coredns',
      'shop/checkout -> kube-system/coredns',
    ]);
  });

  it('external and addresses pick outside nodes', () => {
    expect(pairs(focus({ from: ['payments/*'], to: ['external'] }))).toEqual([
      'payments/payments-api -> 0.0.0.0/5,8.0.0.0/7,11.0.0.0/8,12.0.0.0/6,16.0.0.0/4,32.0.0.0/3,64.0.0.0/2,128.0.0.0/3,160.0.0.0/5,168.0.0.0/6,172.0.0.0/12,172.32.0.0/11,172.64.0.0/10,172.128.0.0/9,173.0.0.0/8,174.0.0.0/7,176.0.0.0/4,192.0.0.0/9,192.128.0.0/11,192.160.0.0/13,192.169.0.0/16,192.170.0.0/15,192.172.0.0/14,192.176.0.0/12,192.192.0.0/10,193.0.0.0/8,194.0.0.0/7,196.0.0.0/6,200.0.0.0/7,202.0.0.0/8,203.0.0.0/18,203.0.64.0/19,203.0.96.0/20,203.0.112.0/24,203.0.114.0/23,203.0.116.0/22,203.0.120.0/21,203.0.128.0/17,203.1.0.0/16,203.2.0.0/15,203.4.0.0/14,203.8.0.0/13,203.16.0.0/12,203.32.0.0/11,203.64.0.0/10,203.128.0.0/9,204.0.0.0/6,208.0.0.0/4,224.0.0.0/3',
      'payments/payments-api -> 203.0.113.0/24',
    ]);
    expect(pairs(focus({ from: ['batch'], to: ['203.0.113.7'] }))).toEqual([
      'batch/nightly-report -> 203.0.113.0/24',
    ]);
    expect(pairs(focus({ from: ['batch'], to: ['10.0.0.0/8'] }))).toEqual([]);
  });

  it('--port narrows the ports shown; a named port resolves per destination', () => {
    const dns = focus({ from: ['frontend/web'] }, { port: { type: 'range', lo: 53, hi: 53 } });
    expect(dns.matrix.connections.map((c) => [c.dst, c.conns.TCP, c.conns.UDP])).toEqual([
      ['kube-system/coredns', [53, 53], [53, 53]],
    ]);
    const metrics = focus(
      { from: ['monitoring/prometheus'], to: ['data'] },
      { port: { type: 'name', name: 'metrics' } },
    );
    expect(metrics.matrix.connections.map((c) => [c.dst, c.conns.TCP])).toEqual([
      ['data/kafka', [9308, 9308]],
      ['data/postgres', [9187, 9187]],
      ['data/redis', [9121, 9121]],
    ]);
  });

  it('--protocol keeps one protocol', () => {
    const v = focus({ from: ['shop/cart'] }, { protocol: 'UDP' });
    expect(v.matrix.connections.map((c) => [c.dst, c.conns])).toEqual([
      ['kube-system/coredns', { TCP: [], UDP: [53, 53], SCTP: [] }],
    ]);
  });

  it('--namespace keeps connections with an end in the namespace, and their nodes', () => {
    const v = focus({}, { namespace: 'batch' });
    expect(pairs(v)).toEqual([
      'batch/nightly-report -> data/postgres',
      'batch/nightly-report -> kube-system/coredns',
      'batch/nightly-report -> 203.0.113.0/24',
    ]);
    expect(v.matrix.nodes.map((n) => n.id)).toEqual([
      'batch/nightly-report',
      'data/postgres',
      'kube-system/coredns',
      '203.0.113.0/24',
    ]);
  });

  it('namespace granularity matches namespaces by name', () => {
    const v = focus({ from: ['shop'], to: ['data/*'] }, {}, 'namespace');
    expect(pairs(v)).toEqual(['shop -> data']);
  });

  it('at pod granularity a pod answers to its workload name', () => {
    expect(pairs(focus({ from: ['shop/checkout'], to: ['payments/payments-api'] }, {}, 'pod'))).toEqual([
      'shop/checkout -> payments/payments-api',
    ]);
  });

  it('reports patterns that match nothing', () => {
    expect(focus({ from: ['nope/*', 'shop'] }).unmatched).toEqual(['nope/*']);
  });

  it('counts the pairs a view covers', () => {
    expect(focus({}).pairs).toBe(300);
    expect(focus({ from: ['shop'], to: ['data'] }).pairs).toBe(9);
  });
});
