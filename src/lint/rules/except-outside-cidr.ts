import { diagnosticFindings } from '../diagnostics.js';
import type { LintRule } from '../types.js';

/** An ipBlock `except` entry that is not a strict subset of its `cidr` (ValidateIPBlock). */
export const exceptOutsideCidr: LintRule = {
  id: 'except-outside-cidr',
  severity: 'error',
  summary: 'an ipBlock except is not inside its cidr',
  description:
    'Every except entry of an ipBlock must be a strictly smaller CIDR inside cidr. The API server rejects the policy otherwise, so it never takes effect.',
  check: (ctx) =>
    diagnosticFindings(
      ctx,
      'except-outside-cidr',
      'write except entries as smaller CIDRs inside cidr, or widen cidr',
    ),
};
