import { diagnosticFindings } from '../diagnostics.js';
import type { LintRule } from '../types.js';

/** endPort with a named port, without a port, or below port (ValidateNetworkPolicyPort). */
export const invalidEndPort: LintRule = {
  id: 'invalid-end-port',
  severity: 'error',
  summary: 'endPort with a named port, without port, or below port',
  description:
    'endPort makes a range from a numeric port: it needs port to be a number and at least port. The API server rejects the policy otherwise, so it never takes effect.',
  check: (ctx) =>
    diagnosticFindings(
      ctx,
      'invalid-end-port',
      'give a numeric port with endPort greater than or equal to it, or remove endPort',
    ),
};
