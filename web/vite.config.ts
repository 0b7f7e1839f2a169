import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The studio: one page, built into dist/web so `npm pack` ships it with the CLI. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // elkjs is one large module; it loads inside the worker, never on the page's critical path.
    chunkSizeWarningLimit: 3000,
    sourcemap: false,
    // The build is part of `npm test`; timing reports are noise there.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  worker: { format: 'es', rolldownOptions: { checks: { pluginTimings: false } } },
});
