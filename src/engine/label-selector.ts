import { assertNever } from '../model/assert-never.js';
import type { LabelRequirement, LabelSelector, Labels } from '../model/types.js';

/**
 * Whether `labels` satisfy `selector`, as `metav1.LabelSelectorAsSelector` evaluates it:
 * matchLabels and every matchExpression must hold (AND). `{}` selects everything.
 * `NotIn` and `DoesNotExist` hold when the key is absent.
 */
export function matchesSelector(selector: LabelSelector, labels: Labels): boolean {
  for (const key in selector.matchLabels) {
    if (labels[key] !== selector.matchLabels[key]) return false;
  }
  for (const req of selector.matchExpressions) {
    if (!matchesRequirement(req, labels)) return false;
  }
  return true;
}

export function matchesRequirement(req: LabelRequirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, req.key);
  switch (req.operator) {
    case 'In':
      return has && req.values.includes(labels[req.key]!);
    case 'NotIn':
      return !has || !req.values.includes(labels[req.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return assertNever(req.operator);
  }
}

/** True for `{}`: a selector that selects every object. */
export function isEmptySelector(selector: LabelSelector): boolean {
  return selector.matchExpressions.length === 0 && Object.keys(selector.matchLabels).length === 0;
}

/** The selector in kubectl's string form: `app=web,tier in (a,b),!legacy`. `{}` gives `<all>`. */
export function formatSelector(selector: LabelSelector): string {
  const parts: string[] = [];
  for (const key of Object.keys(selector.matchLabels).sort())
    parts.push(`${key}=${selector.matchLabels[key]}`);
  for (const req of selector.matchExpressions) parts.push(formatRequirement(req));
  return parts.length === 0 ? '<all>' : parts.join(',');
}

/** One requirement in kubectl's form; `separator` joins the values (`,` as kubectl writes it). */
export function formatRequirement(req: LabelRequirement, separator = ','): string {
  switch (req.operator) {
    case 'In':
      return `${req.key} in (${req.values.join(separator)})`;
    case 'NotIn':
      return `${req.key} notin (${req.values.join(separator)})`;
    case 'Exists':
      return req.key;
    case 'DoesNotExist':
      return `!${req.key}`;
    default:
      return assertNever(req.operator);
  }
}

/** A stable key: two selectors with the same key select the same objects. */
export function selectorKey(selector: LabelSelector): string {
  const labels = Object.keys(selector.matchLabels)
    .sort()
    .map((k) => `${k}=${selector.matchLabels[k]}`);
  const exprs = selector.matchExpressions
    .map((r) => `${r.key} ${r.operator} ${[...r.values].sort().join(',')}`)
    .sort();
  return JSON.stringify([labels, exprs]);
}
