import { describe, expect, it } from 'vitest';
import { connsOf } from '../../src/engine/port-set.js';
import { StudioSession } from '../../web/src/worker/session.js';
import { edit, request, tutorialFiles } from './support.js';

const KUBE_DEMO = 'tutorial/policy-kube-demo.yaml';

describe('StudioSession.analyze', () => {
  it('evaluates the tutorial: stats, policies, graph, heatmap, suggestions', () => {
    const r = new StudioSession(() => 0).analyze(request(tutorialFiles()));
    expect(r.stats).toMatchObject({
      files: 5,
      namespaces: 3,
      pods: 4,
      workloads: 4,
      services: 1,
      policies: 2,
    });
    expect(r.policies.map((p) => [p.id, p.enabled, p.selects, p.source.file, p.source.line])).toEqual([
      ['dev2/deny-all', true, 2, 'tutorial/policy-deny-all.yaml', 2],
      ['dev2/kube-demo', true, 2, KUBE_DEMO, 3],
    ]);
    expect(r.graph.groups.map((g) => g.id)).toEqual(['default', 'dev1', 'dev2']);
    expect(r.heatmap?.nodes).toHaveLength(5);
    expect(new StudioSession().analyze(request(tutorialFiles(), { heatmap: null })).heatmap).toBeNull();
    expect(r.changes).toEqual([]);
    expect(r.targets).toContain('dev2/svc/http-echo');
    expect(r.targets).toContain('10.98.167.221');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('shows what an edit changed against the loaded state', () => {
    const s = new StudioSession();
    s.analyze(request(tutorialFiles()));
    const port = s.analyze(request(edit(tutorialFiles(), KUBE_DEMO, 'port: 80', 'port: 8080')));
    const echo = port.changes.find((c) => c.src === 'dev1/demo1' && c.dst === 'dev2/http-echo');
    expect(echo).toMatchObject({
      type: 'changed',
      before: connsOf('TCP', [80, 80]),
      after: connsOf('TCP', [8080, 8080]),
    });
    const r = s.analyze(request(edit(tutorialFiles(), KUBE_DEMO, 'name: dev1', 'name: dev3')));
    const demo = r.changes.find((c) => c.src === 'dev1/demo1' && c.dst === 'dev2/demo2');
    expect(demo).toMatchObject({ type: 'removed', before: connsOf('TCP', [80, 80]) });
    expect(r.graph.edges.find((e) => e.src === 'dev1/demo1' && e.dst === 'dev2/demo2')?.change).toBe(
      'removed',
    );
  });

  it('switches policies off without touching the text', () => {
    const s = new StudioSession();
    s.analyze(request(tutorialFiles()));
    const r = s.analyze(request(tutorialFiles(), { disabled: ['dev2/deny-all'] }));
    expect(r.policies.find((p) => p.id === 'dev2/deny-all')?.enabled).toBe(false);
    expect(r.stats.policies).toBe(1);
    // kube-demo still isolates dev2: switching deny-all off changes nothing (policies add up)
    expect(r.changes).toEqual([]);
    const both = s.analyze(request(tutorialFiles(), { disabled: ['dev2/deny-all', 'dev2/kube-demo'] }));
    expect(
      both.changes.some((c) => c.type === 'added' && c.src === 'default/default' && c.dst === 'dev2/demo2'),
    ).toBe(true);
  });

  it('places diagnostics at the line of the edited file', () => {
    const s = new StudioSession();
    const r = s.analyze(request(edit(tutorialFiles(), KUBE_DEMO, 'port: 80', 'port: 99999')));
    // what the API server rejects, reported by lint's rule as `kubereach lint` does
    const d = r.diagnostics.find((x) => x.rule === 'invalid-policy');
    expect(d?.source).toEqual({ file: KUBE_DEMO, line: 17, column: 11 });
    expect(d?.severity).toBe('error');
    expect(r.rules['invalid-policy']?.summary).toBeTruthy();
  });

  it('reads a YAML syntax error as a diagnostic and keeps the other files', () => {
    const r = new StudioSession().analyze(
      request(edit(tutorialFiles(), KUBE_DEMO, 'ingress:', 'ingress: [')),
    );
    expect(r.diagnostics.some((d) => d.rule === 'invalid-manifest' && d.source?.file === KUBE_DEMO)).toBe(
      true,
    );
    expect(r.stats.pods).toBe(4);
  });

  it('lints each edit with the rules of kubereach lint, at the line of the mistake', () => {
    const s = new StudioSession();
    expect(s.analyze(request(tutorialFiles())).diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    // the classic mistake: namespaces carry kubernetes.io/metadata.name, not name
    const r = s.analyze(
      request(edit(tutorialFiles(), KUBE_DEMO, 'kubernetes.io/metadata.name: dev1', 'name: dev1')),
    );
    const finding = r.diagnostics.find((d) => d.rule === 'peer-selects-nothing');
    expect(finding).toMatchObject({ severity: 'warning', source: { file: KUBE_DEMO, line: 12 } });
    expect(finding?.hint).toContain('kubernetes.io/metadata.name');
    expect(r.rules['peer-selects-nothing']).toMatchObject({ severity: 'warning' });
  });

  it('follows the lint config: rules off, severities, ignores; says what is wrong with it', () => {
    const mistake = edit(tutorialFiles(), KUBE_DEMO, 'kubernetes.io/metadata.name: dev1', 'name: dev1');
    const lint = (text: string) =>
      new StudioSession().analyze(request(mistake, { lintConfig: { file: '.kubereach.yaml', text } }))
        .diagnostics;
    expect(lint('lint:\n  rules: { peer-selects-nothing: error }\n')).toContainEqual(
      expect.objectContaining({ rule: 'peer-selects-nothing', severity: 'error' }),
    );
    expect(
      lint('lint:\n  rules: { peer-selects-nothing: off }\n').some((d) => d.rule === 'peer-selects-nothing'),
    ).toBe(false);
    expect(
      lint('lint:\n  ignore: [{ rule: peer-selects-nothing, object: "dev2/*" }]\n').some(
        (d) => d.rule === 'peer-selects-nothing',
      ),
    ).toBe(false);
    const broken = lint('lint:\n  rules: { peer-selects-nothin: off }\n');
    expect(broken).toContainEqual(expect.objectContaining({ code: 'LINT_CONFIG', severity: 'error' }));
    expect(broken.some((d) => d.rule === 'peer-selects-nothing')).toBe(true);
  });

  it('lints policies switched off as they are written', () => {
    const mistake = edit(tutorialFiles(), KUBE_DEMO, 'kubernetes.io/metadata.name: dev1', 'name: dev1');
    const r = new StudioSession().analyze(request(mistake, { disabled: ['dev2/kube-demo'] }));
    expect(r.diagnostics.some((d) => d.rule === 'peer-selects-nothing')).toBe(true);
  });

  it('takes up what prepare evaluated ahead of the first analysis', () => {
    const prepared = new StudioSession();
    prepared.prepare(tutorialFiles(), undefined);
    const r = prepared.analyze(request(tutorialFiles(), { baseline: 'current' }));
    expect(r.stats.reparsed).toBe(0);
    const { stats: _s, ...shown } = r;
    const { stats: _f, ...fresh } = new StudioSession().analyze(
      request(tutorialFiles(), { baseline: 'current' }),
    );
    expect(shown).toEqual(fresh);
    // other files than prepared: evaluated as asked
    const edited = edit(tutorialFiles(), KUBE_DEMO, 'port: 80', 'port: 81');
    const other = new StudioSession();
    other.prepare(tutorialFiles(), undefined);
    expect(other.analyze(request(edited)).graph).toEqual(new StudioSession().analyze(request(edited)).graph);
  });

  it('parses only the files that changed', () => {
    const s = new StudioSession();
    expect(s.analyze(request(tutorialFiles())).stats.reparsed).toBe(5);
    expect(s.analyze(request(tutorialFiles())).stats.reparsed).toBe(0);
    const edited = edit(tutorialFiles(), KUBE_DEMO, 'port: 80', 'port: 81');
    expect(s.analyze(request(edited)).stats.reparsed).toBe(1);
    expect(s.analyze(request(edited, { disabled: ['dev2/deny-all'] })).stats.reparsed).toBe(0);
  });

  it('compares with the state before when asked (tutorial steps)', () => {
    const s = new StudioSession();
    s.analyze(request(tutorialFiles(['namespaces.yaml', 'pods.yaml'])));
    const r = s.analyze(
      request(tutorialFiles(['namespaces.yaml', 'pods.yaml', 'policy-deny-all.yaml']), {
        baseline: 'previous',
      }),
    );
    expect(r.changes.length).toBeGreaterThan(0);
    expect(r.changes.every((c) => c.type === 'removed' && c.dst.startsWith('dev2/'))).toBe(true);
    const same = s.analyze(
      request(tutorialFiles(['namespaces.yaml', 'pods.yaml', 'policy-deny-all.yaml']), {
        baseline: 'current',
      }),
    );
    expect(same.changes).toEqual([]);
    const against = s.analyze(
      request(tutorialFiles(['namespaces.yaml', 'pods.yaml', 'policy-deny-all.yaml']), {
        baseline: { files: tutorialFiles(['namespaces.yaml', 'pods.yaml']) },
      }),
    );
    expect(against.changes).toEqual(r.changes);
  });

  it('keeps the view options it was given and chooses readable ones otherwise', () => {
    const s = new StudioSession();
    const chosen = s.analyze(request(tutorialFiles()));
    expect(chosen.view).toMatchObject({ collapsed: [], edges: 'all', showExternal: true });
    const given = s.analyze(
      request(tutorialFiles(), { view: { ...chosen.view, collapsed: ['dev2'], showExternal: false } }),
    );
    expect(given.graph.nodes.map((n) => n.id)).toEqual(['default/default', 'dev1/demo1', 'namespace:dev2']);
  });
});
