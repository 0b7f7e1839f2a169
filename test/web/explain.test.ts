import { describe, expect, it } from 'vitest';
import { StudioSession } from '../../web/src/worker/session.js';
import { request, tutorialFiles } from './support.js';

function session(files = tutorialFiles()) {
  const s = new StudioSession(() => 0);
  s.analyze(request(files));
  return s;
}

describe('explanations in the studio', () => {
  it('explains an allowed edge with the rule that allowed it, linked to its line', () => {
    const view = session().explain({ src: 'dev1/demo1', dst: 'dev2/demo2', port: 80, protocol: 'TCP' });
    expect(view).toMatchObject({ verdict: 'allowed', allowed: true, address: '10.0.1.185', connectPort: 80 });
    const allowing = view.lines.find((l) => l.text === 'spec.ingress[0] allows it');
    expect(allowing?.source).toEqual({ file: 'tutorial/policy-kube-demo.yaml', line: 11, column: 7 });
    expect(view.lines.some((l) => l.text.includes('no NetworkPolicy selects dev1/demo1 for egress'))).toBe(
      true,
    );
  });

  it('explains a denial: deny-all isolates, the namespaceSelector does not match default', () => {
    const view = session().explain({ src: 'default/default', dst: 'dev2/demo2', port: 80, protocol: 'TCP' });
    expect(view.verdict).toBe('denied');
    expect(view.headline).toContain('ingress of dev2/demo2');
    const denyAll = view.lines.find((l) => l.text.startsWith('dev2/deny-all selects'));
    expect(denyAll?.text).toContain('no ingress rules');
    expect(denyAll?.source).toMatchObject({ file: 'tutorial/policy-deny-all.yaml', line: 2 });
    const peer = view.lines.find((l) => l.text.startsWith('from[0]'));
    expect(peer?.text).toContain('does not match namespace default');
    // the link goes to the label that failed
    expect(peer?.source).toMatchObject({ file: 'tutorial/policy-kube-demo.yaml', line: 14 });
  });

  it('explains a rule that matches the peer but not the port', () => {
    const view = session().explain({ src: 'dev1/demo1', dst: 'dev2/http-echo', port: 8080, protocol: 'TCP' });
    expect(view.verdict).toBe('denied');
    const port = view.lines.find((l) => l.text.startsWith('ports[0]'));
    expect(port).toMatchObject({ tone: 'denied', text: 'ports[0]: 8080/TCP not in 80/TCP' });
    expect(port?.source).toMatchObject({ file: 'tutorial/policy-kube-demo.yaml', line: 17 });
  });

  it('says why the Service without a port fails: no such port, before any policy', () => {
    const view = session().explain({ src: 'dev1/demo1', dst: '10.98.167.221', protocol: 'TCP' });
    expect(view).toMatchObject({
      verdict: 'no-such-port',
      allowed: false,
      port: 80,
      address: '10.98.167.221',
    });
    expect(view.headline).toContain('does not expose 80/TCP');
    expect(
      view.lines.some((l) => l.tone === 'warning' && l.text.includes('curl without a port uses 80')),
    ).toBe(true);
    expect(view.lines[0]?.source).toMatchObject({ file: 'tutorial/http-echo.yaml' });
  });

  it('resolves graph ids: workloads, pods and external nodes', () => {
    const s = session();
    expect(s.explain({ src: '0.0.0.0/0', dst: 'dev1/demo1', port: 443, protocol: 'TCP' }).verdict).toBe(
      'allowed',
    );
    expect(s.explain({ src: 'dev1/demo1', dst: '0.0.0.0/0', port: 443, protocol: 'TCP' }).verdict).toBe(
      'allowed',
    );
  });

  it('picks the port of a matrix cell when asked to', () => {
    const s = session();
    const view = s.explain({
      src: 'dev1/demo1',
      dst: 'dev2/demo2',
      protocol: 'UDP',
      choosePort: { filter: null },
    });
    expect(view).toMatchObject({ verdict: 'allowed', port: 80, protocol: 'TCP' });
  });

  it.each([
    [{ src: 'dev1/nothing', dst: 'dev2/demo2' }, 'source: no workload'],
    [{ src: 'dev2/svc/http-echo', dst: 'dev2/demo2' }, 'does not send traffic'],
    [{ src: 'dev1/demo1', dst: '0.0.0.0/0', port: 'http' }, 'cannot be resolved'],
  ] as const)('reports %j as an error, never throws', (query, message) => {
    const view = session().explain({ protocol: 'TCP', ...query });
    expect(view.verdict).toBe('error');
    expect(view.headline).toContain(message);
  });

  it('answers before anything was analyzed', () => {
    expect(new StudioSession().explain({ src: 'a', dst: 'b', protocol: 'TCP' }).verdict).toBe('error');
  });
});
