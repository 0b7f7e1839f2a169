/**
 * Party signatures over bitsets. A profile's rules match parties through a few peer bitsets;
 * parties held by the same bitsets match the same rules, so their verdict is computed once per
 * signature instead of once per party pair.
 */

/** Whether bit `p` is set. */
export function hasBit(bits: Uint32Array, p: number): boolean {
  return (bits[p >>> 5]! & (1 << (p & 31))) !== 0;
}

/** The set bits of a bitset, ascending. */
export function bitsToList(bits: Uint32Array, words: number): number[] {
  const list: number[] = [];
  for (let w = 0; w < words; w++) {
    let word = bits[w]!;
    while (word !== 0) {
      const low = word & -word;
      list.push((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
  return list;
}

/** Which of at most 31 sets hold party `p`, as a bit mask (bit d for `sets[d]`). */
export function maskOf(sets: readonly Uint32Array[], p: number): number {
  const word = p >>> 5;
  const bit = 1 << (p & 31);
  let mask = 0;
  for (let d = 0; d < sets.length; d++) if ((sets[d]![word]! & bit) !== 0) mask |= 1 << d;
  return mask;
}

/**
 * Numbers the parties `0 … P-1` so that two share a number exactly when the same sets hold
 * them; parties in no set get 0. Partition refinement: each set splits the groups its members
 * are in, so the cost is the sets' members (their popcount), not parties times sets. Numbers
 * stay below P + 1: a group is only split, never emptied.
 */
export function groupParties(sets: readonly Uint32Array[], P: number): Int32Array {
  const groups = new Int32Array(P);
  const size = new Int32Array(P + 1);
  const moved = new Int32Array(P + 1);
  const target = new Int32Array(P + 1);
  size[0] = P;
  let count = 1;
  for (const bits of sets) {
    const members = bitsToList(bits, Math.min(bits.length, (P + 31) >>> 5)).filter((p) => p < P);
    const touched: number[] = [];
    for (const p of members) if (moved[groups[p]!]!++ === 0) touched.push(groups[p]!);
    for (const g of touched) {
      // A group wholly inside the set keeps its number; 0 ("in no set") never does.
      if (g !== 0 && moved[g] === size[g]) target[g] = g;
      else {
        target[g] = count;
        size[count++] = moved[g]!;
        size[g]! -= moved[g]!;
      }
    }
    for (const p of members) groups[p] = target[groups[p]!]!;
    for (const g of touched) moved[g] = 0;
  }
  return groups;
}
