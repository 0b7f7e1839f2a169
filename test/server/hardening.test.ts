/**
 * The studio server from an attacker's side, written apart from the server's own tests: where it
 * listens, which Host headers it answers, how much it reads, which paths it serves, which files
 * a save may write, and that no response ever carries the kubeconfig or its credentials.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileProvider } from '../../src/server/file-provider.js';
import { createLiveProvider } from '../../src/server/live-provider.js';
import { type StudioServer, startStudioServer } from '../../src/server/server.js';
import { type FakeApiServer, startFakeApiServer } from '../live/fake-api-server.js';
import { writeKubeconfig } from '../live/support.js';
import { type RawResponse, rawRequest, sessionHeaders } from './support.js';

const LIMIT = 64 * 1024;
const SECRET_TOKEN = 'sk-hardening-do-not-leak-0123456789';
const OUTSIDE_TEXT = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: outside-the-served-paths\n';
const SAVE = { 'content-type': 'application/json', 'x-kubereach-studio': '1' };

/** A raw request on a socket, byte for byte as written (no header or path normalisation). */
function rawSocket(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
    socket.write(request);
  });
}

const statusOf = (response: string) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1] ?? 0);

describe('studio server hardening', () => {
  let dir: string;
  let server: StudioServer;
  let served: string;
  const texts = new Map<string, string>();

  /** Every response body seen by these tests, checked for credentials at the end. */
  const seen: string[] = [];
  const request = async (options: Parameters<typeof rawRequest>[1]): Promise<RawResponse> => {
    const r = await rawRequest(server.port, {
      ...options,
      headers: { ...sessionHeaders(server), ...options.headers },
    });
    seen.push(r.body, JSON.stringify(r.headers));
    return r;
  };
  const get = (path: string, headers: Record<string, string> = {}) => request({ path, headers });
  const save = (files: unknown) =>
    request({ method: 'PUT', path: '/api/files', headers: SAVE, body: JSON.stringify({ files }) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubereach-hardening-'));
    served = join(dir, 'served');
    cpSync('examples/tutorial', served, { recursive: true });
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'outside', 'secret.yaml'), OUTSIDE_TEXT);
    writeFileSync(join(served, 'notes.txt'), 'not a manifest');
    symlinkSync(join(dir, 'outside', 'secret.yaml'), join(served, 'link-out.yaml'));
    for (const f of readdirSync(served))
      if (f.endsWith('.yaml')) texts.set(f, readFileSync(join(served, f), 'utf8'));
    // a kubeconfig with a token, where kubectl would look for it, next to the served files
    writeFileSync(
      join(dir, 'kubeconfig'),
      `apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: ${SECRET_TOKEN}\n`,
    );
    const assets = join(dir, 'web');
    mkdirSync(join(assets, 'assets'), { recursive: true });
    writeFileSync(join(assets, 'index.html'), '<!doctype html><title>studio</title>');
    writeFileSync(join(assets, 'assets', 'app.js'), 'console.log("studio")');
    server = await startStudioServer({
      provider: createFileProvider(['served'], { cwd: dir }),
      port: 0,
      assetsDir: `${assets}/`,
      maxBodyBytes: LIMIT,
    });
    await get('/api/snapshot'); // what a save may write is what the last snapshot served
  });

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('binding', () => {
    it('binds 127.0.0.1 unless told otherwise', () => {
      expect(server.host).toBe('127.0.0.1');
      expect(server.origin).toBe(`http://127.0.0.1:${server.port}/`);
      expect(server.url).toBe(`${server.origin}?token=${server.token}`);
    });

    it('cannot be reached on any other address of the machine', async () => {
      const others = Object.values(networkInterfaces())
        .flat()
        .filter((i) => i !== undefined && !i.internal && i.family === 'IPv4');
      for (const other of others) {
        const reached = await new Promise<boolean>((resolve) => {
          const socket = connect({ host: other!.address, port: server.port, timeout: 2000 });
          socket.on('connect', () => {
            socket.destroy();
            resolve(true);
          });
          socket.on('error', () => resolve(false));
          socket.on('timeout', () => {
            socket.destroy();
            resolve(false);
          });
        });
        expect(reached).toBe(false);
      }
    });
  });

  describe('Host header (DNS rebinding)', () => {
    const hosts = [
      'evil.example',
      'evil.example:PORT',
      '127.0.0.1.nip.io:PORT',
      'localhost.evil.example:PORT',
      'localhost:OTHER',
      '127.0.0.2:PORT',
      '0.0.0.0:PORT',
      '127.0.0.1:PORT@evil.example',
      '[::ffff:127.0.0.1]:PORT',
      '',
    ];
    const paths = ['/', '/index.html', '/assets/app.js', '/api/snapshot', '/api/events'];
    it.each(hosts)('Host %j gets 403 on every path, and nothing of the manifests', async (host) => {
      const value = host.replace('PORT', String(server.port)).replace('OTHER', String(server.port + 1));
      for (const path of paths) {
        const r = await get(path, { host: value });
        expect(r.status).toBe(403);
        expect(r.body).not.toContain('demo');
      }
      const put = await request({
        method: 'PUT',
        path: '/api/files',
        headers: { ...SAVE, host: value },
        body: JSON.stringify({ files: [{ name: 'served/pods.yaml', text: 'x' }] }),
      });
      expect(put.status).toBe(403);
      expect(readFileSync(join(served, 'pods.yaml'), 'utf8')).toBe(texts.get('pods.yaml'));
    });

    it('a request without any Host header gets 403', async () => {
      const response = await rawSocket(server.port, 'GET /api/snapshot HTTP/1.0\r\n\r\n');
      expect(statusOf(response)).toBe(403);
      expect(response).not.toContain('demo');
    });

    it('its own names are answered', async () => {
      for (const host of ['127.0.0.1:PORT', 'localhost:PORT']) {
        expect((await get('/', { host: host.replace('PORT', String(server.port)) })).status).toBe(200);
      }
    });
  });

  describe('request size', () => {
    it('a declared body over the limit gets 413 before it is read', async () => {
      const r = await request({
        method: 'PUT',
        path: '/api/files',
        headers: { ...SAVE, 'content-length': String(LIMIT + 1) },
        body: Buffer.alloc(0),
      });
      expect(r.status).toBe(413);
    });

    it('a chunked body that grows over the limit gets 413, and the server still answers', async () => {
      const chunk = Buffer.alloc(8 * 1024, 'a');
      const r = await request({
        method: 'PUT',
        path: '/api/files',
        headers: { ...SAVE, 'transfer-encoding': 'chunked' },
        chunks: Array.from({ length: LIMIT / chunk.length + 2 }, () => chunk),
      });
      expect(r.status).toBe(413);
      expect((await get('/')).status).toBe(200);
    });

    it('a body at the limit is read (and refused for what it says, not for its size)', async () => {
      const text = 'x'.repeat(LIMIT - 60);
      const body = JSON.stringify({ files: [{ name: 'served/nope.yaml', text }] });
      expect(body.length).toBeLessThanOrEqual(LIMIT);
      const r = await request({ method: 'PUT', path: '/api/files', headers: SAVE, body });
      expect(r.status).toBe(403);
    });
  });

  describe('paths', () => {
    const escapes = [
      '/../package.json',
      '/..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/..%2f..%2f..%2fpackage.json',
      '/assets/%2e%2e%5c%2e%2e%5cpackage.json',
      '/assets/..\\..\\package.json',
      '//etc/passwd',
      '/etc/passwd',
      '/%00/etc/passwd',
      '/index.html%00.js',
      '/served/pods.yaml',
      '/served/link-out.yaml',
      '/outside/secret.yaml',
      '/kubeconfig',
      '/api/files/../../outside/secret.yaml',
      '/api/snapshot/../../../outside/secret.yaml',
    ];
    it.each(escapes)('GET %s serves nothing from the disk', async (path) => {
      const response = await rawSocket(
        server.port,
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`,
      );
      seen.push(response);
      expect([200, 400, 404, 405]).toContain(statusOf(response));
      expect(response).not.toContain('"name": "kubereach"');
      expect(response).not.toContain('root:');
      expect(response).not.toContain('outside-the-served-paths');
      expect(response).not.toContain(SECRET_TOKEN);
      // a 200 is the page itself (a path that normalises into it), never a file
      if (statusOf(response) === 200) expect(response).toContain('<title>studio</title>');
    });

    it('the snapshot holds the served manifests only: no link out, no other file', async () => {
      const r = await get('/api/snapshot');
      const snapshot = JSON.parse(r.body) as { files: { name: string; text: string }[] };
      expect(snapshot.files.map((f) => f.name).sort()).toEqual(
        [...texts.keys()]
          .filter((f) => f !== 'link-out.yaml')
          .map((f) => `served/${f}`)
          .sort(),
      );
      expect(r.body).not.toContain('outside-the-served-paths');
      expect(r.body).not.toContain('not a manifest');
    });
  });

  describe('saves', () => {
    const refused = [
      '../outside/secret.yaml',
      'outside/secret.yaml',
      'served/../outside/secret.yaml',
      'served/./pods.yaml',
      './served/pods.yaml',
      'served//pods.yaml',
      'served%2fpods.yaml',
      'served/link-out.yaml',
      'served/notes.txt',
      'served/new.yaml',
      'served/pods.yaml\u0000.txt',
      'kubeconfig',
      '/etc/passwd',
      '',
    ];
    it.each(refused)('a save to %j is refused and writes nothing', async (name) => {
      const before = readdirSync(served).sort();
      const r = await save([{ name, text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: pwned}\n' }]);
      expect(r.status).toBe(403);
      expect(readdirSync(served).sort()).toEqual(before);
      expect(readFileSync(join(dir, 'outside', 'secret.yaml'), 'utf8')).toBe(OUTSIDE_TEXT);
      expect(readFileSync(join(served, 'pods.yaml'), 'utf8')).toBe(texts.get('pods.yaml'));
      expect(existsSync(join(dir, 'outside', 'pwned'))).toBe(false);
    });

    it.each([
      ['without the studio header (a form on another site)', { 'content-type': 'application/json' }, 403],
      ['as a simple cross-site form', { 'content-type': 'text/plain', 'x-kubereach-studio': '1' }, 415],
      ['from another origin', { ...SAVE, origin: 'http://evil.example' }, 403],
      ['from a look-alike origin', { ...SAVE, origin: 'http://127.0.0.1.evil.example' }, 403],
    ])('a save %s is refused', async (_what, headers, status) => {
      const r = await request({
        method: 'PUT',
        path: '/api/files',
        headers: headers as Record<string, string>,
        body: JSON.stringify({ files: [{ name: 'served/pods.yaml', text: 'x' }] }),
      });
      expect(r.status).toBe(status);
      expect(readFileSync(join(served, 'pods.yaml'), 'utf8')).toBe(texts.get('pods.yaml'));
    });

    it('an absolute path to a served file is not its served name: refused', async () => {
      const r = await save([{ name: join(served, 'pods.yaml'), text: 'x' }]);
      expect(r.status).toBe(403);
      expect(readFileSync(join(served, 'pods.yaml'), 'utf8')).toBe(texts.get('pods.yaml'));
    });

    it('a save with one refused file writes none of them', async () => {
      const r = await save([
        { name: 'served/namespaces.yaml', text: '# changed\n' },
        { name: 'outside/secret.yaml', text: 'x' },
      ]);
      expect(r.status).toBe(403);
      expect(readFileSync(join(served, 'namespaces.yaml'), 'utf8')).toBe(texts.get('namespaces.yaml'));
    });

    it('a save to a loaded file is written', async () => {
      const text = `${texts.get('namespaces.yaml')}# saved by the studio\n`;
      const r = await save([{ name: 'served/namespaces.yaml', text }]);
      expect(r.status).toBe(200);
      expect(readFileSync(join(served, 'namespaces.yaml'), 'utf8')).toBe(text);
    });

    it('a loaded file swapped for a link out since it was read is not written through', async () => {
      const victim = join(served, 'http-echo.yaml');
      unlinkSync(victim);
      symlinkSync(join(dir, 'outside', 'secret.yaml'), victim);
      const r = await save([{ name: 'served/http-echo.yaml', text: 'pwned' }]);
      expect([403, 409]).toContain(r.status);
      expect(readFileSync(join(dir, 'outside', 'secret.yaml'), 'utf8')).toBe(OUTSIDE_TEXT);
    });
  });

  describe('new files', () => {
    const policy = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: created}\n';
    it.each([
      '../outside/new.yaml',
      'served/../outside/new.yaml',
      'served/link-out.yaml',
      'served/new.txt',
      '/tmp/new.yaml',
    ])('creating %j is refused and writes nothing', async (name) => {
      const before = readdirSync(served).sort();
      const r = await save([{ name, text: policy, create: true }]);
      expect([403, 409]).toContain(r.status);
      expect(readdirSync(served).sort()).toEqual(before);
      expect(readdirSync(join(dir, 'outside'))).toEqual(['secret.yaml']);
      expect(readFileSync(join(dir, 'outside', 'secret.yaml'), 'utf8')).toBe(OUTSIDE_TEXT);
    });

    it('needs the session and the studio header like any save', async () => {
      const body = JSON.stringify({ files: [{ name: 'served/created.yaml', text: policy, create: true }] });
      const anonymous = await rawRequest(server.port, {
        method: 'PUT',
        path: '/api/files',
        headers: SAVE,
        body,
      });
      expect(anonymous.status).toBe(401);
      const noHeader = await request({
        method: 'PUT',
        path: '/api/files',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(noHeader.status).toBe(403);
      expect(existsSync(join(served, 'created.yaml'))).toBe(false);
      const r = await save([{ name: 'served/created.yaml', text: policy, create: true }]);
      expect(r.status).toBe(200);
      expect(readFileSync(join(served, 'created.yaml'), 'utf8')).toBe(policy);
      expect((await save([{ name: 'served/created.yaml', text: 'again', create: true }])).status).toBe(409);
      unlinkSync(join(served, 'created.yaml'));
    });
  });

  describe('the launch token (other users of the machine)', () => {
    /** A request as another local user sends it: everything but the session. */
    const stranger = async (options: Parameters<typeof rawRequest>[1]) => {
      const r = await rawRequest(server.port, options);
      seen.push(r.body, JSON.stringify(r.headers));
      return r;
    };
    const apiPaths = ['/api/snapshot', '/api/events', '/api/files', '/api/nothing'];

    it.each([
      ['no cookie', {}],
      ['a wrong cookie', { cookie: `kubereach-session-${0}=x` }],
      ['the token in a cookie of another name', { cookie: 'kubereach-session-1=TOKEN' }],
      ['the token one character short', { cookie: 'NAME=SHORT' }],
      ['the token as a query parameter', {}, '?token=TOKEN'],
      ['the token in the token header', { 'x-kubereach-token': 'TOKEN' }],
    ])(
      'a request with %s gets 401 on every /api path, and nothing of the manifests',
      async (_what, headers, query = '') => {
        const fill = (v: string) =>
          v
            .replace('NAME', `kubereach-session-${server.port}`)
            .replace('SHORT', server.token!.slice(0, -1))
            .replace('TOKEN', server.token!);
        const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, fill(v)]));
        for (const path of apiPaths) {
          const r = await stranger({ path: path + fill(query), headers: h });
          expect(r.status).toBe(401);
          expect(r.body).not.toContain('demo');
        }
        const put = await stranger({
          method: 'PUT',
          path: `/api/files${fill(query)}`,
          headers: { ...SAVE, ...h },
          body: JSON.stringify({ files: [{ name: 'served/pods.yaml', text: 'pwned' }] }),
        });
        expect(put.status).toBe(401);
        expect(readFileSync(join(served, 'pods.yaml'), 'utf8')).toBe(texts.get('pods.yaml'));
      },
    );

    it('the page itself needs no token (it holds no manifest)', async () => {
      expect((await stranger({ path: '/' })).status).toBe(200);
      expect((await stranger({ path: '/assets/app.js' })).status).toBe(200);
    });

    it('a wrong token is not traded for a session', async () => {
      for (const token of ['', 'x', server.token!.slice(1), `${server.token}x`]) {
        const r = await stranger({
          method: 'POST',
          path: '/api/session',
          headers: { 'x-kubereach-token': token },
        });
        expect(r.status).toBe(401);
        expect(r.headers['set-cookie']).toBeUndefined();
      }
      expect((await stranger({ path: '/api/session' })).status).toBe(405);
    });

    it('the right token is traded for an HttpOnly, SameSite=Strict cookie that opens the API', async () => {
      const r = await stranger({
        method: 'POST',
        path: '/api/session',
        headers: { 'x-kubereach-token': server.token! },
      });
      expect(r.status).toBe(204);
      const cookie = String(r.headers['set-cookie']);
      expect(cookie).toMatch(new RegExp(`^kubereach-session-${server.port}=${server.token}; `));
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Strict');
      const snapshot = await stranger({ path: '/api/snapshot', headers: { cookie: cookie.split(';')[0]! } });
      expect(snapshot.status).toBe(200);
    });

    it.each(['cross-site', 'same-site'])(
      'a request a browser marks Sec-Fetch-Site: %s is refused, session or not',
      async (site) => {
        for (const path of [...apiPaths, '/api/session']) {
          const r = await request({ path, headers: { 'sec-fetch-site': site } });
          expect(r.status).toBe(403);
          expect(r.body).not.toContain('demo');
        }
        const put = await request({
          method: 'PUT',
          path: '/api/files',
          headers: { ...SAVE, 'sec-fetch-site': site },
          body: JSON.stringify({ files: [{ name: 'served/pods.yaml', text: 'pwned' }] }),
        });
        expect(put.status).toBe(403);
        expect(readFileSync(join(served, 'pods.yaml'), 'utf8')).toBe(texts.get('pods.yaml'));
      },
    );

    it('same-origin and user-typed requests are answered', async () => {
      for (const site of ['same-origin', 'none']) {
        expect((await request({ path: '/api/snapshot', headers: { 'sec-fetch-site': site } })).status).toBe(
          200,
        );
      }
    });
  });

  describe('credentials', () => {
    it('no response so far carried the kubeconfig or its token', async () => {
      const previous = process.env.KUBECONFIG;
      process.env.KUBECONFIG = join(dir, 'kubeconfig');
      try {
        for (const path of ['/', '/index.html', '/assets/app.js', '/api/snapshot']) await get(path);
      } finally {
        if (previous === undefined) delete process.env.KUBECONFIG;
        else process.env.KUBECONFIG = previous;
      }
      expect(seen.length).toBeGreaterThan(50);
      for (const body of seen) {
        expect(body).not.toContain(SECRET_TOKEN);
        expect(body).not.toContain('kind: Config');
      }
    });
  });
});

describe('studio server on a live cluster: no credentials to the browser', () => {
  let api: FakeApiServer;
  let server: StudioServer;
  let scratch: string;
  const TOKEN = 'live-token-must-stay-on-the-server-42';

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'kubereach-hardening-live-'));
    api = await startFakeApiServer({
      token: TOKEN,
      lists: {
        '/api/v1/namespaces': [
          { metadata: { name: 'dev', labels: { 'kubernetes.io/metadata.name': 'dev' } } },
        ],
        '/api/v1/pods': [
          {
            metadata: { name: 'web', namespace: 'dev', labels: { app: 'web' } },
            spec: { containers: [{ name: 'c', image: 'i' }] },
            status: { phase: 'Running', podIP: '10.0.0.9' },
          },
        ],
      },
    });
    const kubeconfig = writeKubeconfig(scratch, [{ name: 'ctx', server: api.url, token: TOKEN }], 'ctx');
    const assets = join(scratch, 'web');
    mkdirSync(assets);
    writeFileSync(join(assets, 'index.html'), '<!doctype html><title>studio</title>');
    server = await startStudioServer({
      provider: await createLiveProvider({ kubeconfig, env: {}, cwd: scratch, debounceMs: 10 }),
      port: 0,
      assetsDir: `${assets}/`,
    });
  });

  afterAll(async () => {
    await server.close();
    await api.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('the snapshot has the objects, read-only, and neither the token nor the kubeconfig', async () => {
    const r = await rawRequest(server.port, { path: '/api/snapshot', headers: sessionHeaders(server) });
    expect(r.status).toBe(200);
    const snapshot = JSON.parse(r.body) as { files: { text: string; writable: boolean }[] };
    expect(snapshot.files.map((f) => f.writable)).toEqual([false]);
    expect(r.body).toContain('web');
    expect(r.body).not.toContain(TOKEN);
    expect(r.body).not.toContain('insecure-skip-tls-verify');
    expect(r.body).not.toContain('users:');
    expect(r.body).not.toContain('managedFields');
  });

  it('saves are refused: the cluster is read-only', async () => {
    const r = await rawRequest(server.port, {
      method: 'PUT',
      path: '/api/files',
      headers: { ...sessionHeaders(server), ...SAVE },
      body: JSON.stringify({ files: [{ name: 'cluster-ctx.yaml', text: 'x' }] }),
    });
    expect(r.status).toBe(403);
    expect(r.body).not.toContain(TOKEN);
    expect(api.requests.every((q) => q.method === 'GET')).toBe(true);
  });
});
