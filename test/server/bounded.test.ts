/**
 * The work strangers and bursts can make the studio server do: a flood of snapshot requests from
 * another site builds nothing, a burst of the page's own builds at most two, and request bodies
 * are held in memory a few at a time.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileProvider } from '../../src/server/file-provider.js';
import { coalesce } from '../../src/server/limits.js';
import type { SnapshotProvider } from '../../src/server/provider.js';
import { type StudioServer, startStudioServer } from '../../src/server/server.js';
import {
  collectResponse,
  fakeAssets,
  type RawResponse,
  rawRequest,
  sessionHeaders,
  tutorialCopy,
} from './support.js';

const SAVE = { 'content-type': 'application/json', 'x-kubereach-studio': '1' };

describe('bounded work', () => {
  let work: ReturnType<typeof tutorialCopy>;
  let server: StudioServer;
  let builds = 0;

  beforeAll(async () => {
    work = tutorialCopy();
    const files = createFileProvider(['tutorial'], { cwd: work.dir });
    await files.snapshot();
    const counting: SnapshotProvider = {
      async snapshot() {
        builds++;
        await new Promise((resolve) => setTimeout(resolve, 50)); // a build that takes a while
        return files.snapshot();
      },
      save: (f) => files.save!(f),
    };
    server = await startStudioServer({
      provider: counting,
      port: 0,
      assetsDir: fakeAssets(work.dir),
      maxConcurrentBodies: 2,
    });
  });
  afterAll(async () => {
    await server.close();
    work.cleanup();
  });

  const burst = (n: number, headers: Record<string, string>) =>
    Promise.all(Array.from({ length: n }, () => rawRequest(server.port, { path: '/api/snapshot', headers })));

  it('a no-cors flood from a page on another port builds no snapshot', async () => {
    const before = builds;
    const answers = await burst(16, {
      ...sessionHeaders(server),
      'sec-fetch-site': 'same-site',
      'sec-fetch-mode': 'no-cors',
    });
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(403));
    expect(builds).toBe(before);
  });

  it('a flood without the session builds no snapshot', async () => {
    const before = builds;
    const answers = await burst(16, {});
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(401));
    expect(builds).toBe(before);
  });

  it('16 snapshot requests at once build at most two snapshots, and all get one', async () => {
    const before = builds;
    const answers = await burst(16, sessionHeaders(server));
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(200));
    expect(builds - before).toBeLessThanOrEqual(2);
    expect(new Set(answers.map((a) => JSON.parse(a.body).files.length)).size).toBe(1);
  });

  it('request bodies beyond the ones held at once get 503 without being read', async () => {
    /** A save whose body is still arriving. */
    const slow = () => {
      let finish: () => void = () => {};
      const response = new Promise<RawResponse>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: server.port,
            method: 'PUT',
            path: '/api/files',
            headers: { ...sessionHeaders(server), ...SAVE, 'transfer-encoding': 'chunked' },
          },
          (res) => collectResponse(res).then(resolve, reject),
        );
        req.on('error', reject);
        req.write('{"files": [{"name": "tutorial/none.yaml", ');
        finish = () => req.end('"text": "x"}]}');
      });
      return { response, finish: () => finish() };
    };
    const first = slow();
    const second = slow();
    await new Promise((resolve) => setTimeout(resolve, 200)); // both bodies are being read
    const third = slow();
    const refused = await third.response;
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    first.finish();
    second.finish();
    expect((await first.response).status).toBe(403); // read whole, refused for what it says
    expect((await second.response).status).toBe(403);
    // the slots are free again
    const after = slow();
    after.finish();
    expect((await after.response).status).toBe(403);
  });
});

describe('coalesce', () => {
  it('runs one build at a time; callers during a build share the next one', async () => {
    let started = 0;
    const gates: (() => void)[] = [];
    const build = coalesce(
      () =>
        new Promise<number>((resolve) => {
          const n = ++started;
          gates.push(() => resolve(n));
        }),
    );
    const a = build();
    const [b, c, d] = [build(), build(), build()];
    expect(started).toBe(1);
    gates[0]!();
    expect(await a).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toBe(2);
    gates[1]!();
    expect(await Promise.all([b, c, d])).toEqual([2, 2, 2]);
    const e = build();
    expect(started).toBe(3);
    gates[2]!();
    expect(await e).toBe(3);
  });
});
