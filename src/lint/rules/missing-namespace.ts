import { diagnosticFindings } from '../diagnostics.js';
import type { LintRule } from '../types.js';

/** An object without metadata.namespace: it lands in whatever namespace kubectl is pointed at. */
export const missingNamespace: LintRule = {
  id: 'missing-namespace',
  severity: 'warning',
  summary: 'metadata.namespace is not set',
  description:
    'Without metadata.namespace an object is created in the current namespace of the kubectl context (default unless set). A NetworkPolicy then protects, or opens, a different namespace than intended.',
  check: (ctx) =>
    diagnosticFindings(ctx, 'missing-namespace', 'set metadata.namespace to the namespace it belongs to'),
};
