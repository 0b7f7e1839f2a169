import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One static file of the built studio, held in memory. */
export interface Asset {
  readonly body: Buffer;
  readonly type: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** Where `npm run build` puts the studio: dist/web at the package root (from src/ or dist/). */
export function defaultAssetsDir(): string {
  return fileURLToPath(new URL('../../dist/web/', import.meta.url));
}

/**
 * Reads every file of the built studio into memory, keyed by URL path (`/index.html`,
 * `/assets/index-1234.js`). Serving from this map means no request path ever reaches the file
 * system. Returns undefined when the studio has not been built.
 */
export async function loadAssets(dir: string): Promise<ReadonlyMap<string, Asset> | undefined> {
  const out = new Map<string, Asset>();
  const walk = async (sub: string) => {
    const entries = await readdir(join(dir, sub), { withFileTypes: true });
    for (const e of entries) {
      const rel = sub === '' ? e.name : `${sub}/${e.name}`;
      if (e.isDirectory()) await walk(rel);
      else if (e.isFile()) {
        out.set(`/${rel}`, {
          body: await readFile(join(dir, rel)),
          type: TYPES[extname(e.name).toLowerCase()] ?? 'application/octet-stream',
        });
      }
    }
  };
  try {
    await walk('');
  } catch {
    return undefined;
  }
  return out.has('/index.html') ? out : undefined;
}
