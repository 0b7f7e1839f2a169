import type { CompletionSpec, FlagSpec, PositionalKind, VerbSpec } from './spec.js';
import { flagNames } from './spec.js';

/** Cobra's shell completion directives, as kubectl relays them for plugins. */
export const DIRECTIVE = {
  /** Let the shell complete file names. */
  files: 0,
  /** Do not add a space after the candidate (`dev1/` continues). */
  noSpace: 2,
  /** Only the given candidates. */
  noFiles: 4,
} as const;

export interface Completion {
  readonly candidates: readonly string[];
  readonly directive: number;
}

/** What a command line reads, as completion needs it to find candidates in the input. */
export interface CompletionInput {
  /** `-f` values, and the positional arguments that may be paths (those that exist are). */
  readonly paths: readonly string[];
  readonly recursive: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
}

/** Names found in the input (the given paths, else the cluster) for candidates. */
export interface CompletionNames {
  readonly namespaces: readonly string[];
  /** `ns/name` and `ns/kind/name` of workloads and pods, `ns/svc/name` of Services. */
  readonly endpoints: readonly string[];
  /** `ns/name` of NetworkPolicies. */
  readonly policies: readonly string[];
}

/** Where dynamic candidates come from; every method resolves to nothing rather than failing. */
export interface CompletionSource {
  contexts(input: CompletionInput): Promise<readonly string[]>;
  names(input: CompletionInput): Promise<CompletionNames | undefined>;
}

const NO_SOURCE: CompletionSource = {
  contexts: async () => [],
  names: async () => undefined,
};

/**
 * Completes the last of `words` (the arguments after the program name; the last one is the
 * word being typed, possibly empty): verbs, a verb's flags, a flag's values, endpoints and
 * namespaces of the input or the cluster, contexts of the kubeconfig, or files for paths.
 * Candidates are data: the shells must insert them quoted, never evaluate them. Candidates
 * holding control characters (which no shell protocol can carry) are left out.
 */
export async function completeWords(
  spec: CompletionSpec,
  words: readonly string[],
  source: CompletionSource = NO_SOURCE,
  following: readonly string[] = [],
): Promise<Completion> {
  const result = await completeUnfiltered(spec, words, source, following);
  const current = words[words.length - 1] ?? '';
  return {
    candidates: result.candidates.filter((w) => w.startsWith(current) && !/[\p{Cc}]/u.test(w)),
    directive: result.directive,
  };
}

async function completeUnfiltered(
  spec: CompletionSpec,
  words: readonly string[],
  source: CompletionSource,
  following: readonly string[],
): Promise<Completion> {
  const current = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  const verb = spec.verbs.find((v) => before.includes(v.name));
  if (verb === undefined) {
    const all = [...spec.verbs.map((v) => v.name), ...spec.globalFlags.flatMap(flagNames), '--help'];
    return only(all);
  }
  const line = parseLine(verb, before.slice(before.indexOf(verb.name) + 1), following);
  const previous = before[before.length - 1];
  const flag = verb.flags.find((f) => previous !== undefined && flagNames(f).includes(previous));
  if (flag?.value !== undefined) return valueCompletion(flag, current, line.input, source);
  if (current.startsWith('-')) return only(verb.flags.flatMap(flagNames));
  if (verb.argumentWords !== undefined) return only(verb.argumentWords);
  const kind = positionalKind(verb, line.positionals);
  if (kind === undefined) return { candidates: [], directive: DIRECTIVE.files };
  return positionalCompletion(kind, current, line, source);
}

interface ParsedLine {
  /** Positional arguments before the word being completed. */
  readonly positionals: readonly string[];
  readonly input: CompletionInput;
}

/**
 * The positional arguments before the word being completed, and the input the whole line names
 * (`args` before it, `following` after it).
 */
function parseLine(verb: VerbSpec, args: readonly string[], following: readonly string[]): ParsedLine {
  const positionals: string[] = [];
  const all = [...args, '', ...following];
  let before = -1;
  const files: string[] = [];
  let recursive = false;
  let kubeconfig: string | undefined;
  let context: string | undefined;
  for (let i = 0; i < all.length; i++) {
    const arg = all[i]!;
    if (i === args.length) {
      // the word being completed: a placeholder, neither path nor flag
      before = positionals.length;
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const flag = verb.flags.find((f) => flagNames(f).includes(arg));
    if (flag?.long === '--recursive') recursive = true;
    if (flag?.value === undefined) continue;
    const value = all[++i];
    if (value === undefined) break;
    if (flag.long === '--filename') files.push(value);
    else if (flag.long === '--kubeconfig') kubeconfig = value;
    else if (flag.long === '--context') context = value;
  }
  const kinds = verb.positionals ?? [];
  const policy = kinds[0] === 'policy-or-path' && positionals[0] === 'policy';
  // Which words are paths depends on what is still to be typed (`check | DIR`): every other
  // positional may be one; the source reads those that exist.
  const paths = positionals.filter((p, i) => i !== before && p !== '-' && !(policy && i < 2));
  return {
    positionals: before < 0 ? positionals : positionals.slice(0, before),
    input: {
      paths: [...paths, ...files],
      recursive,
      ...(kubeconfig === undefined ? {} : { kubeconfig }),
      ...(context === undefined ? {} : { context }),
    },
  };
}

type Position = PositionalKind | 'policy';

/** What the next positional argument is, or undefined for a path. */
function positionalKind(verb: VerbSpec, positionals: readonly string[]): Position | undefined {
  const kinds = verb.positionals ?? [];
  if (kinds[0] === 'policy-or-path' && positionals[0] === 'policy') {
    return positionals.length === 1 ? 'policy' : undefined;
  }
  return kinds[positionals.length];
}

async function positionalCompletion(
  kind: Position,
  current: string,
  line: ParsedLine,
  source: CompletionSource,
): Promise<Completion> {
  switch (kind) {
    case 'policy-or-path':
      return { candidates: ['policy'], directive: DIRECTIVE.files };
    case 'policy': {
      const names = await source.names(line.input);
      return only(names?.policies ?? []);
    }
    case 'endpoint':
    case 'endpoint-or-path': {
      const names = await source.names(line.input);
      const endpoints = endpointCandidates(names, current);
      if (kind === 'endpoint-or-path')
        return { candidates: endpoints.candidates, directive: DIRECTIVE.files };
      return endpoints;
    }
  }
}

/** `ns/` for each namespace, then what the namespace typed holds (`ns/name`, `ns/kind/name`). */
function endpointCandidates(names: CompletionNames | undefined, current: string): Completion {
  if (names === undefined) return only([]);
  const slash = current.indexOf('/');
  if (slash < 0) {
    return {
      candidates: names.namespaces.map((n) => `${n}/`),
      directive: DIRECTIVE.noFiles | DIRECTIVE.noSpace,
    };
  }
  const prefix = current.slice(0, slash + 1);
  return only(names.endpoints.filter((e) => e.startsWith(prefix)));
}

async function valueCompletion(
  flag: FlagSpec,
  current: string,
  input: CompletionInput,
  source: CompletionSource,
): Promise<Completion> {
  switch (flag.value?.type) {
    case 'words':
      return commaList(flag, current);
    case 'file':
      return { candidates: [], directive: DIRECTIVE.files };
    case 'context':
      return only(await source.contexts(input));
    case 'namespace':
      return only((await source.names(input))?.namespaces ?? []);
    case 'pattern': {
      const names = await source.names(input);
      if (names === undefined) return only(['external']);
      if (current.includes('/')) {
        const ns = current.slice(0, current.indexOf('/'));
        return only([`${ns}/*`, ...names.endpoints.filter((e) => e.startsWith(`${ns}/`))]);
      }
      return only(['external', ...names.namespaces]);
    }
    default:
      return only([]);
  }
}

/** A flag's words, after the last comma for flags that take lists (`--disable a,b`). */
function commaList(flag: FlagSpec, current: string): Completion {
  const words = flag.value?.type === 'words' ? flag.value.words : [];
  const comma = current.lastIndexOf(',');
  if (!flag.repeatable || comma < 0) return only(words);
  const head = current.slice(0, comma + 1);
  return only(words.map((w) => `${head}${w}`));
}

function only(candidates: readonly string[]): Completion {
  return { candidates, directive: DIRECTIVE.noFiles };
}

/** The output kubectl expects from a completion executable: candidates, then `:directive`. */
export function formatCompletion(c: Completion): string {
  return `${[...c.candidates, `:${c.directive}`].join('\n')}\n`;
}
