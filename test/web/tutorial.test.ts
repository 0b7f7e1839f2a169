import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { curlTranscript, stepIn, TUTORIAL_STEPS, tutorialFileName } from '../../web/src/tutorial/steps.js';
import { StudioSession } from '../../web/src/worker/session.js';
import { request, tutorialFiles } from './support.js';

describe('tutorial mode', () => {
  const probes = TUTORIAL_STEPS.filter((s) => s.probe !== undefined);

  it('covers the seed scenario in order, ending with the Service probed without a port', () => {
    expect(TUTORIAL_STEPS.map((s) => s.id)).toEqual([
      'pods',
      'probe-open',
      'deny-all',
      'probe-denied',
      'kube-demo',
      'probe-allowed',
      'probe-default',
      'http-echo',
      'probe-service-no-port',
      'probe-service-8080',
    ]);
    for (const [i, step] of TUTORIAL_STEPS.entries()) {
      // each step applies what the one before did, and maybe one more manifest
      if (i > 0)
        expect(step.files.slice(0, TUTORIAL_STEPS[i - 1]!.files.length)).toEqual(
          TUTORIAL_STEPS[i - 1]!.files,
        );
    }
  });

  it.each(probes.map((s) => [s.id, s] as const))(
    'the engine gives %s the verdict the tutorial teaches',
    (_id, step) => {
      const session = new StudioSession();
      session.analyze(request(tutorialFiles(step.files)));
      const probe = step.probe!;
      const view = session.explain({
        src: probe.from,
        dst: probe.to,
        protocol: 'TCP',
        ...(probe.port === undefined ? {} : { port: probe.port }),
      });
      expect(view.verdict).toBe(probe.expect);
      const transcript = curlTranscript(probe, view);
      if (view.allowed) expect(transcript).toBe(probe.reply);
      else
        expect(transcript).toContain(
          `Failed to connect to ${probe.to} port ${probe.port ?? 80} after 5000 ms`,
        );
    },
  );

  it('prints engine errors instead of a fake curl', () => {
    const step = probes[0]!;
    const text = curlTranscript(step.probe!, {
      src: 'x',
      dst: 'y',
      port: 80,
      protocol: 'TCP',
      verdict: 'error',
      allowed: false,
      headline: 'source: no workload x',
      lines: [],
    });
    expect(text).toBe('error: source: no workload x');
  });
});

describe('tutorial mode in Cilium’s words', () => {
  const probes = TUTORIAL_STEPS.filter((s) => s.probe !== undefined);

  it('names the CNP files after examples/tutorial-cilium, the cluster after examples/tutorial', () => {
    expect(tutorialFileName('policy-deny-all.yaml', 'cilium')).toBe('tutorial-cilium/policy-deny-all.yaml');
    expect(tutorialFileName('pods.yaml', 'cilium')).toBe('tutorial/pods.yaml');
    expect(tutorialFileName('policy-kube-demo.yaml', 'networkpolicy')).toBe('tutorial/policy-kube-demo.yaml');
  });

  it.each(probes.map((s) => [s.id, s] as const))(
    'the engine gives %s the same verdict with the policies as CNPs',
    (_id, step) => {
      const session = new StudioSession();
      const files = step.files.map((f) => ({
        name: tutorialFileName(f, 'cilium'),
        text: readFileSync(
          new URL(`../../examples/${tutorialFileName(f, 'cilium')}`, import.meta.url),
          'utf8',
        ),
      }));
      const { cni: _cni, ...implied } = request(files);
      const analysis = session.analyze(implied);
      const cnps = analysis.policies.filter((p) => p.kind === 'CiliumNetworkPolicy').map((p) => p.id);
      expect(cnps).toEqual(
        step.files.includes('policy-kube-demo.yaml')
          ? ['cnp/dev2/deny-all', 'cnp/dev2/kube-demo']
          : step.files.includes('policy-deny-all.yaml')
            ? ['cnp/dev2/deny-all']
            : [],
      );
      const probe = step.probe!;
      const view = session.explain({
        src: probe.from,
        dst: probe.to,
        protocol: 'TCP',
        ...(probe.port === undefined ? {} : { port: probe.port }),
      });
      expect(view.verdict).toBe(probe.expect);
    },
  );

  it('tells the policy steps in Cilium’s terms and says where the dialects differ', () => {
    const byId = new Map(TUTORIAL_STEPS.map((s) => [s.id, s]));
    const denyAll = byId.get('deny-all')!;
    expect(stepIn(denyAll, 'cilium').text.join(' ')).toContain('endpointSelector');
    expect(stepIn(denyAll, 'networkpolicy').text.join(' ')).toContain('podSelector');
    expect(denyAll.differs?.join(' ')).toContain('- {}');
    const kubeDemo = byId.get('kube-demo')!;
    expect(stepIn(kubeDemo, 'cilium').text.join(' ')).toContain('k8s:io.kubernetes.pod.namespace');
    expect(kubeDemo.differs?.join(' ')).toMatch(/ANY/);
    expect(stepIn(byId.get('probe-default')!, 'cilium').lesson).toContain('k8s:io.kubernetes.pod.namespace');
    // steps without a Cilium telling are the same in both
    expect(stepIn(byId.get('pods')!, 'cilium')).toBe(byId.get('pods'));
    expect(TUTORIAL_STEPS.filter((s) => s.differs !== undefined).map((s) => s.id)).toEqual([
      'deny-all',
      'kube-demo',
    ]);
  });
});
