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

/**
 * The parties `0 … P-1` grouped by the sets holding them, as one bitset per non-empty group
 * (parties in no set form a group too), with the lowest party of each. Word-parallel: each set
 * splits every group in two, so the cost is groups × words per set. Returns null once the
 * groups outnumber `maxGroups` (then per-party signatures cost less).
 */
export function splitParties(
  sets: readonly Uint32Array[],
  P: number,
  maxGroups: number,
): { readonly bits: Uint32Array; readonly first: number }[] | null {
  const words = (P + 31) >>> 5;
  const all = new Uint32Array(words).fill(0xffffffff);
  if ((P & 31) !== 0) all[words - 1] = (1 << (P & 31)) - 1;
  let groups: Uint32Array[] = P === 0 ? [] : [all];
  for (const set of sets) {
    const next: Uint32Array[] = [];
    for (const group of groups) {
      let some = false;
      let all = true;
      for (let w = 0; w < words; w++) {
        const g = group[w]!;
        if ((g & set[w]!) !== 0) some = true;
        if ((g & ~set[w]!) !== 0) all = false;
      }
      // A group wholly on one side stays as it is.
      if (!some || all) {
        next.push(group);
        continue;
      }
      const inside = new Uint32Array(words);
      const outside = new Uint32Array(words);
      for (let w = 0; w < words; w++) {
        inside[w] = group[w]! & set[w]!;
        outside[w] = group[w]! & ~set[w]!;
      }
      next.push(inside, outside);
    }
    groups = next;
    if (groups.length > maxGroups) return null;
  }
  return groups.map((bits) => ({ bits, first: firstBit(bits) }));
}

/** The lowest set bit (-1 for none). */
export function firstBit(bits: Uint32Array): number {
  for (let w = 0; w < bits.length; w++) {
    const word = bits[w]!;
    if (word !== 0) return (w << 5) + 31 - Math.clz32(word & -word);
  }
  return -1;
}

/** Calls `f` for every set bit of `bits`, ascending. */
export function forEachBit(bits: Uint32Array, f: (p: number) => void): void {
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w]!;
    while (word !== 0) {
      const low = word & -word;
      f((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
}
