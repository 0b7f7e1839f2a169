import { describe, expect, it } from 'vitest';
import { parseSelectorText } from '../../src/assert/selector.js';
import { formatSelector, matchesSelector } from '../../src/engine/label-selector.js';

describe('parseSelectorText (kubectl -l syntax)', () => {
  it.each([
    { text: '', formatted: '<all>' },
    { text: 'app=web', formatted: 'app=web' },
    { text: 'app==web', formatted: 'app=web' },
    { text: ' app = web , tier!=db ', formatted: 'app=web,tier notin (db)' },
    { text: 'env in (prod, staging),!legacy', formatted: 'env in (prod,staging),!legacy' },
    { text: 'env notin (dev),team', formatted: 'env notin (dev),team' },
    { text: 'app.kubernetes.io/name=web', formatted: 'app.kubernetes.io/name=web' },
    { text: 'app=web,app=api', formatted: 'app=web,app in (api)' },
    { text: 'app=', formatted: 'app=' },
  ])('reads $text', ({ text, formatted }) => {
    const r = parseSelectorText(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect(formatSelector(r.selector)).toBe(formatted);
  });

  it.each([
    'app=web)',
    'env in (a',
    'env in ()',
    'app=web,,tier=x',
    'a b',
    '-app=web',
    'app=we b',
    'app=' + 'x'.repeat(64),
  ])('rejects %s', (text) => {
    expect(parseSelectorText(text).ok).toBe(false);
  });

  it.each([
    { text: 'tier!=db', labels: {}, matches: true },
    { text: 'tier!=db', labels: { tier: 'db' }, matches: false },
    { text: 'env notin (dev)', labels: {}, matches: true },
    { text: '!legacy', labels: { legacy: 'true' }, matches: false },
    { text: 'team', labels: { team: '' }, matches: true },
    { text: 'app=web,app=api', labels: { app: 'web' }, matches: false },
  ])('$text on $labels: $matches', ({ text, labels, matches }) => {
    const r = parseSelectorText(text);
    if (!r.ok) throw new Error(r.message);
    expect(matchesSelector(r.selector, labels)).toBe(matches);
  });
});
