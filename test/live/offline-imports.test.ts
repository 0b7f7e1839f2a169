import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from './support.js';

const exec = promisify(execFile);

/** Module hooks that record the URL of every module node loads. */
const HOOKS = `
import { appendFileSync } from 'node:fs';
let client = false;
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  // the client library is hundreds of modules: its first one is enough
  const isClient = result.url.includes('/@kubernetes/client-node/');
  if (!isClient || !client) appendFileSync(process.env.KUBEREACH_IMPORT_LOG, result.url + '\\n');
  client ||= isClient;
  return result;
}`;

let scratch: ReturnType<typeof scratchDir>;
let register: string;

beforeAll(() => {
  scratch = scratchDir();
  const hooks = join(scratch.dir, 'hooks.mjs');
  writeFileSync(hooks, HOOKS);
  register = join(scratch.dir, 'register.mjs');
  writeFileSync(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
});

afterAll(() => scratch.remove());

/** Runs node with the recording hooks and returns the modules it loaded and its exit code. */
async function loaded(
  name: string,
  args: readonly string[],
): Promise<{ modules: string[]; code: number; stderr: string }> {
  const log = join(scratch.dir, `${name}.log`);
  writeFileSync(log, '');
  let code = 0;
  let stderr = '';
  try {
    await exec('node', ['--import', pathToFileURL(register).href, ...args], {
      env: { ...process.env, KUBEREACH_IMPORT_LOG: log, KUBECONFIG: '', HOME: scratch.dir },
    });
  } catch (err) {
    code = (err as { code: number }).code;
    stderr = (err as { stderr: string }).stderr;
  }
  return { modules: readFileSync(log, 'utf8').split('\n').filter(Boolean), code, stderr };
}

const CLIENT = '/@kubernetes/client-node/';

describe('the offline path never loads the Kubernetes client library (needs `npm run build`)', () => {
  it.each([
    ['matrix', ['dist/cli/bin.js', 'matrix', 'examples/tutorial']],
    ['check', ['dist/cli/bin.js', 'check', 'dev1/demo1', 'dev2/demo2', 'examples/tutorial']],
    ['snapshot of files', ['dist/cli/bin.js', 'snapshot', 'examples/tutorial']],
    ['the library API', ['--input-type=module', '-e', "await import('./dist/index.js')"]],
  ])('%s', async (name, args) => {
    const { modules, code, stderr } = await loaded(name.replaceAll(' ', '-'), args);
    expect(code, stderr).toBeLessThanOrEqual(1);
    // the hooks saw kubereach's own modules...
    expect(modules.some((m) => m.endsWith('/dist/model/normalize.js'))).toBe(true);
    // ...and not the client library
    expect(modules.filter((m) => m.includes(CLIENT))).toEqual([]);
  });

  it('the bundled CLI neither (its chunks are what it loads)', async () => {
    const { modules, code, stderr } = await loaded('bundle', [
      'dist/bundle/kubereach.js',
      'matrix',
      'examples/tutorial',
    ]);
    expect(code, stderr).toBe(0);
    expect(modules.some((m) => m.includes('/dist/bundle/matrix-'))).toBe(true);
    // one file per chunk, not one per source module
    expect(modules.some((m) => m.endsWith('/dist/model/normalize.js'))).toBe(false);
    expect(modules.filter((m) => m.includes(CLIENT))).toEqual([]);
  });

  it('the bundled CLI loads the client library from node_modules for a live cluster', async () => {
    const { modules, code, stderr } = await loaded('bundle-live', ['dist/bundle/kubereach.js', 'matrix']);
    expect(code, stderr).toBe(3);
    expect(modules.some((m) => m.includes(CLIENT))).toBe(true);
  });

  it('reading a live cluster does load it (the hooks would see it)', async () => {
    const { modules, code, stderr } = await loaded('live', ['dist/cli/bin.js', 'matrix']);
    expect(code, stderr).toBe(3);
    expect(modules.some((m) => m.includes(CLIENT))).toBe(true);
  });
});
