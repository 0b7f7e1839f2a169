import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { generateCluster } from '../../bench/generate.js';

/** A directory of generated manifests, removed by `cleanup`. */
export interface GeneratedTree {
  readonly dir: string;
  /** The served path, relative to `dir`. */
  readonly root: string;
  readonly files: readonly string[];
  cleanup(): void;
}

type Obj = Record<string, unknown>;

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

function namespaceOf(o: Obj): string {
  const meta = o.metadata as { name?: string; namespace?: string } | undefined;
  return o.kind === 'Namespace' ? (meta?.name ?? 'default') : (meta?.namespace ?? 'default');
}

/**
 * The real-cluster scale the studio is built for: about 1,000 workloads in 100 namespaces (the
 * benchmark's generator, seeded), written as a repository would hold them: per namespace one
 * file of workloads and Services (`apps/NS.yaml`) and one of policies (`policies/NS.yaml`).
 */
export function studioScaleTree(): GeneratedTree & {
  readonly workloads: number;
  readonly namespaces: number;
} {
  const objects = generateCluster({ pods: 3000, policies: 500, namespaces: 100, seed: 7 }) as Obj[];
  const dir = mkdtempSync(join(tmpdir(), 'kubereach-scale-'));
  const byFile = new Map<string, Obj[]>();
  for (const o of objects) {
    const file = `${o.kind === 'NetworkPolicy' ? 'policies' : 'apps'}/${namespaceOf(o)}.yaml`;
    const list = byFile.get(file) ?? [];
    list.push(o);
    byFile.set(file, list);
  }
  mkdirSync(join(dir, 'cluster', 'apps'), { recursive: true });
  mkdirSync(join(dir, 'cluster', 'policies'), { recursive: true });
  for (const [file, list] of byFile)
    writeFileSync(join(dir, 'cluster', file), list.map((o) => dump(o, { noRefs: true })).join('---\n'));
  const namespaces = new Set(objects.filter((o) => o.kind === 'Namespace').map(namespaceOf));
  return {
    dir,
    root: 'cluster',
    files: [...byFile.keys()].sort(),
    workloads: objects.filter((o) => WORKLOAD_KINDS.has(o.kind as string)).length,
    namespaces: namespaces.size,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A page-breaking input the CLI handles: `count` namespaces of one pod each, every namespace
 * admitting ingress from the 60 namespaces of its group label, so about `count` × 60 workload
 * connections (3,000 namespaces: 1.5 MB, about 180,000 connections).
 */
export function manyNamespacesTree(count: number): GeneratedTree {
  const dir = mkdtempSync(join(tmpdir(), 'kubereach-many-'));
  const docs: string[] = [];
  const groups = Math.max(1, Math.floor(count / 60));
  for (let i = 0; i < count; i++) {
    const ns = `ns-${i}`;
    const group = `g${i % groups}`;
    docs.push(
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels: {group: ${group}}\n`,
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\n  namespace: ${ns}\n  labels: {app: app}\nstatus:\n  podIP: 10.${(i >> 8) & 255}.${i & 255}.10\nspec:\n  containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]\n`,
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: from-group\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels: {group: ${group}}\n    ports: [{port: 8080}]\n`,
    );
  }
  mkdirSync(join(dir, 'big'));
  writeFileSync(join(dir, 'big', 'cluster.yaml'), docs.join('---\n'));
  return {
    dir,
    root: 'big',
    files: ['cluster.yaml'],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
