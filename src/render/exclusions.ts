import type { ExcludedObject, Exclusions } from '../model/exclusions.js';
import { formatPosition } from '../model/source.js';
import { sanitize } from './style.js';

/** Names listed per kind before "and N more". */
const LISTED = 5;

function plural(kind: string, n: number): string {
  if (n === 1) return kind;
  return kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`;
}

/** `namespace/name (file:line)`, escaped for a terminal and kept on one line. */
function describe(o: ExcludedObject): string {
  const name = o.namespace === undefined ? o.name : `${o.namespace}/${o.name}`;
  const at = o.source === undefined ? '' : ` (${formatPosition(o.source, false)})`;
  return sanitize(`${name}${at}`).replace(/\n/g, '\\n');
}

/**
 * One sentence per kind of object left out, and one for unreadable input, e.g. "1 NetworkPolicy
 * was not applied because the API server would reject it: dev2/x (policies.yaml:12)". Empty when
 * nothing was left out. Plain text: the caller decides how to mark it.
 */
export function exclusionNotes(exclusions: Exclusions): string[] {
  const kinds = new Map<string, ExcludedObject[]>();
  for (const o of exclusions.objects) kinds.set(o.kind, [...(kinds.get(o.kind) ?? []), o]);
  const notes: string[] = [];
  for (const [kind, list] of kinds) {
    const n = list.length;
    const verb =
      kind === 'NetworkPolicy'
        ? `${n === 1 ? 'was' : 'were'} not applied`
        : `${n === 1 ? 'was' : 'were'} left out`;
    const names = list.slice(0, LISTED).map(describe).join(', ');
    const more = n > LISTED ? ` and ${n - LISTED} more` : '';
    notes.push(
      `${n} ${sanitize(plural(kind, n))} ${verb} because the API server would reject ${n === 1 ? 'it' : 'them'}: ${names}${more}`,
    );
  }
  const unevaluated = new Map<string, ExcludedObject[]>();
  for (const o of exclusions.unevaluated) unevaluated.set(o.kind, [...(unevaluated.get(o.kind) ?? []), o]);
  for (const [kind, list] of unevaluated) {
    const n = list.length;
    const names = list.slice(0, LISTED).map(describe).join(', ');
    const more = n > LISTED ? ` and ${n - LISTED} more` : '';
    notes.push(
      `${n} ${sanitize(plural(kind, n))} ${n === 1 ? 'is' : 'are'} not evaluated (kubereach cannot evaluate this kind yet), and ${n === 1 ? 'it' : 'they'} may change this verdict: ${names}${more}`,
    );
  }
  if (exclusions.unreadable > 0) {
    const n = exclusions.unreadable;
    notes.push(
      `${n} ${n === 1 ? 'file or document' : 'files or documents'} could not be read; what ${n === 1 ? 'it holds is' : 'they hold is'} not evaluated`,
    );
  }
  return notes;
}

/** The exclusions as JSON: the objects with kind, namespace, name, source and codes. */
export function exclusionsToJson(exclusions: Exclusions) {
  return {
    objects: exclusions.objects.map((o) => ({
      kind: o.kind,
      ...(o.namespace === undefined ? {} : { namespace: o.namespace }),
      name: o.name,
      ...(o.source === undefined ? {} : { source: o.source }),
      codes: o.codes,
    })),
    ...(exclusions.unevaluated.length === 0
      ? {}
      : {
          unevaluated: exclusions.unevaluated.map((o) => ({
            kind: o.kind,
            ...(o.namespace === undefined ? {} : { namespace: o.namespace }),
            name: o.name,
            ...(o.source === undefined ? {} : { source: o.source }),
          })),
        }),
    unreadable: exclusions.unreadable,
  };
}
