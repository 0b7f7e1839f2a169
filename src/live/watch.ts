import { isRecord } from '../model/fields.js';
import { DEFAULT_PAGE_SIZE, listAll } from './client.js';
import { errorForStatus, errorForTransport, LiveError } from './errors.js';
import { pruneObject } from './prune.js';
import { connect, type LiveOptions, listResources } from './read.js';
import { apiVersionOf, type LiveResource, listPath } from './resources.js';
import { buildSnapshot, type LiveSnapshot } from './snapshot.js';

/** Options of a cluster watch. */
export interface WatchOptions extends LiveOptions {
  /**
   * Quiet time after a change before it is reported, so that a burst (a rollout, a namespace
   * deleted) arrives as one update. Default 250 ms.
   */
  readonly debounceMs?: number;
  /** First wait before retrying a failed watch; it doubles up to maxRetryMs. Default 1 s. */
  readonly retryMs?: number;
  /** Longest wait between retries. Default 30 s. */
  readonly maxRetryMs?: number;
  /**
   * Told about each failure while watching (the watch retries on its own). A studio may show
   * it as "reconnecting".
   */
  readonly onError?: (error: LiveError) => void;
}

/** A running watch of a cluster. */
export interface ClusterWatch {
  /** The kubeconfig context watched. */
  readonly context: string;
  /** The latest snapshot (the initial read until the first change). */
  current(): LiveSnapshot;
  /** Stops watching; onChange is not called after it returns. */
  close(): void;
}

/** Server-side end of each watch request, as client-go spreads it (5 to 10 minutes). */
const WATCH_SECONDS = 300;

type Item = Readonly<Record<string, unknown>>;

/**
 * Reads the cluster like readCluster, then keeps the snapshot current with one `watch` per
 * resource (from the resourceVersion of its list, with bookmarks) and calls `onChange` with a
 * fresh snapshot after each burst of changes. Watches the server ends are resumed; an expired
 * resourceVersion (410 Gone) makes that resource be listed again; failures are retried with
 * backoff and reported to `onError`. Resolves once the initial read is complete; throws
 * LiveError when it cannot be (the same errors as readCluster).
 */
export async function watchCluster(
  options: WatchOptions,
  onChange: (snapshot: LiveSnapshot) => void,
): Promise<ClusterWatch> {
  const { lib, config, client } = await connect(options);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const { lists } = await listResources(client, pageSize);
  const debounceMs = options.debounceMs ?? 250;
  const retryMs = options.retryMs ?? 1000;
  const maxRetryMs = options.maxRetryMs ?? 30_000;

  const stores = new Map<LiveResource, Map<string, Item>>();
  const versions = new Map<LiveResource, string>();
  const build = () =>
    buildSnapshot(config.context, config.server, new Map([...stores].map(([r, s]) => [r, [...s.values()]])));
  const fill = (resource: LiveResource, items: readonly Item[], resourceVersion: string) => {
    stores.set(resource, new Map(items.map((i) => [objectKey(i), prune(resource, i)])));
    versions.set(resource, resourceVersion);
  };
  for (const [resource, list] of lists) fill(resource, list.items, list.resourceVersion);
  let snapshot = build();

  const watcher = new lib.Watch(config.kc);
  let closed = false;
  const running = new Set<{ controller?: AbortController; ended: boolean }>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let pending: ReturnType<typeof setTimeout> | undefined;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed) fn();
    }, ms);
    timers.add(t);
  };
  const changed = () => {
    if (closed || pending !== undefined) return;
    pending = setTimeout(() => {
      pending = undefined;
      if (closed) return;
      snapshot = build();
      onChange(snapshot);
    }, debounceMs);
  };
  const backoff = (attempt: number) => Math.min(maxRetryMs, retryMs * 2 ** Math.min(attempt, 16));
  const report = (error: LiveError) => {
    if (!closed) options.onError?.(error);
  };

  const relist = (resource: LiveResource, attempt: number) => {
    listAll(client, resource, pageSize).then(
      (list) => {
        if (closed) return;
        fill(resource, list.items, list.resourceVersion);
        changed();
        watch(resource, 0);
      },
      (err: unknown) => {
        report(
          err instanceof LiveError ? err : errorForTransport(err, subjectOf(resource), client.at, 0, false),
        );
        later(backoff(attempt), () => relist(resource, attempt + 1));
      },
    );
  };

  const watch = (resource: LiveResource, attempt: number) => {
    const store = stores.get(resource)!;
    const run: { controller?: AbortController; ended: boolean } = { ended: false };
    running.add(run);
    let expired = false;
    let events = 0;
    let failure: LiveError | undefined;
    const onEvent = (type: string, object: unknown) => {
      if (closed || run.ended) return;
      events++;
      if (!isRecord(object)) return;
      const rv = isRecord(object.metadata) ? object.metadata.resourceVersion : undefined;
      switch (type) {
        case 'ADDED':
        case 'MODIFIED': {
          const key = objectKey(object);
          const pruned = prune(resource, object);
          const before = store.get(key);
          store.set(key, pruned);
          // Most updates (pod conditions, controller status) touch nothing kept: not a change.
          if (before === undefined || contentOf(before) !== contentOf(pruned)) changed();
          break;
        }
        case 'DELETED':
          store.delete(objectKey(object));
          changed();
          break;
        case 'ERROR': {
          // A Status: 410 Gone means the resourceVersion is too old to watch from.
          const code = typeof object.code === 'number' ? object.code : 0;
          if (code === 410) expired = true;
          else failure = errorForStatus(code, JSON.stringify(object), subjectOf(resource), client.at);
          return;
        }
        default: // BOOKMARK: only the resourceVersion moves on
          break;
      }
      if (typeof rv === 'string' && rv !== '') versions.set(resource, rv);
    };
    const onDone = (err: unknown) => {
      if (run.ended) return;
      run.ended = true;
      running.delete(run);
      if (closed) return;
      const status = isRecord(err) && typeof err.statusCode === 'number' ? err.statusCode : undefined;
      if (expired || status === 410) {
        relist(resource, 0);
        return;
      }
      if (err === null || err === undefined) {
        if (failure !== undefined) report(failure);
        // The server ends every watch after timeoutSeconds: resume at once, unless it keeps ending
        // without a single event, which would otherwise spin.
        const quiet = events === 0 || failure !== undefined;
        if (quiet) later(backoff(attempt), () => watch(resource, attempt + 1));
        else watch(resource, 0);
        return;
      }
      report(
        status === undefined
          ? errorForTransport(err, subjectOf(resource), client.at, 0, false)
          : errorForStatus(status, '', subjectOf(resource), client.at),
      );
      later(backoff(attempt), () => watch(resource, attempt + 1));
    };
    watcher
      .watch(
        listPath(resource),
        {
          resourceVersion: versions.get(resource) ?? '',
          allowWatchBookmarks: true,
          timeoutSeconds: WATCH_SECONDS,
        },
        onEvent,
        onDone,
      )
      .then(
        (controller) => {
          run.controller = controller;
          if (closed || run.ended) controller.abort();
        },
        (err: unknown) => onDone(err ?? new Error('watch failed')),
      );
  };

  for (const resource of stores.keys()) if (resource.watched) watch(resource, 0);

  return {
    context: config.context,
    current: () => snapshot,
    close: () => {
      if (closed) return;
      closed = true;
      if (pending !== undefined) clearTimeout(pending);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const run of running) {
        run.ended = true;
        run.controller?.abort();
      }
      running.clear();
    },
  };
}

function subjectOf(resource: LiveResource) {
  return { verb: 'watch' as const, resource, path: listPath(resource) };
}

function prune(resource: LiveResource, item: Item): Item {
  return pruneObject(item, apiVersionOf(resource), resource.kind);
}

function objectKey(item: Item): string {
  const metadata = isRecord(item.metadata) ? item.metadata : {};
  return `${typeof metadata.namespace === 'string' ? metadata.namespace : ''}/${typeof metadata.name === 'string' ? metadata.name : ''}`;
}

/** An object's content without its resourceVersion, which every update moves on. */
function contentOf(item: Item): string {
  const metadata = isRecord(item.metadata) ? { ...item.metadata, resourceVersion: undefined } : item.metadata;
  return JSON.stringify({ ...item, metadata });
}
