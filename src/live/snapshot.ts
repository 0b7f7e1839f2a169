import type { Diagnostic } from '../model/diagnostics.js';
import { isRecord } from '../model/fields.js';
import { type NormalizeOptions, normalizeObjects, type RawObjectInput } from '../model/normalize.js';
import { objectLocator, type SourceLocator } from '../model/source.js';
import type { Cluster } from '../model/types.js';
import { pruneObject, whyPodLeftOut } from './prune.js';
import { apiVersionOf, LIVE_RESOURCES, type LiveResource } from './resources.js';

/**
 * What was read from a live cluster: the objects in snapshot order, each with apiVersion and
 * kind, ready for the same pipeline as manifest files.
 */
export interface LiveSnapshot {
  /** The kubeconfig context read. */
  readonly context: string;
  /** Its API server URL. */
  readonly server: string;
  /** Objects in snapshot order (resource by resource, then by namespace and name). */
  readonly objects: readonly Readonly<Record<string, unknown>>[];
  /** Notes about the read itself (pods that take no traffic and were left out). */
  readonly diagnostics: readonly Diagnostic[];
}

/** The file name sources of a live cluster carry: `cluster:<context>`. */
export function liveSourceFile(context: string): string {
  return `cluster:${context}`;
}

/**
 * Builds a snapshot from the items listed per resource: fills in apiVersion and kind, prunes
 * what is irrelevant (see pruneObject), leaves out pods that take no traffic, and orders
 * everything deterministically so that two reads of an unchanged cluster are identical.
 */
export function buildSnapshot(
  context: string,
  server: string,
  lists: ReadonlyMap<LiveResource, readonly Readonly<Record<string, unknown>>[]>,
): LiveSnapshot {
  const objects: Record<string, unknown>[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const resource of LIVE_RESOURCES) {
    const items = lists.get(resource);
    if (items === undefined) continue;
    const sorted = [...items].sort(byNamespaceAndName);
    for (const item of sorted) {
      if (resource.kind === 'Pod') {
        const leftOut = whyPodLeftOut(item);
        if (leftOut !== undefined) {
          diagnostics.push({ ...leftOut, source: { file: liveSourceFile(context), line: 0, column: 0 } });
          continue;
        }
      }
      objects.push(pruneObject(item, apiVersionOf(resource), resource.kind));
    }
  }
  return { context, server, objects, diagnostics };
}

function identity(item: Readonly<Record<string, unknown>>): [string, string] {
  const metadata = isRecord(item.metadata) ? item.metadata : {};
  return [
    typeof metadata.namespace === 'string' ? metadata.namespace : '',
    typeof metadata.name === 'string' ? metadata.name : '',
  ];
}

function byNamespaceAndName(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): number {
  const [an, aname] = identity(a);
  const [bn, bname] = identity(b);
  return an < bn ? -1 : an > bn ? 1 : aname < bname ? -1 : aname > bname ? 1 : 0;
}

/**
 * The snapshot's objects as pipeline input. Each source is `cluster:<context>` with the path
 * `items[i]` of the object in the snapshot's `kind: List`; live objects have no lines, so
 * positions are line 0.
 */
export function snapshotInputs(snapshot: LiveSnapshot): {
  readonly objects: readonly RawObjectInput[];
  readonly locator: SourceLocator;
} {
  const file = liveSourceFile(snapshot.context);
  return {
    objects: snapshot.objects.map((value, i) => ({
      value,
      source: { file, doc: 0, path: ['items', i], line: 0, column: 0 },
    })),
    locator: objectLocator,
  };
}

/** Normalizes a snapshot into the cluster model, exactly as manifest files are. */
export function clusterFromSnapshot(snapshot: LiveSnapshot, options: NormalizeOptions = {}): Cluster {
  const { objects, locator } = snapshotInputs(snapshot);
  const cluster = normalizeObjects(objects, locator, options);
  return { ...cluster, diagnostics: [...snapshot.diagnostics, ...cluster.diagnostics] };
}

/**
 * The snapshot as one `kind: List` object: what `kubereach snapshot` writes, and what
 * `kubereach matrix FILE` reads back to the same answers.
 */
export function snapshotList(snapshot: LiveSnapshot): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: snapshot.objects };
}
