import { describe, it } from 'vitest';
import { expectRule, type RuleCase } from '../helpers.js';

const namespace = (annotations: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: legacy
  annotations:
${annotations}
`;

const cases: RuleCase[] = [
  {
    name: 'the beta isolation annotation',
    yaml: namespace(
      `    net.beta.kubernetes.io/network-policy: '{"ingress": {"isolation": "DefaultDeny"}}' # <-`,
    ),
    paths: ['metadata.annotations.net.beta.kubernetes.io/network-policy'],
  },
  {
    name: 'negative: other annotations',
    yaml: namespace(`    owner: team-a`),
    paths: [],
  },
];

describe('obsolete-isolation-annotation', () => {
  it.each(cases)('$name', (c) => expectRule('obsolete-isolation-annotation', 'warning', c));
});
