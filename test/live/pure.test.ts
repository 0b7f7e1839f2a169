import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/cli/options.js';
import { errorForStatus, errorForTransport, type LiveFailureCode } from '../../src/live/errors.js';
import { pruneObject, whyPodLeftOut } from '../../src/live/prune.js';
import { LIVE_RESOURCES } from '../../src/live/resources.js';
import { renderSnapshot } from '../../src/render/snapshot.js';
import { parseInputs } from '../../src/sources/parse.js';

const at = { server: 'https://10.0.0.1:6443', context: 'prod' };
const pods = LIVE_RESOURCES.find((r) => r.plural === 'pods')!;
const subject = { verb: 'list' as const, resource: pods, path: '/api/v1/pods' };

describe('pruneObject', () => {
  const container = {
    name: 'c',
    image: 'x',
    env: [{ name: 'P', value: 's3cret' }],
    envFrom: [],
    command: ['a'],
    args: ['b'],
    ports: [{ containerPort: 80 }],
  };
  it.each([
    ['Pod', ['spec'], { spec: { containers: [container], initContainers: [container] } }],
    [
      'Deployment',
      ['spec', 'template', 'spec'],
      { spec: { template: { spec: { containers: [container] } } } },
    ],
    [
      'CronJob',
      ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
      { spec: { jobTemplate: { spec: { template: { spec: { containers: [container] } } } } } },
    ],
  ])(
    '%s: containers lose env, envFrom, command and args, keep ports; the input is untouched',
    (kind, path, body) => {
      const input = structuredClone({ metadata: { name: 'n' }, ...body }) as Record<string, unknown>;
      const before = structuredClone(input);
      const out = pruneObject(input, 'v1', kind);
      expect(input).toEqual(before);
      let spec = out as Record<string, unknown>;
      for (const key of path) spec = spec[key] as Record<string, unknown>;
      for (const c of spec.containers as Record<string, unknown>[])
        expect(c).toEqual({ name: 'c', image: 'x', ports: [{ containerPort: 80 }] });
      expect(JSON.stringify(out)).not.toContain('s3cret');
      expect(out).toMatchObject({ apiVersion: 'v1', kind });
    },
  );

  it('drops managedFields and the last-applied annotation, keeps the rest', () => {
    const out = pruneObject(
      {
        metadata: {
          name: 'n',
          managedFields: [{ manager: 'kubectl' }],
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', keep: 'me' },
        },
      },
      'v1',
      'Service',
    );
    expect(out.metadata).toEqual({ name: 'n', annotations: { keep: 'me' } });
    const only = pruneObject(
      { metadata: { name: 'n', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } } },
      'v1',
      'Service',
    );
    expect(only.metadata).toEqual({ name: 'n' });
  });

  it('keeps pod status to phase and IPs', () => {
    const out = pruneObject(
      {
        metadata: { name: 'p' },
        status: {
          phase: 'Running',
          podIP: '10.0.0.1',
          podIPs: [{ ip: '10.0.0.1' }],
          hostIP: '1.1.1.1',
          conditions: [],
          qosClass: 'BestEffort',
        },
      },
      'v1',
      'Pod',
    );
    expect(out.status).toEqual({
      phase: 'Running',
      podIP: '10.0.0.1',
      podIPs: [{ ip: '10.0.0.1' }],
      hostIP: '1.1.1.1',
    });
  });
});

describe('whyPodLeftOut: only pods with an IP that have not finished take traffic', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['running with an IP', { phase: 'Running', podIP: '10.0.0.1' }, false],
    ['pending with an IP (containers starting)', { phase: 'Pending', podIP: '10.0.0.1' }, false],
    ['only podIPs', { phase: 'Running', podIPs: [{ ip: 'fd00::1' }] }, false],
    ['pending without an IP', { phase: 'Pending' }, true],
    ['no status at all', {}, true],
    ['succeeded', { phase: 'Succeeded', podIP: '10.0.0.1' }, true],
    ['failed', { phase: 'Failed', podIP: '10.0.0.1' }, true],
  ])('%s', (_name, status, leftOut) => {
    const note = whyPodLeftOut({ metadata: { name: 'p', namespace: 'ns' }, status });
    expect(note !== undefined).toBe(leftOut);
    if (note !== undefined)
      expect(note).toMatchObject({
        code: 'POD_NOT_RUNNING',
        severity: 'info',
        object: { kind: 'Pod', namespace: 'ns', name: 'p' },
      });
  });
});

describe('errors of requests that got no answer', () => {
  it.each<[string, unknown, boolean, LiveFailureCode]>([
    [
      'refused',
      {
        name: 'FetchError',
        code: 'ECONNREFUSED',
        message: 'request to x failed, reason: connect ECONNREFUSED',
      },
      false,
      'UNREACHABLE',
    ],
    [
      'unknown host',
      { name: 'FetchError', code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND api.example' },
      false,
      'UNREACHABLE',
    ],
    [
      'expired certificate',
      { name: 'FetchError', code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' },
      false,
      'TLS',
    ],
    [
      'self-signed',
      { name: 'FetchError', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' },
      false,
      'TLS',
    ],
    [
      'wrong name',
      {
        name: 'FetchError',
        code: 'ERR_TLS_CERT_ALTNAME_INVALID',
        message: "Hostname/IP does not match certificate's altnames",
      },
      false,
      'TLS',
    ],
    [
      'timeout',
      { name: 'AbortError', type: 'aborted', message: 'The user aborted a request.' },
      false,
      'TIMEOUT',
    ],
    ['timeout while reading', { name: 'AbortError', type: 'aborted' }, true, 'TIMEOUT'],
    [
      'reset while reading',
      { name: 'FetchError', code: 'ECONNRESET', message: 'socket hang up' },
      true,
      'PARTIAL_LIST',
    ],
    ['premature close', { name: 'FetchError', code: 'ERR_STREAM_PREMATURE_CLOSE' }, true, 'PARTIAL_LIST'],
  ])('%s', (_name, err, answered, code) => {
    const e = errorForTransport(err, subject, at, 30_000, answered);
    expect(e.code).toBe(code);
    expect(e.message).not.toContain('\n');
    expect(e.hint).toBeDefined();
  });

  it.each<[number, LiveFailureCode]>([
    [401, 'UNAUTHORIZED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_SERVED'],
    [410, 'PARTIAL_LIST'],
    [429, 'SERVER_ERROR'],
    [500, 'SERVER_ERROR'],
    [502, 'SERVER_ERROR'],
  ])('status %i → %s', (status, code) => {
    expect(errorForStatus(status, '<html>proxy error</html>', subject, at).code).toBe(code);
  });

  it('a server message with control characters stays on one line', () => {
    const e = errorForStatus(
      500,
      JSON.stringify({ kind: 'Status', message: 'bad\n\u001b[31mthing' }),
      subject,
      at,
    );
    expect(e.message).toBe(
      'the API server https://10.0.0.1:6443 answered 500 Internal Server Error to list pods at cluster scope: bad [31mthing',
    );
  });
});

describe('parseDuration (--request-timeout)', () => {
  it.each([
    ['30s', 30_000],
    ['500ms', 500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    ['10', 10_000],
    ['0', 0],
  ])('%s → %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  it.each(['', 'soon', '-1s', '1d', '1 s'])('%j is a usage error', (text) => {
    expect(() => parseDuration(text)).toThrow(/not a duration/);
  });
});

describe('renderSnapshot', () => {
  it('YAML reads back to the same strings, including those YAML 1.1 would take for booleans or numbers', () => {
    const tricky = fc.constantFrom(
      'on',
      'off',
      'y',
      'n',
      'yes',
      'No',
      '0x1F',
      '010',
      '1e3',
      '1_000',
      '12:30',
      '2024-01-01',
      '~',
      'null',
      '',
      ' x',
      '-',
      '*a',
      '#c',
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.oneof(tricky, fc.string()), fc.oneof(tricky, fc.string()), { maxKeys: 6 }),
        (labels) => {
          const list = {
            apiVersion: 'v1',
            kind: 'List',
            items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', labels } }],
          };
          const text = renderSnapshot(list, 'yaml', ['a comment']);
          const parsed = parseInputs([{ name: 'x.yaml', text }]);
          expect(parsed.diagnostics).toEqual([]);
          expect((parsed.objects[0]!.value.metadata as { labels: unknown }).labels).toEqual(labels);
        },
      ),
      { numRuns: 300 },
    );
  });
});
