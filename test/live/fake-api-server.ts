import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for a Kubernetes API server, speaking the list and watch API as the real
 * one does: JSON lists with kind, apiVersion and metadata.resourceVersion/continue, items without
 * kind and apiVersion, bearer-token authentication, Status bodies for 401/403/404/410, pages by
 * limit/continue, and discovery documents. Listens on 127.0.0.1 only and answers a bounded
 * number of requests.
 */
export interface FakeApiServer {
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Replaces the objects of a list path (e.g. `/api/v1/pods`); items as the API stores them. */
  setItems(path: string, items: readonly Record<string, unknown>[]): void;
  /** Sends a watch event to every open watch of `path`. */
  emit(path: string, type: string, object: Record<string, unknown>): void;
  /** Ends every open watch of `path`, as the server does after timeoutSeconds. */
  endWatches(path: string): void;
  /** Number of open watches of `path`. */
  openWatches(path: string): number;
  /** Makes requests to `path` misbehave. */
  fail(path: string, behaviour: Behaviour | undefined): void;
  close(): Promise<void>;
}

/** How a path misbehaves. */
export type Behaviour =
  | { readonly type: 'forbidden' }
  | { readonly type: 'status'; readonly code: number }
  | { readonly type: 'hang' }
  | { readonly type: 'truncate' }
  | { readonly type: 'expire-continue' }
  | { readonly type: 'not-json' };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
}

export interface FakeApiOptions {
  /** The bearer token the server accepts. */
  readonly token: string;
  /** Objects per list path; the path decides kind and apiVersion. */
  readonly lists?: Readonly<Record<string, readonly Record<string, unknown>[]>>;
  /** Largest page the server returns whatever the limit (real servers may return fewer). */
  readonly pageCap?: number;
  /** Requests answered before the server refuses with 500 (tests must stay far below). */
  readonly maxRequests?: number;
  /** The user named in 403 messages. */
  readonly user?: string;
}

/** The kinds of the list paths the fake serves (the paths kubereach reads). */
export const KINDS: Readonly<Record<string, { kind: string; namespaced: boolean }>> = {
  '/api/v1/namespaces': { kind: 'Namespace', namespaced: false },
  '/api/v1/nodes': { kind: 'Node', namespaced: false },
  '/api/v1/pods': { kind: 'Pod', namespaced: true },
  '/api/v1/services': { kind: 'Service', namespaced: true },
  // the API server's own endpoints, listed in default by name
  '/api/v1/namespaces/default/endpoints': { kind: 'Endpoints', namespaced: true },
  '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices': { kind: 'EndpointSlice', namespaced: true },
  '/api/v1/replicationcontrollers': { kind: 'ReplicationController', namespaced: true },
  '/apis/apps/v1/deployments': { kind: 'Deployment', namespaced: true },
  '/apis/apps/v1/replicasets': { kind: 'ReplicaSet', namespaced: true },
  '/apis/apps/v1/statefulsets': { kind: 'StatefulSet', namespaced: true },
  '/apis/apps/v1/daemonsets': { kind: 'DaemonSet', namespaced: true },
  '/apis/batch/v1/jobs': { kind: 'Job', namespaced: true },
  '/apis/batch/v1/cronjobs': { kind: 'CronJob', namespaced: true },
  '/apis/networking.k8s.io/v1/networkpolicies': { kind: 'NetworkPolicy', namespaced: true },
  '/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies': {
    kind: 'AdminNetworkPolicy',
    namespaced: false,
  },
  '/apis/policy.networking.k8s.io/v1alpha1/baselineadminnetworkpolicies': {
    kind: 'BaselineAdminNetworkPolicy',
    namespaced: false,
  },
  '/apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies': {
    kind: 'ClusterNetworkPolicy',
    namespaced: false,
  },
  '/apis/cilium.io/v2/ciliumnetworkpolicies': { kind: 'CiliumNetworkPolicy', namespaced: true },
  '/apis/cilium.io/v2/ciliumclusterwidenetworkpolicies': {
    kind: 'CiliumClusterwideNetworkPolicy',
    namespaced: false,
  },
};

/** Paths always served (built-in resources); the CRD paths are served only when given items. */
const BUILT_IN = Object.keys(KINDS).filter((p) => !/policy\.networking|cilium/.test(p));

/** `v1` or `group/version` of a list path. */
export function apiVersionOfPath(path: string): string {
  const parts = path.split('/');
  return parts[1] === 'api' ? parts[2]! : `${parts[2]}/${parts[3]}`;
}

const status = (code: number, reason: string, message: string, details?: Record<string, unknown>) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details === undefined ? {} : { details }),
  code,
});

/** Starts the fake on an ephemeral loopback port. */
export async function startFakeApiServer(options: FakeApiOptions): Promise<FakeApiServer> {
  const maxRequests = options.maxRequests ?? 200;
  const user = options.user ?? 'system:serviceaccount:default:viewer';
  const lists = new Map<string, Record<string, unknown>[]>();
  for (const p of BUILT_IN) lists.set(p, []);
  for (const [p, items] of Object.entries(options.lists ?? {})) lists.set(p, [...items]);
  const behaviours = new Map<string, Behaviour>();
  const watches = new Map<string, Set<ServerResponse>>();
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  let revision = 1000;

  const send = (res: ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const discovery = (groupVersion: string) => {
    const prefix = groupVersion === 'v1' ? '/api/v1/' : `/apis/${groupVersion}/`;
    const served = [...lists.keys()].filter((p) => p.startsWith(prefix));
    if (served.length === 0) return undefined;
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion,
      resources: served.flatMap((p) => {
        const name = p.split('/').at(-1)!;
        const info = KINDS[p]!;
        return [
          {
            name,
            singularName: '',
            namespaced: info.namespaced,
            kind: info.kind,
            verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
          },
          {
            name: `${name}/status`,
            singularName: '',
            namespaced: info.namespaced,
            kind: info.kind,
            verbs: ['get'],
          },
        ];
      }),
    };
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query,
      authorization: req.headers.authorization,
    });
    if (requests.length > maxRequests) {
      send(res, 500, status(500, 'InternalError', 'the test server answered too many requests'));
      return;
    }
    if (req.method !== 'GET') {
      send(res, 405, status(405, 'MethodNotAllowed', `${req.method} is not allowed: kubereach only reads`));
      return;
    }
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    const path = url.pathname;
    const behaviour = behaviours.get(path);
    const info = KINDS[path];
    const plural = path.split('/').at(-1) ?? '';
    const group = path.startsWith('/apis/') ? path.split('/')[2] : '';
    switch (behaviour?.type) {
      case 'forbidden':
        send(
          res,
          403,
          status(
            403,
            'Forbidden',
            `${group === '' ? plural : `${plural}.${group}`} is forbidden: User "${user}" cannot ${query.watch === 'true' ? 'watch' : 'list'} resource "${plural}" in API group "${group}" at the cluster scope`,
            { group, kind: plural },
          ),
        );
        return;
      case 'status':
        send(res, behaviour.code, status(behaviour.code, 'InternalError', 'etcdserver: request timed out'));
        return;
      case 'hang':
        hanging.add(res);
        return;
      case 'truncate': {
        res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
        res.write(
          '{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[{"metadata":',
        );
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      case 'not-json':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Welcome to nginx!</body></html>');
        return;
      default:
        break;
    }
    if (info === undefined || !lists.has(path)) {
      const gv = /^\/api\/(v1)$/.exec(path)?.[1] ?? /^\/apis\/([^/]+\/[^/]+)$/.exec(path)?.[1];
      const doc = gv === undefined ? undefined : discovery(gv);
      if (doc !== undefined) send(res, 200, doc);
      else send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource', {}));
      return;
    }
    if (query.watch === 'true') {
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.flushHeaders();
      const set = watches.get(path) ?? new Set();
      set.add(res);
      watches.set(path, set);
      res.on('close', () => set.delete(res));
      return;
    }
    // fieldSelector metadata.name=NAME, the one selector kubereach sends
    const named = /^metadata\.name=(.+)$/.exec(query.fieldSelector ?? '')?.[1];
    const items = lists
      .get(path)!
      .filter((i) => named === undefined || (i.metadata as { name?: string } | undefined)?.name === named);
    const limit = Math.min(
      query.limit === undefined ? items.length : Number(query.limit),
      options.pageCap ?? Number.POSITIVE_INFINITY,
    );
    let offset = 0;
    let listRevision = String(revision);
    if (query.continue !== undefined) {
      if (behaviour?.type === 'expire-continue') {
        send(
          res,
          410,
          status(
            410,
            'Expired',
            'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
          ),
        );
        return;
      }
      const token = JSON.parse(Buffer.from(query.continue, 'base64').toString('utf8')) as {
        rv: string;
        start: number;
      };
      offset = token.start;
      listRevision = token.rv;
    }
    const page = items.slice(offset, offset + Math.max(1, limit));
    const next = offset + page.length;
    const metadata: Record<string, unknown> = { resourceVersion: listRevision };
    if (next < items.length) {
      metadata.continue = Buffer.from(JSON.stringify({ rv: listRevision, start: next })).toString('base64');
      metadata.remainingItemCount = items.length - next;
    }
    send(res, 200, {
      kind: `${info.kind}List`,
      apiVersion: apiVersionOfPath(path),
      metadata,
      items: page,
    });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setItems(path, items) {
      lists.set(path, [...items]);
      revision++;
    },
    emit(path, type, object) {
      revision++;
      const info = KINDS[path];
      // watch events carry kind and apiVersion, unlike list items
      const withKind =
        type === 'ERROR' || info === undefined
          ? object
          : { kind: info.kind, apiVersion: apiVersionOfPath(path), ...object };
      for (const res of watches.get(path) ?? []) res.write(`${JSON.stringify({ type, object: withKind })}\n`);
    },
    endWatches(path) {
      for (const res of watches.get(path) ?? []) res.end();
      watches.get(path)?.clear();
    },
    openWatches(path) {
      return watches.get(path)?.size ?? 0;
    },
    fail(path, behaviour) {
      if (behaviour === undefined) behaviours.delete(path);
      else behaviours.set(path, behaviour);
    },
    async close() {
      for (const res of hanging) res.destroy();
      for (const set of watches.values()) for (const res of set) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
