import type { LabelRequirement, LabelSelector } from '../model/types.js';
import { checkLabelKey, checkLabelValue } from '../model/validation.js';

export type SelectorParse =
  | { readonly ok: true; readonly selector: LabelSelector }
  | { readonly ok: false; readonly message: string };

/**
 * Reads a label selector in kubectl's `-l` syntax: comma-separated requirements `key=value`
 * (or `==`), `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key` (exists) and `!key` (does
 * not exist). The empty string selects everything. `!=` and `notin` hold when the key is
 * absent, as in Kubernetes.
 */
export function parseSelectorText(text: string): SelectorParse {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelRequirement[] = [];
  const terms = splitTerms(text);
  if (terms === undefined) return { ok: false, message: `unbalanced parentheses in ${JSON.stringify(text)}` };
  for (const raw of terms) {
    const term = raw.trim();
    if (term === '') {
      if (terms.length === 1) break;
      return { ok: false, message: `empty requirement in ${JSON.stringify(text)}` };
    }
    const parsed = parseTerm(term);
    if (typeof parsed === 'string') return { ok: false, message: parsed };
    const { key, values } = parsed;
    const keyErr = checkLabelKey(key);
    if (keyErr !== undefined) return { ok: false, message: `label key ${JSON.stringify(key)} ${keyErr}` };
    for (const v of values) {
      const err = checkLabelValue(v);
      if (err !== undefined) return { ok: false, message: `label value ${JSON.stringify(v)} ${err}` };
    }
    if (parsed.operator === 'Equals' && !Object.hasOwn(matchLabels, key)) matchLabels[key] = values[0]!;
    else
      matchExpressions.push({
        key,
        operator: parsed.operator === 'Equals' ? 'In' : parsed.operator,
        values,
      });
  }
  return { ok: true, selector: { matchLabels, matchExpressions } };
}

type Term = {
  readonly key: string;
  readonly operator: 'Equals' | LabelRequirement['operator'];
  readonly values: readonly string[];
};

const KEY = '[A-Za-z0-9][-A-Za-z0-9_./]*';

function parseTerm(term: string): Term | string {
  let m = new RegExp(`^!\\s*(${KEY})$`).exec(term);
  if (m !== null) return { key: m[1]!, operator: 'DoesNotExist', values: [] };
  m = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*([^=!,()\\s]*)$`).exec(term);
  if (m !== null) return { key: m[1]!, operator: m[2] === '!=' ? 'NotIn' : 'Equals', values: [m[3]!] };
  m = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^()]*)\\)$`).exec(term);
  if (m !== null) {
    const values = m[3]!.split(',').map((v) => v.trim());
    if (values.length === 1 && values[0] === '')
      return `${JSON.stringify(term)}: ${m[2]} needs at least one value`;
    return { key: m[1]!, operator: m[2] === 'in' ? 'In' : 'NotIn', values };
  }
  m = new RegExp(`^(${KEY})$`).exec(term);
  if (m !== null) return { key: m[1]!, operator: 'Exists', values: [] };
  return `cannot read ${JSON.stringify(term)} as a label requirement (key=value, key!=value, key in (a,b), key notin (a,b), key, !key)`;
}

/** Splits on commas outside parentheses; undefined when parentheses do not balance. */
function splitTerms(text: string): string[] | undefined {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth < 0) return undefined;
    } else if (c === ',' && depth === 0) {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return undefined;
  terms.push(text.slice(start));
  return terms;
}
