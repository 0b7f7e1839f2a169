import type { ConnSet } from '../../engine/port-set.js';

interface Cache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

function memo<K, V>(cache: Cache<K, V>, format: (key: K) => V): (key: K) => V {
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = format(key);
      cache.set(key, value);
    }
    return value;
  };
}

/**
 * Memoizes a text (or rows) per port set. A large matrix repeats a few interned port sets
 * millions of times (the engine hands out one object per distinct set), so each is formatted once.
 */
export function memoConns<T>(format: (conns: ConnSet) => T): (conns: ConnSet) => T {
  return memo(new WeakMap<ConnSet, T>(), format);
}

/** Memoizes a text per node id (ids repeat once per connection they take part in). */
export function memoIds<T>(format: (id: string) => T): (id: string) => T {
  return memo(new Map<string, T>(), format);
}

/** Characters of text per chunk the streaming renderers yield. */
export const CHUNK_CHARS = 1 << 16;
