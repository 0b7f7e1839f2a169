import type { LiveSnapshot } from '../live/snapshot.js';
import { snapshotList } from '../live/snapshot.js';
import { type WatchOptions, watchCluster } from '../live/watch.js';
import { renderSnapshot } from '../render/snapshot.js';
import type { StudioSnapshot } from './protocol.js';
import type { SnapshotProvider } from './provider.js';

/** The name the studio shows for a cluster's objects: one read-only YAML file. */
export function liveFileName(context: string): string {
  return `cluster-${context.replace(/[^A-Za-z0-9._-]+/g, '_')}.yaml`;
}

/** The studio's view of a live snapshot: the objects as one YAML list (no credentials: objects only). */
export function liveStudioSnapshot(snapshot: LiveSnapshot, revision: number): StudioSnapshot {
  const name = liveFileName(snapshot.context);
  return {
    apiVersion: 'kubereach/v1',
    kind: 'StudioSnapshot',
    source: { type: 'cluster', description: `cluster: context ${snapshot.context}` },
    revision,
    files: [
      {
        name,
        text: renderSnapshot(snapshotList(snapshot), 'yaml', [
          `Read from kubeconfig context ${snapshot.context}; read-only: edits stay in the studio.`,
        ]),
        writable: false,
      },
    ],
    problems: snapshot.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      file: name,
    })),
  };
}

/**
 * Serves a live cluster: reads it, watches it, and tells the studio when it changed. Nothing is
 * ever written to the cluster, and only the objects reach the page (never the kubeconfig).
 */
export async function createLiveProvider(options: WatchOptions): Promise<SnapshotProvider> {
  const listeners = new Set<() => void>();
  let revision = 1;
  let latest: LiveSnapshot | undefined;
  const watch = await watchCluster(options, (snapshot) => {
    latest = snapshot;
    revision++;
    for (const l of listeners) l();
  });
  return {
    async snapshot() {
      return liveStudioSnapshot(latest ?? watch.current(), revision);
    },
    watch(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    async close() {
      watch.close();
    },
  };
}
