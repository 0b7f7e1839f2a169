import { describe, it } from 'vitest';
import { expectRule, policy, type RuleCase } from '../helpers.js';

/** A policy allowing ingress from one ipBlock; `lines` are the ipBlock's fields. */
const block = (...lines: string[]) =>
  policy(
    'prod',
    'partners',
    `
    podSelector: {}
    ingress:
      - from:
          - ipBlock:
${lines.map((l) => `              ${l}`).join('\n')}
    `,
  );

const nonCanonical: RuleCase[] = [
  {
    name: 'host bits set in cidr',
    yaml: block('cidr: 192.0.2.1/24 # <-'),
    paths: ['spec.ingress[0].from[0].ipBlock.cidr'],
  },
  {
    name: 'host bits set in an except',
    yaml: block('cidr: 192.0.2.0/24', 'except: [192.0.2.1/28] # <-'),
    paths: ['spec.ingress[0].from[0].ipBlock.except[0]'],
  },
  {
    name: 'negative: canonical CIDRs',
    yaml: block('cidr: 192.0.2.0/24', 'except: [192.0.2.0/28]'),
    paths: [],
  },
];

const exceptOutside: RuleCase[] = [
  {
    name: 'an except outside cidr',
    yaml: block('cidr: 10.0.0.0/8', 'except:', '  - 192.168.0.0/16 # <-'),
    paths: ['spec.ingress[0].from[0].ipBlock.except[0]'],
  },
  {
    name: 'an except equal to cidr (not a strict subset)',
    yaml: block('cidr: 10.0.0.0/8', 'except:', '  - 10.0.0.0/8 # <-'),
    paths: ['spec.ingress[0].from[0].ipBlock.except[0]'],
  },
  {
    name: 'negative: an except inside cidr',
    yaml: block('cidr: 10.0.0.0/8', 'except: [10.1.0.0/16]'),
    paths: [],
  },
];

const coversPods: RuleCase[] = [
  {
    name: 'an ipBlock holding pod IPs',
    yaml: block('cidr: 10.0.0.0/8 # <-'),
    paths: ['spec.ingress[0].from[0].ipBlock.cidr'],
  },
  {
    name: 'negative: the pod network is excepted',
    yaml: block('cidr: 10.0.0.0/8', 'except: [10.1.0.0/16, 10.2.0.0/16, 10.3.0.0/16]'),
    paths: [],
  },
  { name: 'negative: addresses outside the cluster', yaml: block('cidr: 192.0.2.0/24'), paths: [] },
];

const allAddresses: RuleCase[] = [
  {
    name: 'the whole internet (when enabled)',
    yaml: block('cidr: 0.0.0.0/0 # <-', 'except: [10.0.0.0/8]'),
    paths: ['spec.ingress[0].from[0].ipBlock.cidr'],
  },
  { name: 'negative: a narrower block', yaml: block('cidr: 192.0.2.0/24'), paths: [] },
];

describe('non-canonical-cidr', () => {
  it.each(nonCanonical)('$name', (c) => expectRule('non-canonical-cidr', 'warning', c));
});

describe('except-outside-cidr', () => {
  it.each(exceptOutside)('$name', (c) => expectRule('except-outside-cidr', 'error', c));
});

describe('ipblock-covers-pods', () => {
  it.each(coversPods)('$name', (c) => expectRule('ipblock-covers-pods', 'warning', c));
  it('reports with the Cilium profile too: the finding is about portability', () =>
    expectRule('ipblock-covers-pods', 'warning', { ...coversPods[0]!, options: { cni: 'cilium' } }));
});

describe('ipblock-all-addresses', () => {
  it.each(allAddresses)('$name', (c) => expectRule('ipblock-all-addresses', 'info', c));
  it('is a warning under --strict', () =>
    expectRule('ipblock-all-addresses', 'warning', { ...allAddresses[0]!, options: { strict: true } }));
});
