import { describe, expect, it } from 'vitest';
import { reconcile } from '../../web/src/ui/dom.js';

/** The part of the DOM `reconcile` uses, counting the moves it makes. */
class FakeNode {
  parent: FakeNode | null = null;
  readonly children: FakeNode[] = [];
  moves = 0;
  constructor(readonly name: string) {}
  get firstChild(): FakeNode | null {
    return this.children[0] ?? null;
  }
  get nextSibling(): FakeNode | null {
    if (this.parent === null) return null;
    const siblings = this.parent.children;
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }
  insertBefore(node: FakeNode, before: FakeNode | null): void {
    node.remove();
    const at = before === null ? this.children.length : this.children.indexOf(before);
    this.children.splice(at, 0, node);
    node.parent = this;
    this.moves++;
  }
  remove(): void {
    if (this.parent === null) return;
    this.parent.children.splice(this.parent.children.indexOf(this), 1);
    this.parent = null;
  }
}

function parentWith(...names: string[]): { parent: FakeNode; nodes: Map<string, FakeNode> } {
  const parent = new FakeNode('parent');
  const nodes = new Map<string, FakeNode>();
  for (const n of names) {
    const node = new FakeNode(n);
    nodes.set(n, node);
    parent.insertBefore(node, null);
  }
  parent.moves = 0;
  return { parent, nodes };
}

const names = (p: FakeNode) => p.children.map((c) => c.name);
const run = (parent: FakeNode, children: FakeNode[]) =>
  reconcile(parent as unknown as Element, children as unknown as Node[]);

describe('reconcile', () => {
  it.each([
    { before: ['a', 'b', 'c'], after: ['a', 'b', 'c'], moves: 0 },
    { before: ['a', 'b', 'c'], after: ['a', 'x', 'b', 'c'], moves: 1 },
    { before: ['a', 'b', 'c'], after: ['a', 'c'], moves: 0 },
    { before: ['a', 'b', 'c'], after: ['c', 'b', 'a'], moves: 2 },
    { before: [], after: ['x', 'y'], moves: 2 },
    { before: ['a', 'b'], after: [], moves: 0 },
    { before: ['a', 'b', 'c'], after: ['x', 'b', 'y'], moves: 2 },
  ])('$before → $after: the children in order, $moves moved or added', ({ before, after, moves }) => {
    const { parent, nodes } = parentWith(...before);
    const wanted = after.map((n) => nodes.get(n) ?? new FakeNode(n));
    run(parent, wanted);
    expect(names(parent)).toEqual(after);
    expect(parent.moves).toBe(moves);
    // what is no longer wanted is detached
    for (const [n, node] of nodes) if (!after.includes(n)) expect(node.parent).toBeNull();
  });
});
