import type { Command, Option } from 'commander';
import { LINT_RULES } from '../../lint/registry.js';

/** How a flag's value is completed. */
export type ValueCompletion =
  | { readonly type: 'none' }
  | { readonly type: 'words'; readonly words: readonly string[] }
  | { readonly type: 'file' }
  | { readonly type: 'context' }
  | { readonly type: 'namespace' }
  /** `--from`/`--to` patterns: namespaces, `external`, endpoints of the input. */
  | { readonly type: 'pattern' };

/**
 * What a positional argument is, for verbs whose arguments are not only paths: an endpoint of
 * the input (`check SRC DST`), an endpoint or a path (`exposure [WORKLOAD] PATHS`), or the
 * `policy` keyword or a path (`explain [policy NS/NAME] PATHS`). Arguments past the list are paths.
 */
export type PositionalKind = 'endpoint' | 'endpoint-or-path' | 'policy-or-path';

/** The positional arguments of the verbs that take more than paths. */
const POSITIONALS: Readonly<Record<string, readonly PositionalKind[]>> = {
  check: ['endpoint', 'endpoint'],
  exposure: ['endpoint-or-path'],
  explain: ['policy-or-path'],
};

export interface FlagSpec {
  readonly short?: string;
  readonly long?: string;
  readonly description: string;
  /** Absent: a switch without a value. */
  readonly value?: ValueCompletion;
  readonly repeatable: boolean;
}

export interface VerbSpec {
  readonly name: string;
  readonly description: string;
  readonly flags: readonly FlagSpec[];
  /** Words its positional arguments take (`completion bash|zsh|fish`); absent: paths. */
  readonly argumentWords?: readonly string[];
  /** Its leading positional arguments when they are not paths (completed from the input). */
  readonly positionals?: readonly PositionalKind[];
}

export interface CompletionSpec {
  /** The executables to complete: `kubereach` and `kubectl-reach`. */
  readonly programs: readonly string[];
  readonly verbs: readonly VerbSpec[];
  readonly globalFlags: readonly FlagSpec[];
}

/** Flags whose values are files. */
const FILE_FLAGS = new Set([
  '--filename',
  '--kubeconfig',
  '--config',
  '--spec',
  '--baseline',
  '--kustomize',
  '--helm',
  '--values',
]);

/**
 * Reads the verbs and flags of the CLI from its commander definition, so the completion
 * scripts always match the CLI (verbs other modules register included).
 */
export function completionSpec(program: Command, programs: readonly string[]): CompletionSpec {
  const verbs = program.commands
    .filter((c) => c.name() !== 'help' && !c.name().startsWith('__'))
    .map(
      (c): VerbSpec => ({
        name: c.name(),
        description: c.description(),
        flags: [
          ...c.options.map(flagSpec),
          { long: '--help', short: '-h', description: 'show help', repeatable: false },
        ],
        ...argumentWords(c),
        ...(POSITIONALS[c.name()] === undefined ? {} : { positionals: POSITIONALS[c.name()] }),
      }),
    );
  return { programs, verbs, globalFlags: program.options.map(flagSpec) };
}

function argumentWords(c: Command): { argumentWords?: readonly string[] } {
  const first = c.registeredArguments[0];
  const choices = first?.argChoices;
  return choices === undefined ? {} : { argumentWords: choices };
}

function flagSpec(o: Option): FlagSpec {
  const takesValue = o.required || o.optional;
  let value: ValueCompletion | undefined;
  if (takesValue) {
    if (o.argChoices !== undefined) value = { type: 'words', words: o.argChoices };
    else if (o.long !== undefined && FILE_FLAGS.has(o.long)) value = { type: 'file' };
    else if (o.long === '--context') value = { type: 'context' };
    else if (o.long === '--namespace') value = { type: 'namespace' };
    else if (o.long === '--external') value = { type: 'words', words: ['on', 'off'] };
    else if (o.long === '--protocol') value = { type: 'words', words: ['TCP', 'UDP', 'SCTP'] };
    else if (o.long === '--from' || o.long === '--to') value = { type: 'pattern' };
    else if (o.long === '--enable' || o.long === '--disable')
      value = { type: 'words', words: LINT_RULES.map((r) => r.id) };
    else value = { type: 'none' };
  }
  return {
    ...(o.short === undefined ? {} : { short: o.short }),
    ...(o.long === undefined ? {} : { long: o.long }),
    description: o.description,
    ...(value === undefined ? {} : { value }),
    repeatable: o.variadic || /repeatable/.test(o.description),
  };
}

/** Every spelling of a flag: `-o`, `--output`. */
export function flagNames(f: FlagSpec): string[] {
  return [f.short, f.long].filter((n): n is string => n !== undefined);
}

/** Whether completing this flag's value or these arguments needs the input or the kubeconfig. */
export function isDynamic(value: ValueCompletion): boolean {
  return value.type === 'context' || value.type === 'namespace' || value.type === 'pattern';
}
