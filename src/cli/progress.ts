import type { CliIo } from './io.js';

/** A progress line on stderr for long runs. */
export interface Progress {
  /** Names the stage now running (`computing reachability of 10,000 pods…`). */
  stage(text: string): void;
  /** Clears the line; call before writing the result. Safe to call more than once. */
  done(): void;
}

/** Runs shorter than this never show a progress line. */
export const PROGRESS_DELAY_MS = 1000;

const NONE: Progress = { stage: () => {}, done: () => {} };

/**
 * A progress reporter that writes only when stderr is a terminal, never when quiet, and only
 * once the run has taken longer than `delayMs`. Stages are synchronous CPU work, so the line is
 * updated when a stage starts (and by a timer while the event loop is free); `done` erases it.
 */
export function createProgress(io: CliIo, options: { quiet?: boolean; delayMs?: number } = {}): Progress {
  if (!io.stderrIsTTY || options.quiet) return NONE;
  const now = io.now ?? Date.now;
  const delay = options.delayMs ?? PROGRESS_DELAY_MS;
  const start = now();
  let current = 'starting';
  let shown = false;
  const draw = () => {
    const elapsed = now() - start;
    if (elapsed < delay) return;
    io.stderr(`\r\u001b[2Kkubereach: ${current} (${(elapsed / 1000).toFixed(1)} s)`);
    shown = true;
  };
  const timer = setInterval(draw, 250);
  timer.unref?.();
  return {
    stage(text) {
      current = text;
      draw();
    },
    done() {
      clearInterval(timer);
      if (shown) io.stderr('\r\u001b[2K');
      shown = false;
    },
  };
}
