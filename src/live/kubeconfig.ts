import { existsSync, type Stats, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { Cluster, Context, KubeConfig, User } from '@kubernetes/client-node';
import { describeFileType } from '../sources/files.js';
import { LiveError, serverText } from './errors.js';
import type { ClientLibrary } from './library.js';

/** How to find the cluster, as kubectl does. */
export interface KubeconfigOptions {
  /** `--kubeconfig`: this file only, KUBECONFIG is ignored. */
  readonly kubeconfig?: string;
  /** `--context`: instead of the kubeconfig's current-context. */
  readonly context?: string;
  /** Environment for KUBECONFIG, HOME and KUBERNETES_SERVICE_HOST (the process's in the CLI). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved from. */
  readonly cwd?: string;
}

/** A kubeconfig with its context chosen. */
export interface LoadedKubeconfig {
  readonly kc: KubeConfig;
  readonly context: string;
  /** The API server URL, without a trailing slash. */
  readonly server: string;
}

/** The service account files every pod gets, for the in-cluster configuration. */
const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Loads the kubeconfig as kubectl does: `--kubeconfig`, else the files of KUBECONFIG merged (the
 * first file to set a name wins), else `~/.kube/config`, else the in-cluster service account.
 * Authentication (tokens, client certificates, exec plugins, auth providers) is the library's.
 */
export function loadKubeconfig(lib: ClientLibrary, options: KubeconfigOptions): LoadedKubeconfig {
  return chooseContext(readKubeconfig(lib, options), options.context);
}

/** The context names of the kubeconfig kubectl would read, in the order it lists them. */
export function contextNames(lib: ClientLibrary, options: KubeconfigOptions): string[] {
  return readKubeconfig(lib, options)
    .getContexts()
    .map((c) => c.name);
}

/** The kubeconfig files merged as kubectl merges them; `--context` is not applied yet. */
function readKubeconfig(lib: ClientLibrary, options: KubeconfigOptions): KubeConfig {
  const env = options.env ?? {};
  const cwd = options.cwd ?? '.';
  const kc = new lib.KubeConfig();
  if (options.kubeconfig !== undefined) {
    const file = resolve(cwd, options.kubeconfig);
    if (!existsSync(file)) {
      throw new LiveError('NO_KUBECONFIG', `kubeconfig ${options.kubeconfig} does not exist`);
    }
    loadFiles(lib, kc, [file]);
  } else if (env.KUBECONFIG !== undefined && env.KUBECONFIG !== '') {
    // kubectl skips files of the list that do not exist
    const files = env.KUBECONFIG.split(delimiter)
      .filter((f) => f !== '')
      .map((f) => resolve(cwd, f));
    const present = files.filter((f) => existsSync(f));
    if (present.length === 0) {
      throw new LiveError(
        'NO_KUBECONFIG',
        `no kubeconfig: none of the files in KUBECONFIG exists (${files.join(delimiter)})`,
        'pass manifest files or directories to analyse them offline, or point KUBECONFIG at a kubeconfig',
      );
    }
    loadFiles(lib, kc, present);
  } else if (env.HOME !== undefined && existsSync(join(env.HOME, '.kube', 'config'))) {
    loadFiles(lib, kc, [join(env.HOME, '.kube', 'config')]);
  } else if (env.KUBERNETES_SERVICE_HOST !== undefined && existsSync(SERVICE_ACCOUNT_TOKEN)) {
    kc.loadFromCluster();
  } else {
    throw new LiveError(
      'NO_KUBECONFIG',
      'no input: no paths were given and no kubeconfig was found (KUBECONFIG is not set and ~/.kube/config does not exist)',
      'pass manifest files or directories (or - for stdin), or --kubeconfig FILE to read a live cluster',
    );
  }
  return kc;
}

function loadFiles(lib: ClientLibrary, kc: KubeConfig, files: readonly string[]): void {
  const clusters: Cluster[] = [];
  const users: User[] = [];
  const contexts: Context[] = [];
  let currentContext = '';
  for (const file of files) {
    const one = new lib.KubeConfig();
    // The client library reads the file whole and blocking: a FIFO would hang, /dev/zero never end.
    const info = statOrUndefined(file);
    if (info !== undefined && !info.isFile())
      throw new LiveError(
        'BAD_KUBECONFIG',
        `kubeconfig ${file} is ${describeFileType(info)}, not a regular file`,
        'point --kubeconfig or KUBECONFIG at a kubeconfig file',
      );
    try {
      one.loadFromFile(file);
    } catch (err) {
      throw new LiveError(
        'BAD_KUBECONFIG',
        `kubeconfig ${file} cannot be read: ${serverText(err instanceof Error ? err.message : String(err))}`,
        'kubectl config view shows what kubectl makes of it',
      );
    }
    // Merging as kubectl does: the first file to define a name wins, and the first current-context.
    const add = <T extends { name: string }>(into: T[], items: readonly T[] | undefined) => {
      for (const item of items ?? []) if (!into.some((x) => x.name === item.name)) into.push(item);
    };
    add(clusters, one.getClusters());
    add(users, one.getUsers());
    add(contexts, one.getContexts());
    if (currentContext === '') currentContext = one.getCurrentContext() ?? '';
  }
  kc.loadFromOptions({ clusters, users, contexts, currentContext });
}

function chooseContext(kc: KubeConfig, wanted: string | undefined): LoadedKubeconfig {
  if (wanted !== undefined) {
    if (kc.getContextObject(wanted) === null) {
      const known = kc.getContexts().map((c) => c.name);
      throw new LiveError(
        'NO_CONTEXT',
        `context "${wanted}" does not exist in the kubeconfig`,
        known.length === 0 ? 'the kubeconfig has no contexts' : `contexts: ${known.join(', ')}`,
      );
    }
    kc.setCurrentContext(wanted);
  }
  const context = kc.getCurrentContext();
  if (context === undefined || context === '' || kc.getContextObject(context) === null) {
    throw new LiveError(
      'NO_CONTEXT',
      context === undefined || context === ''
        ? 'the kubeconfig has no current context'
        : `the current context "${context}" does not exist in the kubeconfig`,
      'pass --context NAME, or set one with: kubectl config use-context NAME',
    );
  }
  const cluster = kc.getCurrentCluster();
  if (cluster === null) {
    const name = kc.getContextObject(context)?.cluster ?? '';
    throw new LiveError(
      'BAD_KUBECONFIG',
      `context "${context}" names the cluster "${name}", which the kubeconfig does not define`,
    );
  }
  if (/^http:\/\//i.test(cluster.server) && cluster.skipTLSVerify !== true) acceptPlainHttp(kc, cluster.name);
  return { kc, context, server: cluster.server.replace(/\/+$/, '') };
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined; // the library says what is wrong with a missing file
  }
}

/**
 * A cluster served over plain http (`kubectl proxy` serves http://127.0.0.1:8001) is read as
 * kubectl reads it. The client library refuses http:// unless TLS verification is off; there is
 * no TLS to verify, so it is turned off for that cluster only, and nothing else changes.
 */
function acceptPlainHttp(kc: KubeConfig, clusterName: string): void {
  kc.loadFromOptions({
    clusters: kc.getClusters().map((c) => (c.name === clusterName ? { ...c, skipTLSVerify: true } : c)),
    users: kc.getUsers(),
    contexts: kc.getContexts(),
    currentContext: kc.getCurrentContext(),
  });
}
