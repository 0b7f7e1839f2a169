import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Asset, defaultAssetsDir, loadAssets } from './assets.js';
import { allowedHosts } from './hosts.js';
import { coalesce, createSlots } from './limits.js';
import { type SaveRequest, SESSION_PATH, STUDIO_HEADER, TOKEN_HEADER } from './protocol.js';
import { SaveRefused, type SnapshotProvider } from './provider.js';
import { createToken, hasSession, isCrossSite, sameSecret, sessionCookie } from './session.js';

export interface StudioServerOptions {
  readonly provider: SnapshotProvider;
  /** Address to bind; 127.0.0.1 unless the user asks for another. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** The built studio (dist/web); defaults to the package's own. */
  readonly assetsDir?: string;
  /** Largest request body accepted, in bytes. */
  readonly maxBodyBytes?: number;
  /** Request bodies read into memory at once; more wait for nothing and get 503. */
  readonly maxConcurrentBodies?: number;
  /** More Host header names to accept (e.g. a name the user reaches the machine by). */
  readonly hostnames?: readonly string[];
  /**
   * The secret every /api/* request must prove, through the cookie the page trades it for. A new
   * random one unless given; `false` serves without one (then every local user can read the
   * manifests and save the served files).
   */
  readonly token?: string | false;
}

export interface StudioServer {
  /** `http://host:port/?token=…` as a browser should open it (no token with `token: false`). */
  readonly url: string;
  /** `http://host:port/`, the server's origin. */
  readonly origin: string;
  /** The secret of this launch, undefined with `token: false`. */
  readonly token: string | undefined;
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The studio could not start: no build, or the address is taken. */
export class ServerStartError extends Error {
  constructor(
    message: string,
    readonly code: 'NO_ASSETS' | 'ADDRESS_IN_USE' | 'LISTEN_FAILED',
  ) {
    super(message);
    this.name = 'ServerStartError';
  }
}

export const DEFAULT_PORT = 7457;
export const DEFAULT_MAX_BODY = 32 * 1024 * 1024;
export const DEFAULT_MAX_CONCURRENT_BODIES = 2;

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': type,
    'content-length': String(Buffer.byteLength(body)),
    ...extra,
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`, {
    'cache-control': 'no-store',
  });
}

/** Reads a request body up to `max` bytes; larger bodies fail with 413 before being buffered. */
function readBody(req: IncomingMessage, max: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > max)
    return Promise.reject(new HttpError(413, `request body over ${max} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > max) {
        failed = true;
        reject(new HttpError(413, `request body over ${max} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

function parseSaveRequest(text: string): SaveRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the body is not JSON');
  }
  const files = (value as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) throw new HttpError(400, 'expected {"files": [{"name", "text"}]}');
  for (const f of files) {
    if (typeof f !== 'object' || f === null || typeof f.name !== 'string' || typeof f.text !== 'string')
      throw new HttpError(400, 'every file needs a string name and text');
    if (f.base !== undefined && typeof f.base !== 'string') throw new HttpError(400, 'base must be a string');
    if (f.create !== undefined && typeof f.create !== 'boolean')
      throw new HttpError(400, 'create must be true or false');
  }
  return { files: files as SaveRequest['files'] };
}

/**
 * Starts the studio's HTTP server: the built page, the input snapshot and saves, nothing else.
 * Binds 127.0.0.1 unless told otherwise; answers only requests whose Host header names the
 * server itself (DNS rebinding), refuses /api/* requests a browser marks as coming from another
 * site and those without the session of this launch's token, limits request bodies, serves
 * assets from memory, and takes saves only with the studio's own header (so no other site's
 * form can post one).
 */
export async function startStudioServer(options: StudioServerOptions): Promise<StudioServer> {
  const assetsDir = options.assetsDir ?? defaultAssetsDir();
  const assets = await loadAssets(assetsDir);
  if (assets === undefined)
    throw new ServerStartError(
      `the studio is not built (no ${assetsDir}index.html); run npm run build`,
      'NO_ASSETS',
    );
  const host = options.host ?? '127.0.0.1';
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const bodySlots = createSlots(options.maxConcurrentBodies ?? DEFAULT_MAX_CONCURRENT_BODIES);
  const snapshotBody = coalesce(async () => Buffer.from(`${JSON.stringify(await provider.snapshot())}\n`));
  const { provider } = options;
  const token = options.token === false ? undefined : (options.token ?? createToken());
  let port = 0;
  let hosts = new Set<string>();
  const streams = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!hosts.has(hostHeader)) throw new HttpError(403, 'unexpected Host header');
    const url = new URL(req.url ?? '/', 'http://studio.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path.startsWith('/api/')) {
      // Before any work: a page of another site (another port of this host included) may make
      // the browser send a request, cookie and all; it is refused here, unread.
      if (isCrossSite(req)) throw new HttpError(403, 'cross-site request refused');
      if (path === SESSION_PATH) {
        if (method !== 'POST') throw new HttpError(405, 'use POST');
        const given = req.headers[TOKEN_HEADER];
        if (token !== undefined && !sameSecret(typeof given === 'string' ? given : undefined, token))
          throw new HttpError(401, 'wrong token: open the URL kubereach serve printed');
        res.writeHead(204, {
          ...SECURITY_HEADERS,
          'cache-control': 'no-store',
          ...(token === undefined ? {} : { 'set-cookie': sessionCookie(port, token) }),
        });
        res.end();
        return;
      }
      if (token !== undefined && !hasSession(req, port, token))
        throw new HttpError(401, 'no session: open the URL kubereach serve printed (it carries the token)');
    }
    if (path === '/api/snapshot') {
      if (method !== 'GET') throw new HttpError(405, 'use GET');
      send(res, 200, 'application/json; charset=utf-8', await snapshotBody(), {
        'cache-control': 'no-store',
      });
      return;
    }
    if (path === '/api/files') {
      if (method !== 'PUT' && method !== 'POST') throw new HttpError(405, 'use PUT');
      if (req.headers[STUDIO_HEADER] !== '1')
        throw new HttpError(403, `saves need the ${STUDIO_HEADER} header`);
      const origin = req.headers.origin;
      if (origin !== undefined && !hosts.has(origin.replace(/^http:\/\//, '').toLowerCase()))
        throw new HttpError(403, 'cross-origin save refused');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        throw new HttpError(415, 'send application/json');
      const release = bodySlots.take();
      if (release === undefined) throw new HttpError(503, 'busy receiving other saves; try again');
      let text: string;
      try {
        text = await readBody(req, maxBody);
      } finally {
        release();
      }
      const body = parseSaveRequest(text);
      if (provider.save === undefined) throw new HttpError(403, 'this source is read-only');
      sendJson(res, 200, await provider.save(body.files));
      return;
    }
    if (path === '/api/events') {
      if (provider.watch === undefined) throw new HttpError(404, 'this source does not change');
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': watching\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'method not allowed');
    const asset: Asset | undefined = assets.get(path === '/' ? '/index.html' : path);
    if (asset === undefined) throw new HttpError(404, 'not found');
    const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': asset.type,
      'content-length': String(asset.body.length),
      'cache-control': cache,
    });
    res.end(method === 'HEAD' ? undefined : asset.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError && (err.status === 413 || err.status === 503)) {
        res.setHeader('connection', 'close');
        if (err.status === 503) res.setHeader('retry-after', '1');
        sendJson(res, err.status, { error: err.message });
      } else if (err instanceof HttpError) sendJson(res, err.status, { error: err.message });
      else if (err instanceof SaveRefused) sendJson(res, err.status, { error: err.message });
      else sendJson(res, 500, { error: 'internal error' });
      // A body over the limit, or beyond the bodies held at once, is drained, not buffered, and the
      // connection is not reused.
      if (err instanceof HttpError && (err.status === 413 || err.status === 503)) req.resume();
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;

  port = await new Promise<number>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new ServerStartError(
              `port ${options.port ?? DEFAULT_PORT} on ${host} is in use`,
              'ADDRESS_IN_USE',
            )
          : new ServerStartError(
              `cannot listen on ${host}:${options.port ?? DEFAULT_PORT}: ${err.message}`,
              'LISTEN_FAILED',
            ),
      );
    });
    server.listen(options.port ?? DEFAULT_PORT, host, () => resolve((server.address() as AddressInfo).port));
  });
  hosts = allowedHosts(host, port, options.hostnames);
  // The first snapshot's reading starts now, not when the page asks for it.
  void provider.warm?.();
  const stopWatching = provider.watch?.(() => {
    for (const s of streams) s.write('event: snapshot\ndata: {}\n\n');
  });
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const origin = `http://${shown}:${port}/`;
  return {
    url: token === undefined ? origin : `${origin}?token=${token}`,
    origin,
    token,
    host,
    port,
    async close() {
      stopWatching?.();
      for (const s of streams) s.end();
      streams.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await provider.close?.();
    },
  };
}
