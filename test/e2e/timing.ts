import type { Page } from 'playwright-core';

/** Starts recording the page's long main-thread tasks (over 50 ms) from its first script on. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The longest main-thread task recorded so far, in milliseconds (0 when none was over 50 ms). */
export async function longestTask(page: Page): Promise<number> {
  return page.evaluate(() => {
    const tasks = (window as unknown as { __longTasks?: number[] }).__longTasks ?? [];
    let max = 0;
    for (const t of tasks) max = Math.max(max, t);
    return max;
  });
}
