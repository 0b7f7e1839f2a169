import { describe, expect, it } from 'vitest';
import { ALL_CONNS, connsOf } from '../../src/engine/port-set.js';
import { compareEdges, countChanges } from '../../web/src/diff/changes.js';

const tcp = (lo: number, hi = lo) => connsOf('TCP', [lo, hi]);

describe('compareEdges', () => {
  it('reports added, removed and changed pairs and nothing for equal ones', () => {
    const before = [
      { src: 'a', dst: 'b', conns: tcp(80) },
      { src: 'a', dst: 'c', conns: ALL_CONNS },
      { src: 'b', dst: 'c', conns: tcp(443) },
    ];
    const after = [
      { src: 'a', dst: 'b', conns: tcp(80) },
      { src: 'b', dst: 'c', conns: tcp(8080) },
      { src: 'c', dst: 'a', conns: tcp(53) },
    ];
    const changes = compareEdges(before, after);
    expect(changes.map((c) => [c.type, c.src, c.dst])).toEqual([
      ['changed', 'b', 'c'],
      ['added', 'c', 'a'],
      ['removed', 'a', 'c'],
    ]);
    expect(changes[0]).toMatchObject({ before: tcp(443), after: tcp(8080) });
    expect(countChanges(changes)).toEqual({ added: 1, removed: 1, changed: 1 });
  });

  it('finds nothing between identical lists', () => {
    const edges = [{ src: 'a', dst: 'b', conns: tcp(1, 100) }];
    expect(compareEdges(edges, [{ src: 'a', dst: 'b', conns: tcp(1, 100) }])).toEqual([]);
  });
});
