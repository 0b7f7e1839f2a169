/**
 * Bounds on what a parsed document may grow to. YAML aliases share one value among many places,
 * so a few dozen aliases can stand for billions of values ("billion laughs") or for a value that
 * contains itself; JSON has no aliases but may nest without end. Each check here is linear in
 * the size of the text, never in the size of the expansion.
 */

/**
 * Values one document may expand to through aliases, beyond the values written in it. Real
 * manifests reuse a label set or a container here and there; an alias bomb multiplies.
 */
export const MAX_EXPANSION = 100_000;

/** Why a document was refused, or undefined when it is within bounds. */
export type ExpansionProblem =
  | { readonly type: 'cycle' }
  | { readonly type: 'too-large'; readonly limit: number };

/**
 * Checks that `value` (a constructed YAML document) does not contain itself and does not expand
 * to more than `written + MAX_EXPANSION` values, where `written` is how many nodes the text
 * holds. Shared values are counted once per place they appear, but computed once.
 */
export function checkExpansion(value: unknown, written: number): ExpansionProblem | undefined {
  const limit = written + MAX_EXPANSION;
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  let cycle = false;
  const size = (v: unknown): number => {
    if (typeof v !== 'object' || v === null) return 1;
    const known = sizes.get(v);
    if (known !== undefined) return known;
    if (open.has(v)) {
      cycle = true;
      return limit;
    }
    open.add(v);
    let total = 1;
    const children: readonly unknown[] = Array.isArray(v) ? v : Object.values(v);
    for (const child of children) {
      total += size(child);
      if (cycle || total >= limit) {
        total = limit;
        break;
      }
    }
    open.delete(v);
    sizes.set(v, total);
    return total;
  };
  const total = size(value);
  if (cycle) return { type: 'cycle' };
  if (total >= limit) return { type: 'too-large', limit };
  return undefined;
}
