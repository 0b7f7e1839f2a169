// `npm run build` step: bundles the CLI into dist/bundle/ — kubereach.js, the entry the bins
// point at, plus one lazily loaded chunk per verb and the parse worker — so that starting it
// reads a few files instead of resolving hundreds of modules. The Kubernetes client library
// stays outside the bundle: only reading a live cluster loads it, from node_modules.
import { rmSync } from 'node:fs';
import { build } from 'rolldown';

const outDir = 'dist/bundle';
rmSync(outDir, { recursive: true, force: true });
await build({
  input: { kubereach: 'src/cli/bin.ts', 'parse-worker': 'src/sources/parse-worker.ts' },
  platform: 'node',
  external: [/^@kubernetes\/client-node(\/|$)/],
  logLevel: 'warn',
  output: {
    dir: outDir,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    minify: true,
  },
});
