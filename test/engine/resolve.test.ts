import { describe, expect, it } from 'vitest';
import {
  ALL_CONNS,
  type ConnSet,
  connsOf,
  connsToJson,
  EMPTY_CONNS,
  unionConns,
} from '../../src/engine/port-set.js';
import { type Decision, type RuleHit, resolveTiers } from '../../src/engine/resolve.js';
import type { CompiledRule, Tier } from '../../src/engine/rules.js';
import type { RuleAction } from '../../src/model/types.js';

/**
 * The tier resolver on its own (design.md, "One rule model, three tiers, every dialect"):
 * first match per port in the admin and baseline tiers, pass to the next tier, isolation and
 * union in the namespace tier (deny beats allow), default allow.
 */

const tcp = (lo: number, hi = lo) => connsOf('TCP', [lo, hi]);
let nextId = 0;
const hit = (tier: Tier, action: RuleAction, ports: ConnSet = ALL_CONNS): RuleHit => {
  const id = nextId++;
  const rule = { id, tier, action, order: id, priority: 0 } as unknown as CompiledRule;
  return { rule, peerIndex: null, ports };
};
const json = (c: ConnSet) => connsToJson(c);
const tiers = (admin: RuleHit[], isolated: boolean, namespace: RuleHit[], baseline: RuleHit[]) => ({
  admin,
  isolated,
  namespace,
  baseline,
});

describe('resolveTiers', () => {
  it('nothing applies: everything is allowed (Kubernetes default), one default decision', () => {
    const record: Decision[] = [];
    expect(resolveTiers(tiers([], false, [], []), record)).toEqual(ALL_CONNS);
    expect(record.map((d) => [d.tier, d.action, d.cause])).toEqual([['default', 'allow', 'default']]);
  });

  it('isolated with no rule: everything denied by isolation', () => {
    const record: Decision[] = [];
    expect(resolveTiers(tiers([], true, [], []), record)).toEqual(EMPTY_CONNS);
    expect(record.map((d) => [d.tier, d.action, d.cause])).toEqual([['namespace', 'deny', 'isolated']]);
  });

  it('namespace tier: the union of its allow rules, the rest denied', () => {
    const allowed = resolveTiers(
      tiers([], true, [hit('namespace', 'allow', tcp(80)), hit('namespace', 'allow', tcp(443))], []),
    );
    expect(json(allowed)).toEqual([
      {
        protocol: 'TCP',
        ports: [
          [80, 80],
          [443, 443],
        ],
      },
    ]);
  });

  it('admin allow and deny are final, whatever the lower tiers say', () => {
    expect(
      json(resolveTiers(tiers([hit('admin', 'deny', tcp(80))], true, [hit('namespace', 'allow')], []))),
    ).toEqual([
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
    expect(
      json(resolveTiers(tiers([hit('admin', 'allow', tcp(80))], true, [], [hit('baseline', 'deny')]))),
    ).toEqual([{ protocol: 'TCP', ports: [[80, 80]] }]);
  });

  it('admin: the first rule holding a port decides it (rule order is observable)', () => {
    const allowFirst = resolveTiers(
      tiers([hit('admin', 'allow', tcp(80)), hit('admin', 'deny', tcp(1, 1000))], false, [], []),
    );
    const denyFirst = resolveTiers(
      tiers([hit('admin', 'deny', tcp(1, 1000)), hit('admin', 'allow', tcp(80))], false, [], []),
    );
    expect(allowFirst.TCP).toEqual([80, 80, 1001, 65535]);
    expect(denyFirst.TCP).toEqual([1001, 65535]);
  });

  it('pass skips the rest of the admin tier: a later admin deny no longer applies, the namespace tier decides', () => {
    const record: Decision[] = [];
    const allowed = resolveTiers(
      tiers(
        [hit('admin', 'pass', tcp(80)), hit('admin', 'deny', tcp(80))],
        true,
        [hit('namespace', 'allow', tcp(80))],
        [],
      ),
      record,
    );
    expect(allowed).toEqual(tcp(80));
    // the later deny holds only port 80, which the pass took: it decides nothing
    expect(record.map((d) => [d.tier, d.action])).toEqual([
      ['admin', 'pass'],
      ['namespace', 'allow'],
      ['namespace', 'deny'],
    ]);
  });

  it('pass with no namespace isolation goes on to the baseline tier', () => {
    const allowed = resolveTiers(
      tiers([hit('admin', 'pass', tcp(80))], false, [], [hit('baseline', 'deny', tcp(80))]),
    );
    expect(allowed.TCP).toEqual([1, 79, 81, 65535]);
  });

  it('the baseline tier decides only what no namespace-tier isolation decided', () => {
    const isolated = resolveTiers(
      tiers([], true, [hit('namespace', 'allow', tcp(80))], [hit('baseline', 'allow')]),
    );
    expect(isolated).toEqual(tcp(80));
    const open = resolveTiers(tiers([], false, [], [hit('baseline', 'deny', tcp(22))]));
    expect(open.TCP).toEqual([1, 21, 23, 65535]);
  });

  it('baseline pass skips to the default allow', () => {
    const allowed = resolveTiers(
      tiers([], false, [], [hit('baseline', 'pass', tcp(80)), hit('baseline', 'deny')]),
    );
    expect(allowed).toEqual(tcp(80));
  });

  it('namespace-tier deny beats allow (Cilium), and applies without isolation too', () => {
    const isolated = resolveTiers(
      tiers([], true, [hit('namespace', 'allow', tcp(1, 100)), hit('namespace', 'deny', tcp(50))], []),
    );
    expect(isolated.TCP).toEqual([1, 49, 51, 100]);
    const open = resolveTiers(tiers([], false, [hit('namespace', 'deny', tcp(50))], []));
    expect(open.TCP).toEqual([1, 49, 51, 65535]);
  });

  it('every port is decided exactly once: decisions that are not pass partition all ports', () => {
    const record: Decision[] = [];
    resolveTiers(
      tiers(
        [
          hit('admin', 'pass', tcp(1, 10)),
          hit('admin', 'allow', tcp(5, 20)),
          hit('admin', 'deny', tcp(15, 30)),
        ],
        true,
        [hit('namespace', 'allow', tcp(1, 40))],
        [hit('baseline', 'allow')],
      ),
      record,
    );
    let union = EMPTY_CONNS;
    let total = 0;
    for (const d of record.filter((x) => x.action !== 'pass')) {
      union = unionConns(union, d.conns);
      total += d.conns.TCP.length / 2;
    }
    expect(union).toEqual(ALL_CONNS);
    expect(total).toBeGreaterThan(0);
    // 1–10 passed then allowed by the namespace tier; 11–20 admin allow; 21–30 admin deny; 31–40 namespace allow
    const allowed = record
      .filter((d) => d.action === 'allow')
      .reduce((a, d) => unionConns(a, d.conns), EMPTY_CONNS);
    expect(allowed.TCP).toEqual([1, 20, 31, 40]);
  });
});
