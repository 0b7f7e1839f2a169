/**
 * Work on the page split into slices, so the main thread never stalls: each slice runs for at
 * most `budgetMs`, then yields to the browser (input, painting) before the next.
 */

/** How long one slice of page work may run, in milliseconds. */
export const SLICE_MS = 12;

/** A macrotask boundary that lets the browser paint and handle input (faster than setTimeout). */
export function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** Resolves once the browser has painted what the page holds now (the next frame, then a task). */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => void yieldToBrowser().then(resolve)));
}

/**
 * Calls `each` for every item, yielding between slices of `budgetMs`. Stops early, resolving
 * `false`, when `cancelled()` turns true (a newer render started).
 */
export async function forEachSliced<T>(
  items: readonly T[],
  each: (item: T, index: number) => void,
  cancelled: () => boolean = () => false,
  budgetMs = SLICE_MS,
): Promise<boolean> {
  let start = performance.now();
  for (let i = 0; i < items.length; i++) {
    each(items[i]!, i);
    if ((i & 15) === 15 && performance.now() - start > budgetMs) {
      await yieldToBrowser();
      if (cancelled()) return false;
      start = performance.now();
    }
  }
  return !cancelled();
}

/** Appends many children without spreading them into one call (which overflows the stack). */
export function appendAll(parent: Node, children: Iterable<Node>): void {
  for (const c of children) parent.appendChild(c);
}
