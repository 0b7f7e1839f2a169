/**
 * CodeMirror parses a document in the background in slices. Where the browser can say whether
 * input is waiting (`navigator.scheduling.isInputPending`, Chromium), a slice runs until input
 * is pending or 100 ms have passed; elsewhere it ends with the idle period (at most 50 ms). A
 * slice of 100 ms delays everything else the page has to do meanwhile (painting, a graph redrawn
 * after an edit). Bounding what the question answers bounds the slices: once a task has asked
 * for `budgetMs`, input counts as pending and the parser yields; it resumes in a later task.
 */

/** The part of `navigator.scheduling` (Chromium) that CodeMirror's parser asks. */
export interface InputPending {
  isInputPending(options?: unknown): boolean;
}

/** How long one slice of background parsing may run, in milliseconds. */
export const PARSE_SLICE_MS = 25;

/**
 * Makes `scheduling.isInputPending` also answer `true` once `budgetMs` have passed since it was
 * first asked in the current task. `clock` reads the time; `atTaskEnd` runs a callback when the
 * current task's script is done (a microtask does). Returns what undoes it.
 */
export function boundInputPending(
  scheduling: InputPending,
  budgetMs = PARSE_SLICE_MS,
  clock: () => number = () => performance.now(),
  atTaskEnd: (f: () => void) => void = queueMicrotask,
): () => void {
  const asked = scheduling.isInputPending;
  let since: number | undefined;
  scheduling.isInputPending = (options?: unknown) => {
    const now = clock();
    if (since === undefined) {
      since = now;
      atTaskEnd(() => {
        since = undefined;
      });
    }
    return asked.call(scheduling, options) || now - since >= budgetMs;
  };
  return () => {
    scheduling.isInputPending = asked;
  };
}

/** Bounds CodeMirror's background parse slices on this page, once (where the browser asks). */
export function boundParseSlices(): void {
  const scheduling = (navigator as { scheduling?: Partial<InputPending> & { bounded?: boolean } }).scheduling;
  if (scheduling?.isInputPending === undefined || scheduling.bounded === true) return;
  boundInputPending(scheduling as InputPending);
  scheduling.bounded = true;
}
