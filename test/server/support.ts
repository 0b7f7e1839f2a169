import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESSION_PATH, TOKEN_HEADER } from '../../src/server/protocol.js';
import type { StudioServer } from '../../src/server/server.js';
import { sessionCookieName } from '../../src/server/session.js';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** A response read whole. */
export function collectResponse(res: IncomingMessage): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () =>
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }),
    );
    res.on('error', reject);
  });
}

/** One HTTP request with full control over the headers (Host included), as an attacker would send it. */
export function rawRequest(
  port: number,
  options: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    chunks?: readonly Buffer[];
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
        setHost: false,
      },
      (res) => collectResponse(res).then(resolve, reject),
    );
    req.on('error', reject);
    if (options.chunks !== undefined) {
      for (const c of options.chunks) req.write(c);
      req.end();
    } else req.end(options.body);
  });
}

/** A private copy of examples/tutorial in a temporary directory (saves must not touch the repository). */
export function tutorialCopy(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kubereach-studio-'));
  cpSync(new URL('../../examples/tutorial', import.meta.url), join(dir, 'tutorial'), { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The Cookie header the page holds once it traded the token (none when the server has no token). */
export function sessionHeaders(server: Pick<StudioServer, 'port' | 'token'>): Record<string, string> {
  return server.token === undefined ? {} : { cookie: `${sessionCookieName(server.port)}=${server.token}` };
}

/**
 * Does what the page does with the URL `serve` printed: trades its token for the session cookie.
 * Resolves with the port and the headers that carry the session.
 */
export async function openSession(url: string): Promise<{ port: number; headers: Record<string, string> }> {
  const parsed = new URL(url);
  const port = Number(parsed.port);
  const token = parsed.searchParams.get('token') ?? '';
  const r = await rawRequest(port, {
    method: 'POST',
    path: SESSION_PATH,
    headers: { [TOKEN_HEADER]: token },
  });
  if (r.status !== 204) throw new Error(`the session was refused: ${r.status} ${r.body}`);
  const cookie = String(r.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  return { port, headers: cookie === '' ? {} : { cookie } };
}

/** A minimal built studio, so these tests do not depend on `npm run build`. */
export function fakeAssets(dir: string): string {
  const assets = join(dir, 'web');
  mkdirSync(join(assets, 'assets'), { recursive: true });
  writeFileSync(join(assets, 'index.html'), '<!doctype html><title>studio</title>');
  writeFileSync(join(assets, 'assets', 'app.js'), 'console.log(1)');
  return `${assets}/`;
}
