#!/usr/bin/env node
import module from 'node:module';
import { basename } from 'node:path';
import { MAX_FILE_BYTES } from '../sources/limits.js';
import { VERSION } from '../version.js';

// The only place that touches `process`.
// Node 22.1+ keeps compiled code between runs (a faster start); older versions go without.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
// Stops reading one byte past the size limit: the reader reports it, and memory stays bounded.
const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > MAX_FILE_BYTES) break;
  }
  return Buffer.concat(chunks).toString('utf8');
};

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  // `kubereach matrix | head` closes the pipe early: that is not an error.
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

// Installed as kubectl-reach, kubectl runs it as a plugin: `kubectl reach …`.
const invokedAs = basename(process.argv[1] ?? '').replace(/\.js$/, '');
const programName = invokedAs.startsWith('kubectl-reach') ? 'kubectl reach' : 'kubereach';
// kubectl completes `kubectl reach …` by running `kubectl_complete-reach WORD… CURRENT`.
const argv = invokedAs.startsWith('kubectl_complete-reach')
  ? ['__complete', '--', ...process.argv.slice(2)]
  : process.argv.slice(2);

// Installed only by verbs that run until stopped; after the first signal a second one kills.
const onInterrupt = (stop: () => void) => {
  const remove = () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
  const handler = () => {
    remove();
    stop();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return remove;
};

// `--version` answers before the CLI is loaded at all (what commander would print).
if (argv.length === 1 && argv[0] === '--version') process.stdout.write(`${VERSION}\n`);
else void run();

async function run() {
  const { runCli } = await import('./main.js');
  process.exitCode = await runCli(argv, {
    programName,
    onInterrupt,
    platform: process.platform,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin,
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    cwd: process.cwd(),
  });
}
