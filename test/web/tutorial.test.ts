import { describe, expect, it } from 'vitest';
import { curlTranscript, TUTORIAL_STEPS } from '../../web/src/tutorial/steps.js';
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
