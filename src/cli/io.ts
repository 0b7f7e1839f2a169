import type { Diagnostic } from '../model/diagnostics.js';
import { COLOR, PLAIN, type Style } from '../render/style.js';

/** Everything the CLI needs from its process, so tests run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colours, tables sized for people). */
  readonly stdoutIsTTY: boolean;
  /** Whether stderr is a terminal (progress lines). */
  readonly stderrIsTTY: boolean;
  readonly cwd: string;
  /** Milliseconds since an arbitrary origin, for progress reporting (default `Date.now`). */
  readonly now?: () => number;
  /** How the user invoked the CLI, for help and completion (`kubectl reach` as a plugin). */
  readonly programName?: string;
  /**
   * Calls `stop` once when the user asks the process to stop (Ctrl-C, SIGTERM) and returns a
   * function that removes the handler. Long-running verbs (serve) use it to shut down cleanly;
   * other verbs never install it, so Ctrl-C stops them as usual.
   */
  readonly onInterrupt?: (stop: () => void) => () => void;
  /** The operating system (`process.platform`), to open a browser the platform's way. */
  readonly platform?: string;
}

/** Exit codes of the contract. */
export const EXIT = {
  ok: 0,
  /** denied, findings, differences */
  negative: 1,
  usage: 2,
  /** nothing could be evaluated */
  input: 3,
} as const;

/** An expected failure with the exit code it maps to: one clear line plus a hint. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function usageError(message: string, hint?: string): CliError {
  return new CliError(message, EXIT.usage, hint);
}

/** Colour only on a terminal, never with NO_COLOR or --no-color. */
export function pickStyle(io: CliIo, color: boolean | undefined): Style {
  if (color === false) return PLAIN;
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  if (noColor) return PLAIN;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '' && io.env.FORCE_COLOR !== '0')
    return COLOR;
  return io.stdoutIsTTY ? COLOR : PLAIN;
}

/** Nothing could be evaluated: carries the diagnostics that say why. */
export class InputFailure extends CliError {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super('nothing could be evaluated: the input has errors', EXIT.input);
    this.name = 'InputFailure';
  }
}
