import { EVENT_ID, type Event } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseYamlEvents, skipNode } from '../../src/sources/yaml-events.js';

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
