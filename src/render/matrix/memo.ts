import type { ConnSet } from '../../engine/port-set.js';

/**
 * Memoizes a text (or rows) per port set. A large matrix repeats a few interned port sets millions of
 * times (the engine hands out one object per distinct set), so each is formatted once.
 */
export function memoConns<T>(format: (conns: ConnSet) => T): (conns: ConnSet) => T {
  const cache = new WeakMap<ConnSet, T>();
  return (conns) => {
    let text = cache.get(conns);
    if (text === undefined) {
      text = format(conns);
      cache.set(conns, text);
    }
    return text;
  };
}

/** Memoizes a text per node id (ids repeat once per connection they take part in). */
export function memoIds<T>(format: (id: string) => T): (id: string) => T {
  const cache = new Map<string, T>();
  return (id) => {
    let text = cache.get(id);
    if (text === undefined) {
      text = format(id);
      cache.set(id, text);
    }
    return text;
  };
}

/** Characters of text per chunk the streaming renderers yield. */
export const CHUNK_CHARS = 1 << 16;
