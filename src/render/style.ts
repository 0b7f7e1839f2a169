import type { Severity } from '../model/diagnostics.js';

/** Text decorations; the plain style returns text unchanged (pipes, NO_COLOR, --no-color). */
export interface Style {
  readonly color: boolean;
  bold(text: string): string;
  dim(text: string): string;
  good(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  severity(severity: Severity, text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const PLAIN: Style = {
  color: false,
  bold: (t) => t,
  dim: (t) => t,
  good: (t) => t,
  bad: (t) => t,
  warn: (t) => t,
  severity: (_s, t) => t,
};

export const COLOR: Style = {
  color: true,
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  good: wrap(32, 39),
  bad: wrap(31, 39),
  warn: wrap(33, 39),
  severity: (s, t) => (s === 'error' ? wrap(31, 39)(t) : s === 'warning' ? wrap(33, 39)(t) : wrap(36, 39)(t)),
};

// Built from a string: control characters in a regex literal read like mistakes.
const CONTROL = new RegExp(`[${range(0x00, 0x08)}${range(0x0b, 0x1f)}${range(0x7f, 0x9f)}]`, 'g');

function range(lo: number, hi: number): string {
  return `${String.fromCharCode(lo)}-${String.fromCharCode(hi)}`;
}

/** Escapes ANSI sequences and other control characters in names before they reach a terminal. */
export function sanitize(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * `sanitize`, with line breaks escaped too: for text that must stay on one line (file names,
 * messages quoting names from the input), so a crafted name cannot print a line of its own.
 */
export function sanitizeLine(text: string): string {
  return sanitize(text).replace(/[\n\u2028\u2029]/g, (c) =>
    c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16)}`,
  );
}
