import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` puts the studio. */
export const STUDIO_DIST = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/**
 * Vitest global setup: builds the studio when it has not been built (running vitest without
 * `npm run build`), so the tests that serve it have something to serve. `npm test` builds first.
 */
export default async function ensureStudioBuilt(): Promise<void> {
  if (existsSync(`${STUDIO_DIST}index.html`)) return;
  const { build } = await import('vite');
  await build({
    configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)),
    logLevel: 'error',
  });
}
