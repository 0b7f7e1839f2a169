import {
  type ApiClient,
  createApiClient,
  DEFAULT_PAGE_SIZE,
  DEFAULT_REQUEST_TIMEOUT_MS,
  discoverResources,
  type ListResult,
  listAll,
} from './client.js';
import { LiveError, mergeForbidden, type RequestSubject } from './errors.js';
import { type KubeconfigOptions, type LoadedKubeconfig, loadKubeconfig } from './kubeconfig.js';
import { type ClientLibrary, loadClientLibrary } from './library.js';
import { LIVE_RESOURCES, type LiveResource, listPath } from './resources.js';
import { buildSnapshot, type LiveSnapshot } from './snapshot.js';

/** How to reach the cluster and how patient to be. */
export interface LiveOptions extends KubeconfigOptions {
  /** Per request; 0 waits forever. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Objects per list page (`limit`). Default 500. */
  readonly pageSize?: number;
}

/** A connection to the cluster of the chosen context. */
export interface LiveConnection {
  readonly lib: ClientLibrary;
  readonly config: LoadedKubeconfig;
  readonly client: ApiClient;
}

/** Loads the client library and the kubeconfig; sends nothing yet. */
export async function connect(options: LiveOptions): Promise<LiveConnection> {
  const lib = await loadClientLibrary();
  const config = loadKubeconfig(lib, options);
  const client = createApiClient(
    lib,
    config.kc,
    { server: config.server, context: config.context },
    options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  );
  return { lib, config, client };
}

/** Every resource's complete list, as read in one pass. */
export interface ClusterLists {
  readonly lists: ReadonlyMap<LiveResource, ListResult>;
}

/**
 * Lists every resource kubereach reads (optional ones only where discovery shows them), all at
 * once. When any request fails the whole read fails: a partial cluster would give wrong
 * answers. Permission problems are reported together, naming every resource forbidden.
 */
export async function listResources(client: ApiClient, pageSize: number): Promise<ClusterLists> {
  const optionalGroups = new Map<string, LiveResource[]>();
  for (const r of LIVE_RESOURCES.filter((x) => x.optional)) {
    const key = `${r.group}/${r.version}`;
    optionalGroups.set(key, [...(optionalGroups.get(key) ?? []), r]);
  }
  const jobs: { resource: LiveResource; result: Promise<ListResult | undefined> }[] = [];
  for (const r of LIVE_RESOURCES.filter((x) => !x.optional)) {
    jobs.push({ resource: r, result: listAll(client, r, pageSize) });
  }
  for (const group of optionalGroups.values()) {
    const served = discoverResources(client, group[0]!);
    for (const r of group) {
      jobs.push({
        resource: r,
        result: served.then((names) =>
          names === undefined || !names.has(r.plural) ? undefined : listAll(client, r, pageSize),
        ),
      });
    }
  }
  const settled = await Promise.allSettled(jobs.map((j) => j.result));
  const failures: { error: LiveError; subject: RequestSubject }[] = [];
  const lists = new Map<LiveResource, ListResult>();
  settled.forEach((s, i) => {
    const resource = jobs[i]!.resource;
    if (s.status === 'fulfilled') {
      if (s.value !== undefined) lists.set(resource, s.value);
      return;
    }
    if (!(s.reason instanceof LiveError)) throw s.reason;
    failures.push({ error: s.reason, subject: { verb: 'list', resource, path: listPath(resource) } });
  });
  if (failures.length > 0) throw firstFailure(failures);
  return { lists };
}

/**
 * The failure to report: in resource order, so the message does not depend on timing; several
 * forbidden resources make one message that names them all.
 */
function firstFailure(failures: readonly { error: LiveError; subject: RequestSubject }[]): LiveError {
  const first = failures[0]!.error;
  const forbidden = failures.filter((f) => f.error.code === 'FORBIDDEN');
  if (first.code !== 'FORBIDDEN' || forbidden.length === 1) return first;
  return mergeForbidden(
    forbidden.map((f) => f.error),
    forbidden.map((f) => f.subject),
  );
}

/**
 * Reads the cluster of the kubeconfig's current (or chosen) context, read-only (list only), and
 * returns what normalizeObjects needs. Throws LiveError when the cluster cannot be read
 * completely: no kubeconfig, unreachable server, 401, 403 (naming the permission), timeouts,
 * incomplete lists.
 */
export async function readCluster(options: LiveOptions = {}): Promise<LiveSnapshot> {
  const { config, client } = await connect(options);
  const { lists } = await listResources(client, options.pageSize ?? DEFAULT_PAGE_SIZE);
  return buildSnapshot(config.context, config.server, new Map([...lists].map(([r, l]) => [r, l.items])));
}
