import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../web/src/export/report.js';
import { StudioSession } from '../../web/src/worker/session.js';
import { request, tutorialFiles } from './support.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('the HTML report', () => {
  const r = new StudioSession().analyze(request(tutorialFiles()));
  const input = {
    title: `report — files: ${HOSTILE}`,
    generated: '2024-01-01T00:00:00Z',
    model: r.model,
    policies: r.policies,
    diagnostics: [
      ...r.diagnostics,
      {
        code: 'INVALID_NAME',
        severity: 'error' as const,
        message: `Pod ${HOSTILE} is invalid`,
        source: { file: `${HOSTILE}.yaml`, line: 4, column: 3 },
      },
    ],
    changes: r.changes,
    heatmap: r.heatmap!,
    svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
  };
  const html = renderReportHtml(input);

  it('is self-contained: no scripts, no external resources', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)=["']?https?:/i);
    expect(html).toContain("default-src 'none'");
  });

  it('escapes every name', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('lists the connections, the policies and the matrix', () => {
    expect(html).toContain('<td>dev1/demo1</td><td>dev2/demo2</td><td>TCP 80</td>');
    expect(html).toContain('dev2/kube-demo');
    expect(html).toContain('class="heat"');
    expect(html).toContain('Nothing changed since the manifests were loaded.');
  });
});
