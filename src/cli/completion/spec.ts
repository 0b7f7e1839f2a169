import type { Command, Option } from 'commander';

/** How a flag's value is completed. */
export type ValueCompletion =
  | { readonly type: 'none' }
  | { readonly type: 'words'; readonly words: readonly string[] }
  | { readonly type: 'file' }
  | { readonly type: 'context' }
  | { readonly type: 'namespace' };

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
}

export interface CompletionSpec {
  /** The executables to complete: `kubereach` and `kubectl-reach`. */
  readonly programs: readonly string[];
  readonly verbs: readonly VerbSpec[];
  readonly globalFlags: readonly FlagSpec[];
}

/** Flags whose values are files. */
const FILE_FLAGS = new Set(['--filename', '--kubeconfig', '--config', '--spec', '--baseline']);

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
