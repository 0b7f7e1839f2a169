import { diagnosticFindings } from '../diagnostics.js';
import type { LintRule } from '../types.js';

/** Input that cannot be read or that the API server rejects, other than NetworkPolicies. */
export const invalidManifest: LintRule = {
  id: 'invalid-manifest',
  severity: 'error',
  summary: 'a manifest cannot be read or the API server rejects it',
  description:
    'YAML or JSON syntax errors, unreadable files and objects the API server rejects. Whatever cannot be read is left out of every verdict, so the rest of the lint may miss problems in it.',
  check: (ctx) =>
    diagnosticFindings(ctx, 'invalid-manifest', 'fix the manifest; objects that cannot be read are left out'),
};
