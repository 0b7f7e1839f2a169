import type { CompiledCluster } from '../engine/compile.js';

/**
 * Cuts the address space outside the cluster at the CIDR boundaries of both versions, so that
 * external nodes of the two versions are the same address ranges with the same ids. Finer cuts
 * never change a verdict: every piece is still inside exactly the ipBlocks it was in before.
 */
export function alignExternal(
  before: CompiledCluster,
  after: CompiledCluster,
): readonly [CompiledCluster, CompiledCluster] {
  const ipBlocks = [...before.ipBlocks, ...after.ipBlocks];
  const ipv6 = before.ipv6 || after.ipv6;
  return [
    { ...before, ipBlocks, ipv6 },
    { ...after, ipBlocks, ipv6 },
  ];
}
