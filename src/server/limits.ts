/**
 * Bounds on the work requests can make the studio server do: one snapshot built at a time, its
 * answer shared by every request that waits for it, and a fixed number of request bodies held in
 * memory at once.
 */

/**
 * Coalesces builds: at most one runs at a time. A request arriving while one runs waits for the
 * next build (the running one may have read the files before the request was made), and every
 * request waiting for that next build shares it. So any burst of requests costs at most two builds
 * and two answers in memory, and nothing is kept once they are sent.
 */
export function coalesce<T>(build: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  let next: Promise<T> | undefined;
  const start = (): Promise<T> => {
    running = build().finally(() => {
      running = undefined;
    });
    return running;
  };
  return () => {
    if (running === undefined) return start();
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return running ?? start();
      });
    return next;
  };
}

/** A fixed number of slots; `take` returns a release function, or undefined when all are taken. */
export function createSlots(count: number): { take(): (() => void) | undefined; readonly used: number } {
  let used = 0;
  return {
    take() {
      if (used >= count) return undefined;
      used++;
      let released = false;
      return () => {
        if (!released) used--;
        released = true;
      };
    },
    get used() {
      return used;
    },
  };
}
