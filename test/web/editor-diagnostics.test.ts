import { describe, expect, it } from 'vitest';
import { editorDiagnostics, type LineAccess } from '../../web/src/editor/diagnostics.js';
import type { DiagnosticInfo } from '../../web/src/view/types.js';

function doc(text: string): LineAccess {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return {
    lines: starts.length,
    length: text.length,
    line: (n) => {
      const from = starts[n - 1]!;
      const next = starts[n];
      return { from, to: next === undefined ? text.length : next - 1 };
    },
  };
}

const at = (
  file: string,
  line: number,
  column: number,
  extra: Partial<DiagnosticInfo> = {},
): DiagnosticInfo => ({
  code: 'INVALID_PORT',
  severity: 'error',
  message: 'bad port',
  source: { file, line, column },
  ...extra,
});

describe('editorDiagnostics', () => {
  const text = 'kind: X\n  port: 99999\n\nend';

  it('spans from the column to the end of the line, for this file only', () => {
    expect(editorDiagnostics([at('a.yaml', 2, 3), at('b.yaml', 1, 1)], 'a.yaml', doc(text))).toEqual([
      { from: 10, to: 21, severity: 'error', message: 'bad port', source: 'INVALID_PORT' },
    ]);
  });

  it('adds the hint to the message', () => {
    const [d] = editorDiagnostics(
      [at('a.yaml', 1, 1, { hint: 'use 1-65535', severity: 'warning' })],
      'a.yaml',
      doc(text),
    );
    expect(d).toMatchObject({ message: 'bad port\nhint: use 1-65535', severity: 'warning', from: 0, to: 7 });
  });

  it.each([
    ['past the last line', 40, 1, { from: 23, to: 26 }],
    ['past the end of the line', 1, 80, { from: 7, to: 8 }],
    ['on an empty line', 3, 1, { from: 22, to: 23 }],
    ['line 0 of a live object', 0, 0, { from: 0, to: 7 }],
  ] as const)('clamps a position %s', (_what, line, column, range) => {
    expect(editorDiagnostics([at('a.yaml', line, column)], 'a.yaml', doc(text))[0]).toMatchObject(range);
  });

  it('skips diagnostics without a position', () => {
    expect(editorDiagnostics([{ code: 'X', severity: 'info', message: 'm' }], 'a.yaml', doc(text))).toEqual(
      [],
    );
  });
});
