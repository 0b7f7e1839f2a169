/**
 * Test helpers: load manifests, build the upstream e2e topology (namespaces x, y, z with pods
 * a, b, c serving 80 and 81 on TCP, UDP and SCTP) and probe one connection every way the
 * engine can answer it.
 */
import { loadAll } from 'js-yaml';
import { type CniProfile, type CompiledCluster, compileCluster } from '../../src/engine/compile.js';
import { loadManifests } from '../../src/load.js';
import type { Cluster, Endpoint } from '../../src/model/types.js';

type Raw = Readonly<Record<string, unknown>>;

const writtenByCluster = new WeakMap<Cluster, readonly Raw[]>();

/** Loads manifest texts (YAML or JSON), named `m0.yaml`, `m1.yaml`, … */
export function load(...texts: string[]): Cluster {
  const cluster = loadManifests(texts.map((text, i) => ({ name: `m${i}.yaml`, text })));
  writtenByCluster.set(cluster, texts.flatMap(parseObjects));
  return cluster;
}

/** Remembers the objects a cluster was loaded from (for clusters loaded without `load`). */
export function rememberWritten(cluster: Cluster, objects: readonly Raw[]): Cluster {
  writtenByCluster.set(cluster, objects);
  return cluster;
}

/**
 * The objects a cluster was loaded from, as written (`List`s flattened): what the naive Cilium
 * reference reads, so that it shares no reading of Cilium policies with the loader.
 */
export function writtenObjects(cluster: Cluster): readonly Raw[] {
  const objects = writtenByCluster.get(cluster);
  if (objects === undefined) throw new Error('cluster not loaded by test/support load(): no written objects');
  return objects;
}

function parseObjects(text: string): Raw[] {
  const flatten = (o: unknown): Raw[] => {
    if (typeof o !== 'object' || o === null) return [];
    const r = o as Raw;
    return Array.isArray(r.items) && String(r.kind).endsWith('List') ? r.items.flatMap(flatten) : [r];
  };
  return loadAll(text).flatMap(flatten);
}

/** Loads and compiles in one step. */
export function compile(texts: readonly string[], cni: CniProfile = 'upstream'): CompiledCluster {
  return compileCluster(load(...texts), { cni });
}

/** The endpoint with id `namespace/name`; throws in a test when it is missing. */
export function endpointOf(cluster: Cluster, id: string): Endpoint {
  const e = cluster.endpoints.find((x) => x.id === id);
  if (e === undefined)
    throw new Error(`no endpoint ${id} in ${cluster.endpoints.map((x) => x.id).join(' ')}`);
  return e;
}

export const E2E_NAMESPACES = ['x', 'y', 'z'] as const;
export const E2E_PODS = ['a', 'b', 'c'] as const;
export const E2E_PORTS = [80, 81] as const;

/** The IPv4 address of an e2e pod: namespace x/y/z → 10.0.0/1/2.0/24, pod a/b/c → .1/.2/.3. */
export function e2eIp(ns: string, pod: string): string {
  return `10.0.${E2E_NAMESPACES.indexOf(ns as 'x')}.${E2E_PODS.indexOf(pod as 'a') + 1}`;
}

/** The IPv6 address of an e2e pod: fd00::N:P, so fd00::1:0/112 is namespace y. */
export function e2eIp6(ns: string, pod: string): string {
  return `fd00::${E2E_NAMESPACES.indexOf(ns as 'x')}:${E2E_PODS.indexOf(pod as 'a') + 1}`;
}

/**
 * The e2e suite's topology as a JSON manifest: namespaces labelled `ns=<name>`, pods labelled
 * `pod=<name>`, one container per (port, protocol) declaring `serve-<port>-<proto>`. Pods are
 * dual-stack (IPv4 and IPv6). `pods` limits the pods (`['x/a', 'y/b']`); default all nine.
 */
export function e2eManifest(pods?: readonly string[]): string {
  const items: unknown[] = E2E_NAMESPACES.map((ns) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: ns, labels: { ns } },
  }));
  for (const ns of E2E_NAMESPACES) {
    for (const pod of E2E_PODS) {
      if (pods !== undefined && !pods.includes(`${ns}/${pod}`)) continue;
      const containers = (['TCP', 'UDP', 'SCTP'] as const).flatMap((protocol) =>
        E2E_PORTS.map((port) => ({
          name: `cont-${port}-${protocol.toLowerCase()}`,
          image: 'agnhost',
          ports: [{ containerPort: port, name: `serve-${port}-${protocol.toLowerCase()}`, protocol }],
        })),
      );
      items.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: pod, namespace: ns, labels: { pod } },
        spec: { containers },
        status: {
          phase: 'Running',
          podIP: e2eIp(ns, pod),
          podIPs: [{ ip: e2eIp(ns, pod) }, { ip: e2eIp6(ns, pod) }],
        },
      });
    }
  }
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 1);
}
