import { diagnosticFindings } from '../diagnostics.js';
import type { LintRule } from '../types.js';

/** A CIDR with host bits set (`10.0.0.1/24`): accepted, but it means the whole network. */
export const nonCanonicalCidr: LintRule = {
  id: 'non-canonical-cidr',
  severity: 'warning',
  summary: 'a CIDR has host bits set',
  description:
    'A CIDR such as 10.0.0.1/24 has host bits set: it means 10.0.0.0/24, the whole network, which is rarely what a single address was meant to say. Newer API servers warn about it.',
  check: (ctx) => diagnosticFindings(ctx, 'non-canonical-cidr', 'write the network address of the CIDR'),
};
