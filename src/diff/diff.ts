import { compileCluster, type EngineOptions } from '../engine/compile.js';
import { buildMatrix, type Granularity, type Matrix } from '../engine/matrix.js';
import { computeReachability, type Reachability } from '../engine/reachability.js';
import type { Cluster } from '../model/types.js';
import { alignExternal } from './align.js';
import { type AttributionContext, attributeChange, type VersionContext } from './attribute.js';
import { compareReachability } from './pod-pairs.js';
import { comparePolicies } from './policies.js';
import type { ConnectivityDiff } from './types.js';

export interface DiffOptions extends EngineOptions {
  readonly granularity?: Granularity;
  /** Include external address nodes (default true). */
  readonly external?: boolean;
  /** Include each node's connection to itself (see `buildMatrix`). */
  readonly includeSelf?: boolean;
  /** Distinct member pairs evaluated per change to find the responsible policies. */
  readonly maxPairs?: number;
}

/**
 * Compares the connectivity of two versions of a cluster: pairs whose allowed ports differ,
 * nodes that exist in only one version, policies added, removed or modified, and for every
 * change the policies responsible. Both versions are cut at the same external CIDR boundaries
 * so that address nodes line up.
 */
export function diffClusters(before: Cluster, after: Cluster, options: DiffOptions = {}): ConnectivityDiff {
  const engine: EngineOptions = options.cni === undefined ? {} : { cni: options.cni };
  const [oldCompiled, newCompiled] = alignExternal(
    compileCluster(before, engine),
    compileCluster(after, engine),
  );
  const matrixOptions = {
    granularity: options.granularity ?? 'workload',
    external: options.external ?? true,
    includeSelf: options.includeSelf ?? false,
  };
  const oldReach = computeReachability(oldCompiled);
  const newReach = computeReachability(newCompiled);
  const oldMatrix = buildMatrix(oldReach, matrixOptions);
  const newMatrix = buildMatrix(newReach, matrixOptions);
  // pod pair by pod pair, so that no granularity hides a change
  const compared = compareReachability(
    { reach: oldReach, matrix: oldMatrix },
    { reach: newReach, matrix: newMatrix },
  );
  const policies = comparePolicies(
    [...before.policies, ...before.adminPolicies, ...before.ciliumPolicies],
    [...after.policies, ...after.adminPolicies, ...after.ciliumPolicies],
  );
  const ctx: AttributionContext = {
    before: versionContext(oldReach, oldMatrix),
    after: versionContext(newReach, newMatrix),
    policies,
    ...(options.maxPairs === undefined ? {} : { maxPairs: options.maxPairs }),
  };
  const changes = compared.changes.map((c) => ({ ...c, causes: attributeChange(c, ctx) }));
  const newIds = new Set(newMatrix.nodes.map((n) => n.id));
  return {
    granularity: matrixOptions.granularity,
    changes,
    endpoints: { added: compared.added, removed: compared.removed },
    policies: { added: policies.added, removed: policies.removed, modified: policies.modified },
    nodes: [...newMatrix.nodes, ...oldMatrix.nodes.filter((n) => !newIds.has(n.id))],
  };
}

function versionContext(reach: Reachability, matrix: Matrix): VersionContext {
  return {
    compiled: reach.compiled,
    nodes: new Map(matrix.nodes.map((n) => [n.id, n])),
    endpoints: new Map(reach.compiled.cluster.endpoints.map((e) => [e.id, e])),
    external: new Map(reach.external.nodes.map((x) => [x.id, x])),
  };
}
