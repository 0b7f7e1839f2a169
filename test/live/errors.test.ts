import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { type Behaviour, type FakeApiServer, startFakeApiServer } from './fake-api-server.js';
import { manifestObjects, scratchDir, serverLists, TOKEN, writeKubeconfig } from './support.js';

const tutorial = ['examples/tutorial/namespaces.yaml', 'examples/tutorial/pods.yaml'];
const PODS = '/api/v1/pods';
const NETPOL = '/apis/networking.k8s.io/v1/networkpolicies';
const SERVICES = '/api/v1/services';

let server: FakeApiServer;
let scratch: ReturnType<typeof scratchDir>;
let kubeconfig: string;

beforeAll(async () => {
  server = await startFakeApiServer({
    token: TOKEN,
    lists: serverLists(manifestObjects(tutorial)),
    pageCap: 2,
    maxRequests: 2000,
    user: 'jane',
  });
  scratch = scratchDir();
  kubeconfig = writeKubeconfig(
    scratch.dir,
    [
      { name: 'good', server: server.url, token: TOKEN },
      { name: 'bad-token', server: server.url, token: 'expired' },
      { name: 'gone', server: 'http://127.0.0.1:9', token: TOKEN },
    ],
    'good',
  );
});

afterEach(() => {
  for (const path of [PODS, NETPOL, SERVICES]) server.fail(path, undefined);
});

afterAll(async () => {
  await server.close();
  scratch.remove();
});

/** One clear line, a hint, exit 3, and never a stack trace. */
function expectFailure(r: { code: number; stderr: string; stdout: string }, message: RegExp) {
  expect(r.code).toBe(3);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^kubereach: /);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error|Error:/);
  expect(lines.length).toBeLessThanOrEqual(2);
  if (lines.length === 2) expect(lines[1]).toMatch(/^ {2}hint: /);
}

describe('a cluster that cannot be read: one line, a hint, exit 3', () => {
  it.each<[string, string, Behaviour | undefined, string[], RegExp]>([
    [
      '401: credentials rejected',
      '',
      undefined,
      ['--context', 'bad-token'],
      /rejected the credentials of context "bad-token" \(401 Unauthorized\)/,
    ],
    [
      '403: names verb, resource, group and scope',
      NETPOL,
      { type: 'forbidden' },
      [],
      /^kubereach: forbidden: cannot list networkpolicies\.networking\.k8s\.io at cluster scope \(as "jane"\)$/,
    ],
    [
      'unreachable server',
      '',
      undefined,
      ['--context', 'gone'],
      /cannot reach the API server http:\/\/127\.0\.0\.1:9 \(context "gone"\): .*ECONNREFUSED/,
    ],
    [
      'timeout',
      PODS,
      { type: 'hang' },
      ['--request-timeout', '1s'],
      // pods hang; on a loaded machine another list may be the first to run out of time
      /did not answer list [a-z.]+ at cluster scope within 1s/,
    ],
    [
      'answer cut short',
      PODS,
      { type: 'truncate' },
      [],
      /^kubereach: incomplete answer from the API server .* to list pods at cluster scope/,
    ],
    [
      'page expired while paging (410)',
      PODS,
      { type: 'expire-continue' },
      [],
      /incomplete read: the paged list pods at cluster scope expired before it was complete \(410 Gone\)/,
    ],
    [
      'not a Kubernetes answer',
      PODS,
      { type: 'not-json' },
      [],
      /incomplete answer .* the JSON is cut short or malformed/,
    ],
    [
      'server error',
      SERVICES,
      { type: 'status', code: 503 },
      [],
      /answered 503 Service Unavailable to list services at cluster scope: etcdserver: request timed out/,
    ],
  ])('%s', async (_name, path, behaviour, args, message) => {
    if (behaviour !== undefined) server.fail(path, behaviour);
    const r = await run(['matrix', '--kubeconfig', kubeconfig, ...args]);
    expectFailure(r, message);
    if (behaviour?.type === 'forbidden') expect(r.stderr).toMatch(/hint: .*kubereach-reader/);
  });

  it('403 on several resources names them all in one message', async () => {
    server.fail(NETPOL, { type: 'forbidden' });
    server.fail(PODS, { type: 'forbidden' });
    const r = await run(['check', 'dev1/demo1', 'dev2/demo2', '--kubeconfig', kubeconfig]);
    expectFailure(
      r,
      /^kubereach: forbidden: cannot list pods, networkpolicies\.networking\.k8s\.io at cluster scope \(as "jane"\)$/,
    );
  });

  it.each<[string, (dir: string) => { args: string[]; env: Record<string, string> }, RegExp]>([
    [
      'no kubeconfig anywhere',
      () => ({ args: [], env: {} }),
      /no paths were given and no kubeconfig was found/,
    ],
    [
      'HOME without ~/.kube/config',
      (dir) => ({ args: [], env: { HOME: dir } }),
      /no paths were given and no kubeconfig was found/,
    ],
    [
      '--kubeconfig that does not exist',
      (dir) => ({ args: ['--kubeconfig', join(dir, 'nope')], env: {} }),
      /kubeconfig .*nope does not exist/,
    ],
    [
      'KUBECONFIG files that do not exist',
      (dir) => ({ args: [], env: { KUBECONFIG: join(dir, 'a') } }),
      /none of the files in KUBECONFIG exists/,
    ],
    [
      'unknown --context',
      () => ({ args: ['--kubeconfig', kubeconfig, '--context', 'prod'], env: {} }),
      /context "prod" does not exist in the kubeconfig/,
    ],
    [
      'kubeconfig that is not YAML',
      (dir) => {
        writeFileSync(join(dir, 'broken'), 'clusters: [\n');
        return { args: ['--kubeconfig', join(dir, 'broken')], env: {} };
      },
      /kubeconfig .*broken cannot be read/,
    ],
    [
      'kubeconfig without a current context',
      (dir) => {
        writeFileSync(join(dir, 'empty'), 'apiVersion: v1\nkind: Config\n');
        return { args: ['--kubeconfig', join(dir, 'empty')], env: {} };
      },
      /the kubeconfig has no current context/,
    ],
  ])('%s', async (_name, setup, message) => {
    const { args, env } = setup(scratch.dir);
    const r = await run(['matrix', ...args], { env });
    expectFailure(r, message);
  });

  it('KUBECONFIG merges files, the first to name something wins', async () => {
    const first = writeKubeconfig(
      scratch.dir,
      [{ name: 'good', server: server.url, token: TOKEN }],
      'good',
      'one',
    );
    const second = writeKubeconfig(
      scratch.dir,
      [{ name: 'good', server: 'http://127.0.0.1:9', token: 'x' }],
      'good',
      'two',
    );
    const r = await run(['matrix', '-o', 'json'], { env: { KUBECONFIG: `${first}:${second}` } });
    expect(r.code).toBe(0);
    const r2 = await run(['matrix', '-o', 'json'], { env: { KUBECONFIG: `${second}:${first}` } });
    expect(r2.code).toBe(3);
  });

  it('the same errors leave every other verb with exit 3 too (snapshot)', async () => {
    const r = await run(['snapshot', '--kubeconfig', kubeconfig, '--context', 'bad-token']);
    expectFailure(r, /401 Unauthorized/);
  });
});
