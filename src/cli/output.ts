import type { Diagnostic } from '../model/diagnostics.js';
import { renderDiagnostics, selectDiagnostics } from '../render/diagnostics.js';
import type { Style } from '../render/style.js';
import type { CliIo } from './io.js';
import type { CommonOptions } from './options.js';

/** Prints input diagnostics to stderr at the chosen verbosity. */
export function reportDiagnostics(
  io: CliIo,
  diagnostics: readonly Diagnostic[],
  options: CommonOptions,
  style: Style,
): void {
  const text = renderDiagnostics(
    selectDiagnostics(diagnostics, {
      ...(options.quiet ? { quiet: true } : {}),
      ...(options.verbose ? { verbose: true } : {}),
    }),
    style,
  );
  if (text !== '') io.stderr(text);
}
