import type { MatrixCaveat } from '../../explain/types.js';
import type { MatrixView } from '../../focus/focus.js';
import { assertNever } from '../../model/assert-never.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import { matrixJsonChunks } from '../json.js';
import type { Style } from '../style.js';
import { matrixCsvChunks } from './csv.js';
import { renderMatrixDot } from './dot.js';
import { renderMatrixHtml } from './html.js';
import { matrixMarkdownChunks } from './md.js';
import { renderMatrixMermaid } from './mermaid.js';
import { matrixTableChunks } from './table.js';
import { matrixWideChunks } from './wide.js';
import { matrixYamlChunks } from './yaml.js';

/** Every output format of `matrix`. */
export const MATRIX_FORMATS = [
  'table',
  'wide',
  'json',
  'yaml',
  'csv',
  'md',
  'dot',
  'mermaid',
  'html',
] as const;
export type MatrixFormat = (typeof MATRIX_FORMATS)[number];

export interface MatrixRenderOptions {
  readonly style: Style;
  readonly diagnostics: readonly Diagnostic[];
  /** `kubereach 1.2.3`, for formats that name their producer. */
  readonly generator: string;
  /** Unmodelled fields of Cilium rules and the nodes they concern (json, yaml, table, wide). */
  readonly caveats?: readonly MatrixCaveat[];
}

/** The view in one format, as chunks of text to write in order. */
export function renderMatrix(
  format: MatrixFormat,
  view: MatrixView,
  options: MatrixRenderOptions,
): Iterable<string> {
  switch (format) {
    case 'table':
      return matrixTableChunks(view, options.style, options.caveats);
    case 'wide':
      return matrixWideChunks(view, options.style, options.caveats);
    case 'json':
      return matrixJsonChunks(view.matrix, options.diagnostics, options.caveats);
    case 'yaml':
      return matrixYamlChunks(view.matrix, options.diagnostics, options.caveats);
    case 'csv':
      return matrixCsvChunks(view.matrix);
    case 'md':
      return matrixMarkdownChunks(view, options.diagnostics);
    case 'dot':
      return [renderMatrixDot(view)];
    case 'mermaid':
      return [renderMatrixMermaid(view)];
    case 'html':
      return [renderMatrixHtml(view, { diagnostics: options.diagnostics, generator: options.generator })];
    default:
      return assertNever(format);
  }
}
