import type { CompiledCluster } from '../engine/compile.js';
import { matchesRequirement } from '../engine/label-selector.js';
import type { PathSegment, SourceRef } from '../model/source.js';
import type { LabelSelector, Labels } from '../model/types.js';
import { locate } from './refs.js';
import type { Hint, SelectorFailure } from './types.js';

/** The label every namespace carries, set by the API server (NamespaceDefaultLabelName). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The requirements of `selector` (written at `path` inside `policy`) that `labels` do not
 * satisfy, each with the line it is written on. Empty when the selector holds.
 */
export function selectorFailures(
  compiled: CompiledCluster,
  policy: { readonly source: SourceRef },
  selector: LabelSelector,
  path: readonly PathSegment[],
  labels: Labels,
): SelectorFailure[] {
  const out: SelectorFailure[] = [];
  for (const key of Object.keys(selector.matchLabels)) {
    const value = selector.matchLabels[key]!;
    if (labels[key] === value) continue;
    out.push({
      requirement: { key, operator: 'In', values: [value] },
      field: 'matchLabels',
      actual: Object.hasOwn(labels, key) ? labels[key]! : null,
      at: locate(compiled, policy, [...path, 'matchLabels', key]),
    });
  }
  selector.matchExpressions.forEach((req, i) => {
    if (matchesRequirement(req, labels)) return;
    out.push({
      requirement: req,
      field: 'matchExpressions',
      actual: Object.hasOwn(labels, req.key) ? labels[req.key]! : null,
      at: locate(compiled, policy, [...path, 'matchExpressions', i]),
    });
  });
  return out;
}

/** An object a selector can be compared with: its name (`ns` or `ns/pod`) and labels. */
export interface Labelled {
  readonly name: string;
  readonly labels: Labels;
}

/**
 * Hints for a selector that fails on an object: a key the object carries the wanted value
 * under (`name` vs `kubernetes.io/metadata.name`), a key no object carries at all, a value one
 * typo away. `universe` is every object of that kind in the input.
 */
export function labelHints(
  target: 'namespace' | 'pod',
  object: string,
  labels: Labels,
  failures: readonly SelectorFailure[],
  universe: readonly Labelled[],
): Hint[] {
  const hints: Hint[] = [];
  for (const f of failures) {
    const { key, operator, values } = f.requirement;
    if (operator === 'NotIn' || operator === 'DoesNotExist') continue;
    if (f.actual === null) {
      const suggestedKey = operator === 'In' ? keyHoldingValue(labels, values, key) : undefined;
      if (suggestedKey !== undefined) {
        hints.push({
          code: 'LABEL_KEY_DIFFERS',
          target,
          object,
          key,
          value: labels[suggestedKey]!,
          suggestedKey,
          at: f.at,
        });
        continue;
      }
      if (!universe.some((o) => Object.hasOwn(o.labels, key))) {
        const closestKey = closest(
          key,
          universe.flatMap((o) => Object.keys(o.labels)),
        );
        hints.push({
          code: 'LABEL_NOT_CARRIED',
          target,
          key,
          closestKey,
          suggestion: suggestLabel(target, object, labels, values, closestKey, universe),
          object,
          at: f.at,
        });
      }
      continue;
    }
    if (operator !== 'In') continue;
    const near = values.find((v) => v !== f.actual && editDistance(v, f.actual!) <= typoBudget(v));
    if (near !== undefined)
      hints.push({ code: 'LABEL_VALUE_CLOSE', target, object, key, value: near, actual: f.actual, at: f.at });
  }
  return hints;
}

/** A key of `labels` (other than `key`) whose value is one of `values`; the namespace name label first. */
function keyHoldingValue(labels: Labels, values: readonly string[], key: string): string | undefined {
  const keys = Object.keys(labels).filter((k) => k !== key && values.includes(labels[k]!));
  return keys.includes(NAMESPACE_NAME_LABEL) ? NAMESPACE_NAME_LABEL : keys.sort()[0];
}

/**
 * A label that would make the selector select something: an object carrying a wanted value
 * under another key, else the compared object's value for the closest key, else (namespaces)
 * its name label.
 */
function suggestLabel(
  target: 'namespace' | 'pod',
  object: string,
  labels: Labels,
  values: readonly string[],
  closestKey: string | null,
  universe: readonly Labelled[],
): { object: string; key: string; value: string } | null {
  for (const o of universe) {
    const k = keyHoldingValue(o.labels, values, '');
    if (k !== undefined) return { object: o.name, key: k, value: o.labels[k]! };
  }
  if (closestKey !== null && Object.hasOwn(labels, closestKey))
    return { object, key: closestKey, value: labels[closestKey]! };
  if (target === 'namespace')
    return { object, key: NAMESPACE_NAME_LABEL, value: labels[NAMESPACE_NAME_LABEL] ?? object };
  return null;
}

/** The candidate closest to `word` within a typo budget, or null. */
function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of [...new Set(candidates)].sort()) {
    const d = editDistance(word, c);
    if (d < bestDistance && d <= typoBudget(word)) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function typoBudget(word: string): number {
  return word.length <= 3 ? 1 : 2;
}

/** Edit distance counting insertions, deletions, substitutions and adjacent swaps as one edit each. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row[j] = j;
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row[j] = d;
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/** The namespaces of the input a namespaceSelector selects. */
export function namespacesSelected(
  compiled: CompiledCluster,
  selects: (labels: Labels) => boolean,
): string[] {
  return [...compiled.cluster.namespaces.values()]
    .filter((ns) => selects(ns.labels))
    .map((ns) => ns.name)
    .sort();
}
