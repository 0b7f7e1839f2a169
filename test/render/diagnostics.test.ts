/**
 * Diagnostics as text: positions, the caret excerpt of syntax errors, escaping of everything that
 * came from the input, and the notes that say what a verdict was computed without.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostics.js';
import { summarizeExclusions } from '../../src/model/exclusions.js';
import { caretExcerpt, formatDiagnostic } from '../../src/render/diagnostics.js';
import { exclusionNotes } from '../../src/render/exclusions.js';
import { PLAIN } from '../../src/render/style.js';

const at = { file: 'm.yaml', line: 3, column: 7 };

describe('formatDiagnostic', () => {
  it('file:line:column, severity, message and code, then the hint', () => {
    const d: Diagnostic = {
      code: 'INVALID_PORT',
      severity: 'error',
      message: 'port 0',
      source: at,
      hint: 'h',
    };
    expect(formatDiagnostic(d, PLAIN)).toBe('m.yaml:3:7: error: port 0 [INVALID_PORT]\n  hint: h');
  });

  it('shows the line of a syntax error with a caret under the column', () => {
    const d: Diagnostic = {
      code: 'YAML_SYNTAX',
      severity: 'error',
      message: 'YAML syntax error: x',
      source: at,
      excerpt: 'name: {a: b',
    };
    expect(formatDiagnostic(d, PLAIN)).toBe(
      'm.yaml:3:7: error: YAML syntax error: x [YAML_SYNTAX]\n  3 | name: {a: b\n    |       ^',
    );
  });

  it.each([
    ['an ANSI escape', 'Pod a/\u001b[31mred', 'Pod a/\\u001b[31mred'],
    ['a line break', 'Pod evil\nnext: line', 'Pod evil\\nnext: line'],
    ['a carriage return', 'a\rb', 'a\\u000db'],
    ['a bell in an OSC title', '\u001b]0;pwned\u0007', '\\u001b]0;pwned\\u0007'],
    ['a line separator', 'a\u2028b', 'a\\u2028b'],
  ])('escapes %s in messages, hints and file names', (_what, raw, shown) => {
    const d: Diagnostic = {
      code: 'INVALID_NAME',
      severity: 'error',
      message: raw,
      hint: raw,
      source: { file: raw, line: 1, column: 1 },
    };
    const text = formatDiagnostic(d, PLAIN);
    expect(text.split('\n')).toHaveLength(2);
    expect([...text].filter((c) => c !== '\n' && (c < ' ' || c === '\u2028'))).toEqual([]);
    expect(text).toBe(`${shown}:1:1: error: ${shown} [INVALID_NAME]\n  hint: ${shown}`);
  });
});

describe('caretExcerpt', () => {
  it('moves the caret along with an escaped tab', () => {
    expect(caretExcerpt('\tname: x', 5, 2, PLAIN)).toBe('  5 | \\tname: x\n    |   ^');
  });

  it('cuts a long line around the column', () => {
    const line = `${'a'.repeat(200)}X${'b'.repeat(200)}`;
    const [shown, caret] = caretExcerpt(line, 1, 201, PLAIN).split('\n') as [string, string];
    expect(shown.length).toBeLessThan(140);
    expect(shown).toMatch(/^ {2}1 \| …a+Xb+…$/);
    expect(shown[caret.indexOf('^')]).toBe('X');
  });

  it('points past the end of the line (an unclosed bracket)', () => {
    expect(caretExcerpt('a: [b', 9, 6, PLAIN)).toBe('  9 | a: [b\n    |      ^');
  });
});

describe('exclusion notes', () => {
  const rejected = (name: string, line: number): Diagnostic[] => [
    {
      code: 'INVALID_PORT',
      severity: 'error',
      message: 'm',
      object: { kind: 'NetworkPolicy', namespace: 'dev', name },
      source: { file: 'p.yaml', line: line + 4, column: 9 },
    },
    {
      code: 'POLICY_REJECTED',
      severity: 'error',
      message: 'm',
      object: { kind: 'NetworkPolicy', namespace: 'dev', name },
      source: { file: 'p.yaml', line, column: 1 },
    },
  ];

  it('one policy, at the line where it starts', () => {
    expect(exclusionNotes(summarizeExclusions(rejected('x', 12)))).toEqual([
      '1 NetworkPolicy was not applied because the API server would reject it: dev/x (p.yaml:12)',
    ]);
  });

  it('many: five named, the rest counted; other kinds and unreadable documents too', () => {
    const diagnostics: Diagnostic[] = [
      ...['a', 'b', 'c', 'd', 'e', 'f', 'g'].flatMap((n, i) => rejected(n, i * 10 + 1)),
      {
        code: 'INVALID_NAME',
        severity: 'error',
        message: 'm',
        object: { kind: 'Pod', namespace: 'dev', name: 'Web\u001b[2J' },
        source: { file: 'p.yaml', line: 90, column: 3 },
      },
      {
        code: 'YAML_SYNTAX',
        severity: 'error',
        message: 'm',
        source: { file: 'q.yaml', line: 1, column: 1 },
      },
      { code: 'DEFAULT_NAMESPACE', severity: 'warning', message: 'm', object: { kind: 'Pod', name: 'w' } },
    ];
    const summary = summarizeExclusions(diagnostics);
    expect(summary.objects.map((o) => [o.kind, o.name, o.codes])).toContainEqual([
      'NetworkPolicy',
      'a',
      ['INVALID_PORT'],
    ]);
    expect(exclusionNotes(summary)).toEqual([
      '7 NetworkPolicies were not applied because the API server would reject them: dev/a (p.yaml:1), dev/b (p.yaml:11), dev/c (p.yaml:21), dev/d (p.yaml:31), dev/e (p.yaml:41) and 2 more',
      '1 Pod was left out because the API server would reject it: dev/Web\\u001b[2J (p.yaml:90)',
      '1 file or document could not be read; what it holds is not evaluated',
    ]);
  });

  it('nothing left out: no notes', () => {
    expect(exclusionNotes(summarizeExclusions([]))).toEqual([]);
  });
});
