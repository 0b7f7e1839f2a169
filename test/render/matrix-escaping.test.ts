import { describe, expect, it } from 'vitest';
import type { Matrix, MatrixNode } from '../../src/engine/matrix.js';
import { ALL_CONNS, connsOf } from '../../src/engine/port-set.js';
import { viewMatrix } from '../../src/focus/focus.js';
import type { Diagnostic } from '../../src/model/diagnostics.js';
import { escapeMarkdown } from '../../src/render/markdown.js';
import { csvField } from '../../src/render/matrix/csv.js';
import { quote as dotQuote, renderMatrixDot } from '../../src/render/matrix/dot.js';
import { renderMatrixHtml } from '../../src/render/matrix/html.js';
import { renderMatrixMarkdown } from '../../src/render/matrix/md.js';
import { label as mermaidLabel, renderMatrixMermaid } from '../../src/render/matrix/mermaid.js';
import { renderMatrixTable } from '../../src/render/matrix/table.js';
import { PLAIN } from '../../src/render/style.js';
import { run } from '../helpers/cli.js';

const EVIL = '<script>alert("x")</script>';

/** Names the API server would reject, to prove every renderer escapes them anyway. */
function hostileMatrix(): Matrix {
  const node = (namespace: string, name: string): MatrixNode => ({
    id: `${namespace}/${name}`,
    kind: 'Pod',
    namespace,
    name,
    endpoints: [],
  });
  const a = node(EVIL, 'a|b`*_[x](y)');
  const b = node('ns"quoted\\', `back\u001b[31mslash ${EVIL}`);
  const x: MatrixNode = { id: '0.0.0.0/0', kind: 'External', cidrs: ['0.0.0.0/0'], endpoints: [] };
  return {
    granularity: 'pod',
    nodes: [a, b, x],
    connections: [
      { src: a.id, dst: b.id, conns: connsOf('TCP', [80, 80]) },
      { src: b.id, dst: x.id, conns: ALL_CONNS },
    ],
  };
}

describe('every name is escaped', () => {
  const view = viewMatrix(hostileMatrix());

  it('html: no markup from names, one inline script, nothing loaded from outside', () => {
    const diagnostic: Diagnostic = {
      code: 'INVALID_NAME',
      severity: 'error',
      message: `name ${EVIL} is invalid`,
    };
    const html = renderMatrixHtml(view, { diagnostics: [diagnostic], title: EVIL });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<link|<img|<iframe|\ssrc=|@import|url\((?!#)|href="(?!#)/i);
  });

  it('markdown: no HTML, no table breaks, no emphasis', () => {
    const md = renderMatrixMarkdown(view);
    expect(md).not.toContain('<script');
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    // every row has exactly three cells: escaped pipes do not split them
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(3);
  });

  it.each([
    ['a|b', 'a\\|b'],
    ['<b>', '&lt;b&gt;'],
    ['*x*_y_', '\\*x\\*\\_y\\_'],
    ['[l](u)', '\\[l\\](u)'],
    ['a\nb', 'a b'],
    ['a&b', 'a&amp;b'],
  ])('escapeMarkdown(%j) = %j', (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });

  it('mermaid: labels cannot close their quotes or brackets', () => {
    const text = renderMatrixMermaid(view);
    expect(text).not.toContain('<script');
    expect(mermaidLabel('a"b]c<d>#')).toBe('"a#34;b#93;c#60;d#62;#35;"');
  });

  it('dot: quotes and backslashes are escaped', () => {
    expect(dotQuote('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(renderMatrixDot(view)).toContain('ns\\"quoted\\\\');
  });

  it('table: terminal control characters are shown, not run', () => {
    const text = renderMatrixTable(view, PLAIN);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\u001b[31m');
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['=1+2', "'=1+2"],
    ['-cmd', "'-cmd"],
    ['@x,y', `"'@x,y"`],
  ])('csvField(%j) = %j', (input, output) => {
    expect(csvField(input)).toBe(output);
  });
});

describe('html of a large matrix', () => {
  it('leaves out the grid, the graph and most of the list rather than drawing them unreadably', () => {
    const nodes: MatrixNode[] = Array.from({ length: 500 }, (_, i) => ({
      id: `ns/w${i}`,
      kind: 'Deployment',
      namespace: 'ns',
      name: `w${i}`,
      endpoints: [],
    }));
    const connections = nodes.flatMap((s, i) =>
      nodes.slice(0, 50).map((d) => ({ src: s.id, dst: d.id, conns: connsOf('TCP', [80 + i, 80 + i]) })),
    );
    const html = renderMatrixHtml(viewMatrix({ granularity: 'workload', nodes, connections }));
    expect(html).not.toContain('<table class="grid">');
    expect(html).not.toContain('<svg');
    expect(html).toContain('The first 20000 are listed');
    expect(html.match(/<tr><td>/g)).toHaveLength(20_000);
  });
});

describe('html from the command line', () => {
  it('escapes names quoted in diagnostics of invalid objects', async () => {
    const stdin = [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: ok, namespace: a}',
      `apiVersion: v1\nkind: Pod\nmetadata: {name: "${EVIL.replaceAll('"', '\\"')}", namespace: a}`,
    ].join('\n---\n');
    const r = await run(['matrix', '-', '-o', 'html'], { stdin });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('id="diagnostics"');
    expect(r.stdout).not.toContain('<script>alert');
    expect(r.stdout).toContain('&lt;script&gt;alert');
  });
});
