import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFileProvider, isInside } from '../../src/server/file-provider.js';
import { allowedHosts, isLoopback } from '../../src/server/hosts.js';
import type { StudioSnapshot } from '../../src/server/protocol.js';
import type { SnapshotProvider } from '../../src/server/provider.js';
import { type StudioServer, startStudioServer } from '../../src/server/server.js';
import { fakeAssets, rawRequest, sessionHeaders, tutorialCopy } from './support.js';

const SAVE_HEADERS = { 'content-type': 'application/json', 'x-kubereach-studio': '1' };

describe('studio server', () => {
  let work: ReturnType<typeof tutorialCopy>;
  let server: StudioServer;
  let outside: string;

  beforeAll(async () => {
    work = tutorialCopy();
    outside = join(work.dir, 'outside');
    mkdirSync(outside);
    writeFileSync(
      join(outside, 'secret.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: top-secret-outside\n',
    );
    writeFileSync(join(work.dir, 'tutorial', 'notes.txt'), 'not a manifest');
    // a link inside the served directory to a file outside it, and one to a file inside it
    symlinkSync(join(outside, 'secret.yaml'), join(work.dir, 'tutorial', 'escape.yaml'));
    symlinkSync(join(work.dir, 'tutorial', 'namespaces.yaml'), join(work.dir, 'tutorial', 'alias.yaml'));
    server = await startStudioServer({
      provider: createFileProvider(['tutorial'], { cwd: work.dir }),
      port: 0,
      assetsDir: fakeAssets(work.dir),
      maxBodyBytes: 64 * 1024,
    });
  });
  afterAll(async () => {
    await server.close();
    work.cleanup();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(server.port, { path, headers: { ...sessionHeaders(server), ...headers } });
  const save = (files: unknown, headers: Record<string, string> = SAVE_HEADERS) =>
    rawRequest(server.port, {
      method: 'PUT',
      path: '/api/files',
      headers: { ...sessionHeaders(server), ...headers },
      body: JSON.stringify({ files }),
    });

  describe('binding', () => {
    it('listens on 127.0.0.1 by default', () => {
      expect(server.host).toBe('127.0.0.1');
      expect(server.origin).toBe(`http://127.0.0.1:${server.port}/`);
      expect(server.url).toBe(`${server.origin}?token=${server.token}`);
    });

    it('is not reachable on the machine’s other addresses', async () => {
      const other = Object.values(networkInterfaces())
        .flat()
        .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal);
      if (other === undefined) return; // no other interface on this machine
      const { request } = await import('node:http');
      const refused = await new Promise<boolean>((resolve) => {
        const req = request({ host: other.address, port: server.port, path: '/', timeout: 2000 }, () =>
          resolve(false),
        );
        req.on('error', () => resolve(true));
        req.on('timeout', () => {
          req.destroy();
          resolve(true);
        });
        req.end();
      });
      expect(refused).toBe(true);
    });

    it.each([
      ['127.0.0.1', true],
      ['127.8.9.1', true],
      ['::1', true],
      ['[::1]', true],
      ['localhost', true],
      ['0.0.0.0', false],
      ['192.168.1.5', false],
      ['::', false],
    ])('%s is loopback: %s', (host, loopback) => {
      expect(isLoopback(host)).toBe(loopback);
    });

    it('answers to its own names only, and to the machine’s when bound to every interface', () => {
      expect([...allowedHosts('127.0.0.1', 7457)].sort()).toEqual([
        '127.0.0.1:7457',
        '[::1]:7457',
        'localhost:7457',
      ]);
      expect(allowedHosts('192.168.1.5', 80, ['studio.lan'])).toEqual(
        new Set([
          'localhost:80',
          'localhost',
          '127.0.0.1:80',
          '127.0.0.1',
          '[::1]:80',
          '[::1]',
          '192.168.1.5:80',
          '192.168.1.5',
          'studio.lan:80',
          'studio.lan',
        ]),
      );
      expect(allowedHosts('0.0.0.0', 1234).has('127.0.0.1:1234')).toBe(true);
    });
  });

  describe('DNS rebinding', () => {
    it.each([
      ['evil.example:PORT'],
      ['evil.example'],
      ['127.0.0.1.evil.example:PORT'],
      ['127.0.0.1:1'],
      [''],
    ])('refuses Host %j with 403', async (host) => {
      for (const path of ['/', '/api/snapshot']) {
        const r = await get(path, { host: host.replace('PORT', String(server.port)) });
        expect(r.status).toBe(403);
        expect(r.body).not.toContain('kube-demo');
      }
    });

    it.each(['127.0.0.1:PORT', 'localhost:PORT', 'LOCALHOST:PORT'])('answers Host %j', async (host) => {
      expect((await get('/', { host: host.replace('PORT', String(server.port)) })).status).toBe(200);
    });

    it('refuses a save posted from another origin', async () => {
      const r = await save([{ name: 'tutorial/pods.yaml', text: 'x' }], {
        ...SAVE_HEADERS,
        origin: 'http://evil.example',
      });
      expect(r.status).toBe(403);
    });
  });

  describe('requests', () => {
    it('serves the page with a strict content security policy', async () => {
      const r = await get('/');
      expect(r.status).toBe(200);
      expect(r.headers['content-security-policy']).toContain("default-src 'none'");
      expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect((await get('/assets/app.js')).headers['content-type']).toContain('text/javascript');
    });

    it('serves the snapshot: the manifests and nothing else', async () => {
      const r = await get('/api/snapshot');
      expect(r.status).toBe(200);
      expect(r.headers['cache-control']).toBe('no-store');
      const snap = JSON.parse(r.body) as StudioSnapshot;
      expect(snap.source).toEqual({ type: 'files', description: 'files: tutorial' });
      const names = snap.files.map((f) => f.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'tutorial/alias.yaml',
          'tutorial/http-echo.yaml',
          'tutorial/namespaces.yaml',
          'tutorial/pods.yaml',
          'tutorial/policy-deny-all.yaml',
          'tutorial/policy-kube-demo.yaml',
        ]),
      );
      expect(names).not.toContain('tutorial/escape.yaml');
      expect(names).not.toContain('tutorial/notes.txt');
      expect(snap.files.every((f) => f.writable)).toBe(true);
      expect(snap.files.find((f) => f.name === 'tutorial/pods.yaml')?.text).toBe(
        readFileSync(join(work.dir, 'tutorial', 'pods.yaml'), 'utf8'),
      );
    });

    it('does not serve a link to a file outside the served paths, and says so', async () => {
      const r = await get('/api/snapshot');
      expect(r.body).not.toContain('top-secret-outside');
      const snap = JSON.parse(r.body) as StudioSnapshot;
      expect(snap.problems).toContainEqual(
        expect.objectContaining({
          file: 'tutorial/escape.yaml',
          message: expect.stringContaining('outside the served paths'),
        }),
      );
    });

    it.each(['PATCH', 'DELETE'])('refuses %s', async (method) => {
      expect((await rawRequest(server.port, { method, path: '/' })).status).toBe(405);
    });

    it.each([
      '/../../../etc/passwd',
      '/assets/../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '//etc/passwd',
      '/tutorial/pods.yaml',
      '/api/../tutorial/pods.yaml',
      '/..%5c..%5cetc%5cpasswd',
      '/index.html%00.js',
    ])('does not serve %s', async (path) => {
      const r = await get(path);
      expect([403, 404]).toContain(r.status);
      expect(r.body).not.toContain('root:');
      expect(r.body).not.toContain('kind: Pod');
    });
  });

  describe('saves', () => {
    const kubeDemo = () => join(work.dir, 'tutorial', 'policy-kube-demo.yaml');
    let original: string;
    beforeAll(() => {
      original = readFileSync(kubeDemo(), 'utf8');
    });
    afterEach(() => writeFileSync(kubeDemo(), original));

    it('writes a served file', async () => {
      const text = original.replace('port: 80', 'port: 8080');
      const r = await save([{ name: 'tutorial/policy-kube-demo.yaml', text }]);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toEqual({ saved: ['tutorial/policy-kube-demo.yaml'] });
      expect(readFileSync(kubeDemo(), 'utf8')).toBe(text);
    });

    it('writes through a link inside the served paths to its target', async () => {
      const target = join(work.dir, 'tutorial', 'namespaces.yaml');
      const before = readFileSync(target, 'utf8');
      expect((await save([{ name: 'tutorial/alias.yaml', text: `${before}# edited\n` }])).status).toBe(200);
      expect(readFileSync(target, 'utf8')).toBe(`${before}# edited\n`);
      writeFileSync(target, before);
    });

    it.each([
      ['a path out of the served directory', '../outside/secret.yaml'],
      ['an absolute path', join(work?.dir ?? '/tmp', 'outside', 'secret.yaml')],
      ['a link to a file outside', 'tutorial/escape.yaml'],
      ['a file that was not loaded', 'tutorial/notes.txt'],
      ['a new file', 'tutorial/new.yaml'],
      ['a traversal through a served directory', 'tutorial/../outside/secret.yaml'],
    ])('refuses %s', async (_what, name) => {
      const secret = readFileSync(join(outside, 'secret.yaml'), 'utf8');
      const r = await save([{ name, text: 'pwned' }]);
      expect(r.status).toBe(403);
      expect(readFileSync(join(outside, 'secret.yaml'), 'utf8')).toBe(secret);
      expect(existsSync(join(work.dir, 'tutorial', 'new.yaml'))).toBe(false);
      expect(readFileSync(join(work.dir, 'tutorial', 'notes.txt'), 'utf8')).toBe('not a manifest');
    });

    it('refuses to overwrite a file that changed on disk since it was loaded', async () => {
      const changed = `${original}# edited by someone else\n`;
      writeFileSync(kubeDemo(), changed);
      const r = await save([{ name: 'tutorial/policy-kube-demo.yaml', text: 'mine', base: original }]);
      expect(r.body).toContain('changed on disk');
      expect(r.status).toBe(409);
      expect(JSON.parse(r.body).error).toContain('changed on disk');
      expect(readFileSync(kubeDemo(), 'utf8')).toBe(changed);
      // with the text it was loaded with, the save goes through
      const ok = await save([{ name: 'tutorial/policy-kube-demo.yaml', text: 'mine', base: changed }]);
      expect(ok.status).toBe(200);
      expect(readFileSync(kubeDemo(), 'utf8')).toBe('mine');
    });

    it('writes nothing when one file of a save is refused', async () => {
      const r = await save([
        { name: 'tutorial/policy-kube-demo.yaml', text: 'changed' },
        { name: '../outside/secret.yaml', text: 'pwned' },
      ]);
      expect(r.status).toBe(403);
      expect(readFileSync(kubeDemo(), 'utf8')).toBe(original);
    });

    it('refuses a served file that was swapped for a link since it was read', async () => {
      const path = join(work.dir, 'tutorial', 'policy-deny-all.yaml');
      const before = readFileSync(path, 'utf8');
      rmSync(path);
      symlinkSync(join(outside, 'secret.yaml'), path);
      try {
        const r = await save([{ name: 'tutorial/policy-deny-all.yaml', text: 'pwned' }]);
        expect(r.status).toBe(409);
        expect(readFileSync(join(outside, 'secret.yaml'), 'utf8')).toContain('top-secret-outside');
      } finally {
        rmSync(path);
        writeFileSync(path, before);
      }
    });

    it.each([
      ['without the studio header', { 'content-type': 'application/json' }, 403],
      ['as a form', { 'content-type': 'application/x-www-form-urlencoded', 'x-kubereach-studio': '1' }, 415],
    ])('refuses a save %s', async (_what, headers, status) => {
      const r = await save([{ name: 'tutorial/policy-kube-demo.yaml', text: 'x' }], headers);
      expect(r.status).toBe(status);
      expect(readFileSync(kubeDemo(), 'utf8')).toBe(original);
    });

    it.each([
      ['not JSON', '{files'],
      ['no file list', '{"files": 3}'],
      ['a file without text', '{"files": [{"name": "tutorial/pods.yaml"}]}'],
      ['a base that is not text', '{"files": [{"name": "tutorial/pods.yaml", "text": "", "base": 1}]}'],
    ])('answers 400 to %s', async (_what, body) => {
      const r = await rawRequest(server.port, {
        method: 'PUT',
        path: '/api/files',
        headers: { ...sessionHeaders(server), ...SAVE_HEADERS },
        body,
      });
      expect(r.status).toBe(400);
    });
  });

  describe('request size', () => {
    it('refuses a declared body over the limit with 413 before reading it', async () => {
      const r = await rawRequest(server.port, {
        method: 'PUT',
        path: '/api/files',
        headers: { ...sessionHeaders(server), ...SAVE_HEADERS, 'content-length': String(10 * 1024 * 1024) },
        body: Buffer.alloc(0),
      });
      expect(r.status).toBe(413);
    });

    it('refuses a chunked body that grows over the limit with 413', async () => {
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const r = await rawRequest(server.port, {
        method: 'PUT',
        path: '/api/files',
        headers: { ...sessionHeaders(server), ...SAVE_HEADERS, 'transfer-encoding': 'chunked' },
        chunks: Array.from({ length: 8 }, () => chunk),
      });
      expect(r.status).toBe(413);
    });
  });

  describe('credentials', () => {
    it('never sends the kubeconfig or its token', async () => {
      const kubeconfig = join(work.dir, 'kubeconfig');
      writeFileSync(
        kubeconfig,
        'apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: sk-very-secret-token\n',
      );
      const previous = process.env.KUBECONFIG;
      process.env.KUBECONFIG = kubeconfig;
      try {
        for (const path of ['/', '/api/snapshot', '/assets/app.js', '/api/events']) {
          const r = await get(path);
          expect(r.body).not.toContain('sk-very-secret-token');
          expect(r.body).not.toContain(kubeconfig);
        }
      } finally {
        if (previous === undefined) delete process.env.KUBECONFIG;
        else process.env.KUBECONFIG = previous;
      }
    });
  });
});

describe('startStudioServer', () => {
  it('refuses to start without a built studio', async () => {
    const provider: SnapshotProvider = { snapshot: async () => ({}) as StudioSnapshot };
    await expect(startStudioServer({ provider, port: 0, assetsDir: '/nonexistent/' })).rejects.toMatchObject({
      code: 'NO_ASSETS',
    });
  });

  it('reports a port in use', async () => {
    const work = tutorialCopy();
    const provider = createFileProvider(['tutorial'], { cwd: work.dir });
    const assetsDir = fakeAssets(work.dir);
    const first = await startStudioServer({ provider, port: 0, assetsDir });
    try {
      await expect(startStudioServer({ provider, port: first.port, assetsDir })).rejects.toMatchObject({
        code: 'ADDRESS_IN_USE',
      });
    } finally {
      await first.close();
      work.cleanup();
    }
  });

  it('tells the page when a watched source changes', async () => {
    const work = tutorialCopy();
    let notify: () => void = () => {};
    const base = createFileProvider(['tutorial'], { cwd: work.dir });
    const provider: SnapshotProvider = {
      snapshot: () => base.snapshot(),
      watch(onChange) {
        notify = onChange;
        return () => {};
      },
    };
    const server = await startStudioServer({ provider, port: 0, assetsDir: fakeAssets(work.dir) });
    try {
      const { request } = await import('node:http');
      const event = await new Promise<string>((resolve, reject) => {
        const headers = sessionHeaders(server);
        const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events', headers }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
            if (text.includes(': watching')) notify();
            if (text.includes('event: snapshot')) {
              resolve(text);
              req.destroy();
            }
          });
        });
        req.on('error', reject);
        req.end();
      });
      expect(event).toContain('event: snapshot');
    } finally {
      await server.close();
      work.cleanup();
    }
  });
});

describe('isInside', () => {
  it.each([
    ['/a/b', '/a/b', true],
    ['/a/b', '/a/b/c.yaml', true],
    ['/a/b', '/a/bc.yaml', false],
    ['/a/b', '/a/b/../c.yaml', false],
    ['/a/b', '/a', false],
    ['/a/b', '/a/b/..foo/x', true],
  ])('%s holds %s: %s', (root, path, inside) => {
    expect(isInside(root, path)).toBe(inside);
  });
});

describe('createFileProvider', () => {
  it('serves standard input read-only, read once for every snapshot', async () => {
    let reads = 0;
    const provider = createFileProvider(['-'], {
      cwd: process.cwd(),
      stdin: async () => {
        reads++;
        return 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: piped\n';
      },
    });
    const first = await provider.snapshot();
    const second = await provider.snapshot();
    expect(first.files).toEqual([
      { name: '<stdin>', text: expect.stringContaining('piped'), writable: false },
    ]);
    expect(second.files).toEqual(first.files);
    expect(second.revision).toBeGreaterThan(first.revision);
    expect(reads).toBe(1);
    await expect(provider.save!([{ name: '<stdin>', text: 'x' }])).rejects.toMatchObject({ status: 403 });
  });
});
