import type { CompletionSpec, FlagSpec } from './spec.js';
import { flagNames } from './spec.js';

/** Cobra's shell completion directives, as kubectl relays them for plugins. */
export const DIRECTIVE = {
  /** Let the shell complete file names. */
  files: 0,
  /** Only the given candidates. */
  noFiles: 4,
} as const;

export interface Completion {
  readonly candidates: readonly string[];
  readonly directive: number;
}

/**
 * Completes the last of `words` (the arguments after the program name; the last one is the
 * word being typed, possibly empty): verbs, a verb's flags, a flag's values, or files for paths.
 * The logic of the bash script, as a function for `kubectl_complete-reach`.
 */
export function completeWords(spec: CompletionSpec, words: readonly string[]): Completion {
  const current = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  const verb = spec.verbs.find((v) => before.includes(v.name));
  const match = (list: readonly string[]) => list.filter((w) => w.startsWith(current));
  if (verb === undefined) {
    const all = [...spec.verbs.map((v) => v.name), ...spec.globalFlags.flatMap(flagNames), '--help'];
    return { candidates: match(all), directive: DIRECTIVE.noFiles };
  }
  const previous = before[before.length - 1];
  const flag = verb.flags.find((f) => previous !== undefined && flagNames(f).includes(previous));
  if (flag?.value !== undefined) return valueCompletion(flag, match);
  if (current.startsWith('-'))
    return { candidates: match(verb.flags.flatMap(flagNames)), directive: DIRECTIVE.noFiles };
  if (verb.argumentWords !== undefined)
    return { candidates: match(verb.argumentWords), directive: DIRECTIVE.noFiles };
  return { candidates: [], directive: DIRECTIVE.files };
}

function valueCompletion(flag: FlagSpec, match: (list: readonly string[]) => string[]): Completion {
  switch (flag.value?.type) {
    case 'words':
      return { candidates: match(flag.value.words), directive: DIRECTIVE.noFiles };
    case 'file':
      return { candidates: [], directive: DIRECTIVE.files };
    default:
      // Free text, contexts and namespaces: nothing to offer, and no file names either.
      return { candidates: [], directive: DIRECTIVE.noFiles };
  }
}

/** The output kubectl expects from a completion executable: candidates, then `:directive`. */
export function formatCompletion(c: Completion): string {
  return `${[...c.candidates, `:${c.directive}`].join('\n')}\n`;
}
