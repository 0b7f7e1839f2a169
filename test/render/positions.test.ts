import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/lint/types.js';
import { formatPosition } from '../../src/model/source.js';
import { renderLintGithub } from '../../src/render/lint-github.js';

/** Objects read from a live cluster have line 0: renderers print the source alone. */
describe('positions without lines', () => {
  it('formatPosition prints file:line:column, or the file alone for line 0', () => {
    expect(formatPosition({ file: 'a.yaml', line: 3, column: 5 })).toBe('a.yaml:3:5');
    expect(formatPosition({ file: 'a.yaml', line: 3, column: 5 }, false)).toBe('a.yaml:3');
    expect(formatPosition({ file: 'cluster:prod', line: 0, column: 0 })).toBe('cluster:prod');
  });

  it('GitHub annotations carry line and col only when there is a line', () => {
    const finding = (line: number): Finding => ({
      rule: 'policy-selects-nothing',
      severity: 'warning',
      message: 'NetworkPolicy x/p: selects no pod',
      source: { file: line === 0 ? 'cluster:prod' : 'p.yaml', line, column: 1 },
    });
    expect(renderLintGithub([finding(4)])).toContain('file=p.yaml,line=4,col=1,');
    const live = renderLintGithub([finding(0)]);
    expect(live).toContain('file=cluster%3Aprod,title=');
    expect(live).not.toContain('line=');
  });
});
