import type { Page } from 'playwright-core';

/** Starts recording the page's long main-thread tasks (over 50 ms) from its first script on. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[]; __longTaskStarts: number[] };
    w.__longTasks = [];
    w.__longTaskStarts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.__longTasks.push(e.duration);
        w.__longTaskStarts.push(e.startTime);
      }
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

/** The longest main-thread task (over 50 ms) that started at or after `since` (page clock), or 0. */
export async function longestTaskSince(page: Page, since: number): Promise<number> {
  return page.evaluate((from) => {
    const w = window as unknown as { __longTasks?: number[]; __longTaskStarts?: number[] };
    let max = 0;
    (w.__longTasks ?? []).forEach((d, i) => {
      if ((w.__longTaskStarts?.[i] ?? -1) >= from) max = Math.max(max, d);
    });
    return max;
  }, since);
}

/** The long main-thread tasks (over 50 ms) that started at or after `since`: start (ms after it) and duration. */
export async function longTasksSince(
  page: Page,
  since: number,
): Promise<{ start: number; duration: number }[]> {
  return page.evaluate((from) => {
    const w = window as unknown as { __longTasks?: number[]; __longTaskStarts?: number[] };
    const out: { start: number; duration: number }[] = [];
    (w.__longTasks ?? []).forEach((d, i) => {
      const start = w.__longTaskStarts?.[i] ?? -1;
      if (start >= from) out.push({ start: start - from, duration: d });
    });
    return out;
  }, since);
}

/** Long tasks as one report line: `112 ms at +40, 64 ms at +310`. */
export function describeTasks(tasks: readonly { start: number; duration: number }[]): string {
  return tasks.length === 0
    ? 'none'
    : tasks.map((t) => `${t.duration.toFixed(0)} ms at +${t.start.toFixed(0)}`).join(', ');
}

/** One step of an analysis as the page measured it (`kubereach:*` User Timing measures). */
export interface StudioMeasure {
  readonly name: string;
  readonly start: number;
  readonly duration: number;
  readonly detail: Readonly<Record<string, number>> | null;
}

/** The page's `kubereach:*` measures, oldest first. */
export async function studioMeasures(page: Page): Promise<StudioMeasure[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('measure')
      .filter((e) => e.name.startsWith('kubereach:'))
      .map((e) => ({
        name: e.name.slice('kubereach:'.length),
        start: e.startTime,
        duration: e.duration,
        detail: ((e as PerformanceMeasure).detail as Record<string, number> | null) ?? null,
      })),
  );
}

/** A measure and its stages as one report line: `analyze 812 ms (parse 300, reach 120, …)`. */
export function describeMeasure(m: StudioMeasure): string {
  const stages = Object.entries(m.detail ?? {})
    .filter(([, ms]) => ms >= 1)
    .sort((a, b) => b[1] - a[1])
    .map(([stage, ms]) => `${stage} ${ms.toFixed(0)}`);
  return `${m.name} ${m.duration.toFixed(0)} ms${stages.length === 0 ? '' : ` (${stages.join(', ')})`}`;
}
