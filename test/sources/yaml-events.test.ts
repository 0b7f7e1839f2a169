import { EVENT_ID, type Event } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { documentRoots, locatePath, parseYamlEvents, skipNode } from '../../src/sources/yaml-events.js';

/** The definition: walk forward counting nested collections. */
function naiveSkip(events: readonly Event[], i: number): number {
  const e = events[i];
  if (e === undefined) return i;
  if (e.type !== EVENT_ID.MAPPING && e.type !== EVENT_ID.SEQUENCE) return i + 1;
  let depth = 0;
  for (let k = i; k < events.length; k++) {
    const t = events[k]!.type;
    if (t === EVENT_ID.MAPPING || t === EVENT_ID.SEQUENCE) depth++;
    else if (t === EVENT_ID.POP && --depth === 0) return k + 1;
  }
  return events.length;
}

describe('skipNode', () => {
  it.each([
    ['nested mappings and sequences', 'a: {b: [1, {c: 2}], d: []}\ne: [[], [[]]]\n'],
    ['several documents', 'a: 1\n---\n- x\n- {y: [z]}\n---\n---\nb: {}\n'],
    ['a List with items', JSON.stringify({ kind: 'List', items: [{ a: [1, 2] }, { b: { c: [] } }, {}] })],
    ['anchors and aliases', 'a: &x {b: [1]}\nc: *x\nd: [*x, *x]\n'],
  ])('agrees with a forward walk on %s', (_name, text) => {
    const events = parseYamlEvents(text);
    for (let i = 0; i <= events.length; i++)
      expect(skipNode(events, i), `event ${i}`).toBe(naiveSkip(events, i));
  });
});

describe('locatePath in sequences', () => {
  it('finds every item of a long List, and nothing past its end', () => {
    const items = Array.from({ length: 300 }, (_, i) => ({ kind: 'Pod', metadata: { name: `p${i}` } }));
    const text = JSON.stringify({ kind: 'List', items }, null, 1);
    const events = parseYamlEvents(text);
    const root = documentRoots(events)[0]!;
    for (const i of [0, 1, 150, 299, 150, 0]) {
      const { offset, matched } = locatePath(text, events, root, ['items', i, 'metadata', 'name']);
      expect(matched).toBe(4);
      const line = text.slice(text.lastIndexOf('\n', offset) + 1).split('\n')[0];
      expect(line).toContain(`"name": "p${i}"`);
    }
    expect(locatePath(text, events, root, ['items', 300, 'kind']).matched).toBe(1);
  });
});
