import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { CONFIG_FILE_NAMES } from '../../lint/config.js';
import { createFileProvider } from '../../server/file-provider.js';
import { isLoopback, isWildcard } from '../../server/hosts.js';
import type { StudioSnapshot } from '../../server/protocol.js';
import type { SnapshotProvider } from '../../server/provider.js';
import { DEFAULT_PORT, ServerStartError, type StudioServer, startStudioServer } from '../../server/server.js';
import { liveOptions } from '../input.js';
import { CliError, type CliIo, EXIT, usageError } from '../io.js';
import { openStudio } from './serve-open.js';

interface ServeOptions {
  readonly filename?: string[];
  readonly recursive?: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly port?: number;
  readonly host?: string | true;
  readonly open?: boolean;
  /** False with --no-token. */
  readonly token: boolean;
  /** Left out: Cilium's when the manifests hold Cilium policies, else upstream (as every verb). */
  readonly cni?: 'upstream' | 'cilium';
  readonly config?: string;
}

const EXAMPLES = `
The studio: a graph and a matrix of who can reach whom, an explanation of any connection down to
the YAML line, and an editor where every change re-evaluates at once (the same engine runs in the
page). Saves write only to the files that were loaded, after a confirmation. With no paths it
reads the live cluster (read-only) and follows its changes.

It listens on 127.0.0.1 only, and the URL it prints carries a secret token made for this launch:
other users of the machine can reach the port but not the manifests. --host makes it reachable
from other machines (anyone who has the URL can read the manifests and save the served files): use
it on trusted networks only. --no-token lets every local user in.

Examples:
  kubereach serve examples/tutorial          # then open the printed URL
  kubereach serve -R k8s/ --port 8080 --open
  kubereach serve --context staging          # the live cluster, read-only`;

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function parsePortOption(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw usageError(`port ${JSON.stringify(value)} is not 0–65535`);
  return Number(value);
}

/** `kubereach serve [PATHS]`: the studio in the browser, until interrupted. */
export function registerServe(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('open the studio: see, explain and edit policies in the browser')
    .argument('[paths...]', 'manifest files or directories; none reads the live cluster')
    .option('-f, --filename <path>', 'manifest file or directory (repeatable)', collect)
    .option('-R, --recursive', 'read directories recursively')
    .option('--kubeconfig <file>', 'kubeconfig for reading a live cluster')
    .option('--context <name>', 'kubeconfig context for reading a live cluster')
    .addOption(
      new Option(
        '--port <port>',
        `port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`,
      ).argParser(parsePortOption),
    )
    .addOption(new Option('--host [address]', 'listen on another address; alone, every interface (0.0.0.0)'))
    .option('--open', 'open the studio in the default browser')
    .option('--no-token', 'serve without the secret token (every local user can read and save)')
    .addOption(
      new Option(
        '--cni <profile>',
        'how ipBlock treats pod IPs: upstream (matches them) or cilium (does not); default cilium when the manifests hold Cilium policies, else upstream',
      ).choices(['upstream', 'cilium']),
    )
    .option(
      '--config <file>',
      `lint config for the studio's Problems panel (default: ${CONFIG_FILE_NAMES.join(' or ')} in the working directory)`,
    )
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], options: ServeOptions) => {
      const all = [...paths, ...(options.filename ?? [])];
      const host =
        options.host === undefined ? '127.0.0.1' : options.host === true ? '0.0.0.0' : options.host;
      let provider: SnapshotProvider;
      if (all.length > 0) {
        provider = createFileProvider(all, {
          cwd: io.cwd,
          recursive: options.recursive ?? false,
          stdin: io.readStdin,
        });
        const first = await provider.snapshot();
        if (first.files.length === 0) {
          throw new CliError(
            `no manifest files found in ${all.join(', ')}`,
            EXIT.input,
            first.problems[0]?.message ??
              'kubereach reads .yaml, .yml and .json files; pass -R for subdirectories',
          );
        }
      } else {
        // Loaded only for a live cluster: the offline path never loads the client library.
        const { createLiveProvider } = await import('../../server/live-provider.js');
        provider = await createLiveProvider(liveOptions(options, io));
      }
      const lintConfig = await readLintConfig(options.config, io);
      const server = await listen(
        withCni(provider, options.cni, lintConfig),
        host,
        options.port,
        options.token,
      );
      const where = all.length > 0 ? all.join(', ') : 'the live cluster';
      const what = `read the manifests${all.length > 0 ? ' and save the served files' : ''}`;
      io.stdout(`kubereach studio: ${server.url}\n  serving ${where}; press Ctrl-C to stop\n`);
      if (!options.token) {
        io.stderr(
          `warning: --no-token: every user of this machine${isLoopback(host) ? '' : ' and anyone who can reach it'} can ${what}\n`,
        );
      } else if (!isLoopback(host)) {
        io.stderr(
          `warning: listening on ${isWildcard(host) ? 'every interface' : host}: anyone who has the URL and can reach port ${server.port} can ${what}\n`,
        );
      }
      const opened = options.open ? openStudio(server.url, io.platform ?? 'linux') : undefined;
      await untilInterrupted(io);
      opened?.cleanup();
      await server.close();
      setExit(EXIT.ok);
    });
}

/** Listens on the port asked for; without one, on the first free port from 7457. */
async function listen(
  provider: SnapshotProvider,
  host: string,
  port: number | undefined,
  token: boolean,
): Promise<StudioServer> {
  const tries = port === undefined ? 10 : 1;
  for (let i = 0; ; i++) {
    try {
      return await startStudioServer({
        provider,
        host,
        port: (port ?? DEFAULT_PORT) + i,
        ...(token ? {} : { token: false }),
      });
    } catch (err) {
      if (!(err instanceof ServerStartError)) throw err;
      if (err.code === 'ADDRESS_IN_USE' && i + 1 < tries) continue;
      await provider.close?.();
      throw new CliError(
        err.message,
        err.code === 'NO_ASSETS' ? EXIT.input : EXIT.usage,
        err.code === 'ADDRESS_IN_USE' ? 'pass another --port, or --port 0 for any free one' : undefined,
      );
    }
  }
}

/** Resolves when the user stops the process; never without an interrupt hook (the server keeps running). */
function untilInterrupted(io: CliIo): Promise<void> {
  return new Promise((resolve) => {
    io.onInterrupt?.(resolve);
  });
}

/** The provider, its snapshots telling the page which CNI profile to evaluate with. */
function withCni(
  provider: SnapshotProvider,
  cni: 'upstream' | 'cilium' | undefined,
  lintConfig: StudioSnapshot['lintConfig'],
): SnapshotProvider {
  return {
    ...bindAll(provider),
    snapshot: async () => ({
      ...(await provider.snapshot()),
      ...(cni === undefined ? {} : { cni }),
      ...(lintConfig === undefined ? {} : { lintConfig }),
    }),
  };
}

/**
 * The config file the studio's lint follows, as text (the page validates it and shows what is
 * wrong in its Problems panel): `--config FILE`, else the first config file of the working
 * directory, else none.
 */
async function readLintConfig(path: string | undefined, io: CliIo): Promise<StudioSnapshot['lintConfig']> {
  for (const file of path === undefined ? CONFIG_FILE_NAMES : [path]) {
    try {
      return { file, text: await readFile(resolve(io.cwd, file), 'utf8') };
    } catch (err) {
      if (path === undefined && (err as { code?: string }).code === 'ENOENT') continue;
      throw usageError(
        `config file ${file} cannot be read (${(err as { code?: string }).code ?? String(err)})`,
      );
    }
  }
  return undefined;
}

function bindAll(provider: SnapshotProvider): SnapshotProvider {
  return {
    snapshot: () => provider.snapshot(),
    ...(provider.save === undefined ? {} : { save: (files) => provider.save!(files) }),
    ...(provider.watch === undefined ? {} : { watch: (onChange) => provider.watch!(onChange) }),
    ...(provider.close === undefined ? {} : { close: () => provider.close!() }),
  };
}
