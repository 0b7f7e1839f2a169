import { matchesRequirement, matchesSelector } from '../../engine/label-selector.js';
import type { LabelRequirement, LabelSelector, Labels } from '../../model/types.js';

/** Something a selector is matched against: a namespace or a pod, by name. */
export interface Labelled {
  readonly name: string;
  readonly labels: Labels;
}

/** The requirements of a selector, matchLabels written as `In` with one value. */
function requirementsOf(selector: LabelSelector): LabelRequirement[] {
  return [
    ...Object.entries(selector.matchLabels).map(
      ([key, value]): LabelRequirement => ({ key, operator: 'In', values: [value] }),
    ),
    ...selector.matchExpressions,
  ];
}

function showRequirement(req: LabelRequirement): string {
  if (req.operator === 'Exists') return `a label ${req.key}`;
  if (req.operator === 'In' && req.values.length === 1) return `${req.key}=${req.values[0]}`;
  return `${req.key} ${req.operator === 'In' ? 'in' : 'notin'} (${req.values.join(',')})`;
}

/**
 * Explains why no candidate matches `selector`, pointing at the closest label that does exist
 * (`name=dev1` vs `kubernetes.io/metadata.name=dev1`, a misspelt value, a misspelt key).
 * Returns undefined when some candidate matches.
 */
export function explainNoMatch(
  selector: LabelSelector,
  candidates: readonly Labelled[],
  noun: string,
): string | undefined {
  if (candidates.some((c) => matchesSelector(selector, c.labels))) return undefined;
  if (candidates.length === 0) return `there is no ${noun} to match`;
  for (const req of requirementsOf(selector)) {
    if (candidates.some((c) => matchesRequirement(req, c.labels))) continue;
    const head = `no ${noun} has ${showRequirement(req)}`;
    if (req.operator === 'NotIn' || req.operator === 'DoesNotExist')
      return `${head}: every ${noun} carries ${req.key}${req.operator === 'NotIn' ? ' with one of those values' : ''}`;
    return `${head}; ${closest(req, candidates, noun)}`;
  }
  return `each label exists, but no single ${noun} has them all`;
}

/** The closest existing label to an unsatisfied `In`/`Exists` requirement, as a phrase. */
function closest(req: LabelRequirement, candidates: readonly Labelled[], noun: string): string {
  const wanted = new Set(req.values);
  // The value under another key: `name: dev1` where namespaces carry kubernetes.io/metadata.name.
  for (const c of candidates) {
    for (const [key, value] of Object.entries(c.labels)) {
      if (key !== req.key && wanted.has(value)) return `${noun} ${c.name} has ${key}=${value}`;
    }
  }
  // The same key with a similar value.
  const values = new Map<string, string>();
  for (const c of candidates) {
    const v = Object.hasOwn(c.labels, req.key) ? c.labels[req.key] : undefined;
    if (v !== undefined && !values.has(v)) values.set(v, c.name);
  }
  if (values.size > 0) {
    if (req.operator !== 'Exists') {
      const best = nearest([...values.keys()], req.values);
      if (best !== undefined) return `${noun} ${values.get(best)} has ${req.key}=${best}`;
    }
    return `values of ${req.key}: ${[...values.keys()].sort().slice(0, 5).join(', ')}`;
  }
  // A similar key (case, typo, or another prefix for the same name).
  const keys = new Map<string, Labelled>();
  for (const c of candidates) for (const key of Object.keys(c.labels)) if (!keys.has(key)) keys.set(key, c);
  const baseName = (k: string) => k.slice(k.lastIndexOf('/') + 1).toLowerCase();
  for (const [key, c] of keys) {
    if (baseName(key) === baseName(req.key) || editDistance(key.toLowerCase(), req.key.toLowerCase()) <= 2)
      return `${noun} ${c.name} has ${key}=${c.labels[key]}`;
  }
  return `no ${noun} has a label ${req.key}`;
}

/** The candidate closest to any of `targets` by edit distance, if reasonably close. */
function nearest(candidates: readonly string[], targets: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    for (const t of targets) {
      const d = editDistance(c.toLowerCase(), t.toLowerCase());
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
  }
  const limit = Math.max(2, Math.floor(Math.max(...targets.map((t) => t.length)) / 3));
  return bestDistance <= limit ? best : undefined;
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/**
 * Labels of a pod that `selector` selects (matchLabels, the first value of each `In`, an empty
 * value for `Exists`), or undefined when the selector contradicts itself. Stands in for pods
 * the input does not describe.
 */
export function labelsSatisfying(selector: LabelSelector): Labels | undefined {
  const labels: Record<string, string> = { ...selector.matchLabels };
  for (const req of selector.matchExpressions) {
    if (Object.hasOwn(labels, req.key)) continue;
    if (req.operator === 'In') labels[req.key] = req.values[0]!;
    else if (req.operator === 'Exists') labels[req.key] = '';
  }
  return matchesSelector(selector, labels) ? labels : undefined;
}
