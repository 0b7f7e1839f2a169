import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatSelector,
  isEmptySelector,
  matchesSelector,
  selectorKey,
} from '../../src/engine/label-selector.js';
import type { LabelRequirement, LabelSelector, Labels } from '../../src/model/types.js';
import { selectorMatches } from '../reference/naive.js';

const sel = (matchLabels: Labels = {}, matchExpressions: LabelRequirement[] = []): LabelSelector => ({
  matchLabels,
  matchExpressions,
});
const req = (
  key: string,
  operator: LabelRequirement['operator'],
  values: string[] = [],
): LabelRequirement => ({
  key,
  operator,
  values,
});

describe('label selectors (metav1.LabelSelector)', () => {
  it.each<{ name: string; selector: LabelSelector; labels: Labels; match: boolean }>([
    { name: '{} matches a pod without labels', selector: sel(), labels: {}, match: true },
    { name: '{} matches any labels', selector: sel(), labels: { app: 'web' }, match: true },
    {
      name: 'matchLabels equal',
      selector: sel({ app: 'web' }),
      labels: { app: 'web', tier: 'x' },
      match: true,
    },
    {
      name: 'matchLabels different value',
      selector: sel({ app: 'web' }),
      labels: { app: 'db' },
      match: false,
    },
    { name: 'matchLabels absent key', selector: sel({ app: 'web' }), labels: {}, match: false },
    { name: 'matchLabels empty value', selector: sel({ app: '' }), labels: { app: '' }, match: true },
    { name: 'matchLabels empty value, key absent', selector: sel({ app: '' }), labels: {}, match: false },
    {
      name: 'all matchLabels must hold',
      selector: sel({ a: '1', b: '2' }),
      labels: { a: '1' },
      match: false,
    },
    {
      name: 'In: value listed',
      selector: sel({}, [req('app', 'In', ['web', 'db'])]),
      labels: { app: 'db' },
      match: true,
    },
    {
      name: 'In: value not listed',
      selector: sel({}, [req('app', 'In', ['web'])]),
      labels: { app: 'db' },
      match: false,
    },
    { name: 'In: key absent', selector: sel({}, [req('app', 'In', ['web'])]), labels: {}, match: false },
    {
      name: 'NotIn: value listed',
      selector: sel({}, [req('app', 'NotIn', ['web'])]),
      labels: { app: 'web' },
      match: false,
    },
    {
      name: 'NotIn: other value',
      selector: sel({}, [req('app', 'NotIn', ['web'])]),
      labels: { app: 'db' },
      match: true,
    },
    {
      name: 'NotIn: key absent matches',
      selector: sel({}, [req('app', 'NotIn', ['web'])]),
      labels: {},
      match: true,
    },
    { name: 'Exists: present', selector: sel({}, [req('app', 'Exists')]), labels: { app: '' }, match: true },
    {
      name: 'Exists: absent',
      selector: sel({}, [req('app', 'Exists')]),
      labels: { other: 'x' },
      match: false,
    },
    {
      name: 'DoesNotExist: absent',
      selector: sel({}, [req('app', 'DoesNotExist')]),
      labels: {},
      match: true,
    },
    {
      name: 'DoesNotExist: present',
      selector: sel({}, [req('app', 'DoesNotExist')]),
      labels: { app: 'x' },
      match: false,
    },
    {
      name: 'matchLabels AND matchExpressions',
      selector: sel({ app: 'web' }, [req('tier', 'NotIn', ['db'])]),
      labels: { app: 'web', tier: 'db' },
      match: false,
    },
    {
      name: 'every expression must hold',
      selector: sel({}, [req('a', 'Exists'), req('b', 'DoesNotExist')]),
      labels: { a: '1', b: '2' },
      match: false,
    },
    {
      name: 'a key inherited from Object.prototype is not a label',
      selector: sel({}, [req('constructor', 'Exists')]),
      labels: {},
      match: false,
    },
  ])('$name', ({ selector, labels, match }) => {
    expect(matchesSelector(selector, labels)).toBe(match);
    expect(selectorMatches(selector, labels)).toBe(match);
  });

  it.each<{ selector: LabelSelector; text: string }>([
    { selector: sel(), text: '<all>' },
    { selector: sel({ b: '2', a: '1' }), text: 'a=1,b=2' },
    {
      selector: sel({}, [
        req('t', 'In', ['x', 'y']),
        req('u', 'NotIn', ['z']),
        req('v', 'Exists'),
        req('w', 'DoesNotExist'),
      ]),
      text: 't in (x,y),u notin (z),v,!w',
    },
  ])('formats $text', ({ selector, text }) => {
    expect(formatSelector(selector)).toBe(text);
    expect(isEmptySelector(selector)).toBe(text === '<all>');
  });

  it('selectorKey ignores order of labels, expressions and values', () => {
    const a = sel({ x: '1', y: '2' }, [req('t', 'In', ['b', 'a']), req('u', 'Exists')]);
    const b = sel({ y: '2', x: '1' }, [req('u', 'Exists'), req('t', 'In', ['a', 'b'])]);
    expect(selectorKey(a)).toBe(selectorKey(b));
    expect(selectorKey(a)).not.toBe(selectorKey(sel({ x: '1' })));
  });

  const keys = fc.constantFrom('app', 'tier', 'role');
  const values = fc.constantFrom('a', 'b', '');
  const labels = fc.dictionary(keys, values, { maxKeys: 3 });
  const requirement = fc.oneof(
    fc.record({
      key: keys,
      operator: fc.constantFrom('In' as const, 'NotIn' as const),
      values: fc.uniqueArray(values, { minLength: 1, maxLength: 2 }),
    }),
    fc.record({
      key: keys,
      operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const),
      values: fc.constant([]),
    }),
  );

  it('agrees with the reference on random selectors and labels', () => {
    fc.assert(
      fc.property(labels, fc.array(requirement, { maxLength: 3 }), labels, (ml, exprs, l) => {
        const s = sel(ml, exprs);
        expect(matchesSelector(s, l)).toBe(selectorMatches(s, l));
      }),
    );
  });
});
