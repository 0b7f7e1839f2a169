import type { Granularity } from '../engine/matrix.js';
import { assertNever } from '../model/assert-never.js';

/** `1 pod`, `2 pods`; `nouns` for irregular plurals. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** The noun for one node of a granularity. */
export function unitNoun(granularity: Granularity): string {
  switch (granularity) {
    case 'pod':
      return 'pod';
    case 'workload':
      return 'workload';
    case 'namespace':
      return 'namespace';
    default:
      return assertNever(granularity);
  }
}
