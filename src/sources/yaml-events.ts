import { EVENT_ID, type Event, getScalarValue, parseEvents } from 'js-yaml';
import type { PathSegment } from '../model/source.js';

/** Nesting deeper than this is refused by the parser (manifests nest about 10 levels). */
export const MAX_DEPTH = 64;

/** Parses YAML text into js-yaml's flat event stream (offsets into `text`). Throws YAMLException. */
export function parseYamlEvents(text: string): Event[] {
  return parseEvents(text, { maxDepth: MAX_DEPTH });
}

/** Index just past each collection node, per event stream, computed in one pass on first use. */
const NODE_ENDS = new WeakMap<readonly Event[], Int32Array>();

function nodeEnds(events: readonly Event[]): Int32Array {
  let ends = NODE_ENDS.get(events);
  if (ends !== undefined) return ends;
  ends = new Int32Array(events.length).fill(events.length);
  const open: number[] = [];
  for (let k = 0; k < events.length; k++) {
    const t = events[k]!.type;
    if (t === EVENT_ID.MAPPING || t === EVENT_ID.SEQUENCE) open.push(k);
    else if (t === EVENT_ID.POP && open.length > 0) ends[open.pop()!] = k + 1;
  }
  NODE_ENDS.set(events, ends);
  return ends;
}

/**
 * Index just past the node that starts at `i`. Constant time after one pass over the stream:
 * walking a 10,000-item `List` item by item would otherwise cost a pass per item.
 */
export function skipNode(events: readonly Event[], i: number): number {
  const e = events[i];
  if (e === undefined) return i;
  if (e.type !== EVENT_ID.MAPPING && e.type !== EVENT_ID.SEQUENCE) return i + 1;
  return nodeEnds(events)[i]!;
}

/** Start offset of the node at `i` (for a key/value pair, the node itself, not its key). */
export function nodeStart(events: readonly Event[], i: number): number {
  const e = events[i];
  if (e === undefined) return -1;
  switch (e.type) {
    case EVENT_ID.MAPPING:
    case EVENT_ID.SEQUENCE:
      return e.start;
    case EVENT_ID.SCALAR:
      return e.valueStart;
    case EVENT_ID.ALIAS:
      return e.anchorStart - 1;
    default:
      return -1;
  }
}

/** Indices of the root node of every document in the stream (-1 for an empty document). */
export function documentRoots(events: readonly Event[]): number[] {
  const roots: number[] = [];
  let i = 0;
  while (i < events.length) {
    if (events[i]!.type !== EVENT_ID.DOCUMENT) {
      i++;
      continue;
    }
    const next = events[i + 1];
    if (next === undefined || next.type === EVENT_ID.POP) {
      roots.push(-1);
      i += 2;
    } else {
      roots.push(i + 1);
      i = skipNode(events, i + 1) + 1;
    }
  }
  return roots;
}

/** Item node indexes of each sequence, per event stream, found on first use. */
const SEQUENCE_ITEMS = new WeakMap<readonly Event[], Map<number, Int32Array>>();

/** The event indexes of the items of the sequence at `node` (cached: Lists are walked often). */
export function sequenceItems(events: readonly Event[], node: number): Int32Array {
  let bySequence = SEQUENCE_ITEMS.get(events);
  if (bySequence === undefined) {
    bySequence = new Map();
    SEQUENCE_ITEMS.set(events, bySequence);
  }
  let items = bySequence.get(node);
  if (items === undefined) {
    const list: number[] = [];
    let child = node + 1;
    while (child < events.length && events[child]!.type !== EVENT_ID.POP) {
      list.push(child);
      child = skipNode(events, child);
    }
    items = Int32Array.from(list);
    bySequence.set(node, items);
  }
  return items;
}

/**
 * Follows `path` from the node at `root`. Returns the offset of the deepest node reached and how
 * many segments were matched. For a mapping key, the offset is the key's (where editors put
 * the cursor for a field).
 */
export function locatePath(
  text: string,
  events: readonly Event[],
  root: number,
  path: readonly PathSegment[],
): { offset: number; matched: number } {
  let node = root;
  let offset = nodeStart(events, root);
  for (let depth = 0; depth < path.length; depth++) {
    const seg = path[depth]!;
    const e = events[node];
    if (e === undefined) return { offset, matched: depth };
    if (e.type === EVENT_ID.SEQUENCE && typeof seg === 'number') {
      const child = sequenceItems(events, node)[seg];
      if (child === undefined) return { offset, matched: depth };
      node = child;
      offset = nodeStart(events, child);
    } else if (e.type === EVENT_ID.MAPPING && typeof seg === 'string') {
      let k = node + 1;
      let found = -1;
      while (k < events.length && events[k]!.type !== EVENT_ID.POP) {
        const key = events[k]!;
        const valueIndex = skipNode(events, k);
        if (key.type === EVENT_ID.SCALAR && getScalarValue(text, key) === seg) {
          found = valueIndex;
          offset = key.valueStart;
          break;
        }
        k = skipNode(events, valueIndex);
      }
      if (found < 0) return { offset, matched: depth };
      node = found;
    } else {
      return { offset, matched: depth };
    }
  }
  return { offset, matched: path.length };
}

/** For a root mapping with an `items` sequence, the index of each item's node. */
export function listItemNodes(text: string, events: readonly Event[], root: number): number[] {
  const e = events[root];
  if (e?.type !== EVENT_ID.MAPPING) return [];
  let k = root + 1;
  while (k < events.length && events[k]!.type !== EVENT_ID.POP) {
    const key = events[k]!;
    const valueIndex = skipNode(events, k);
    if (key.type === EVENT_ID.SCALAR && getScalarValue(text, key) === 'items') {
      const seq = events[valueIndex];
      if (seq?.type !== EVENT_ID.SEQUENCE) return [];
      const items: number[] = [];
      let c = valueIndex + 1;
      while (c < events.length && events[c]!.type !== EVENT_ID.POP) {
        items.push(c);
        c = skipNode(events, c);
      }
      return items;
    }
    k = skipNode(events, valueIndex);
  }
  return [];
}
