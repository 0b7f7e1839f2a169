import { Command, CommanderError } from 'commander';
import { LiveError } from '../live/errors.js';
import { renderDiagnostics, selectDiagnostics } from '../render/diagnostics.js';
import { VERSION } from '../version.js';
import { CliError, type CliIo, EXIT, InputFailure, pickStyle } from './io.js';

/** Exit code for a bug in kubereach itself. */
export const EXIT_INTERNAL = 4;

type Register = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

/** Every verb, in the order help lists them, loaded on demand. */
const VERBS: readonly (readonly [string, () => Promise<Register>])[] = [
  ['matrix', async () => (await import('./commands/matrix.js')).registerMatrix],
  ['check', async () => (await import('./commands/check.js')).registerCheck],
  ['explain', async () => (await import('./commands/explain.js')).registerExplain],
  ['lint', async () => (await import('./commands/lint.js')).registerLint],
  ['diff', async () => (await import('./commands/diff.js')).registerDiff],
  ['snapshot', async () => (await import('./commands/snapshot.js')).registerSnapshot],
  ['test', async () => (await import('./commands/test.js')).registerTest],
  ['exposure', async () => (await import('./commands/exposure.js')).registerExposure],
  ['fix', async () => (await import('./commands/fix.js')).registerFix],
  ['generate', async () => (await import('./commands/generate.js')).registerGenerate],
  ['serve', async () => (await import('./commands/serve.js')).registerServe],
  ['completion', async () => (await import('./commands/completion.js')).registerCompletion],
];

/**
 * The verbs to define: only the one the command line names (a run loads only its own code),
 * or all of them for help, completion, a typo to suggest a verb for, or no verb at all.
 */
async function verbsFor(argv: readonly string[]): Promise<Register[]> {
  if (argv.length === 1 && argv[0] === '--version') return [];
  const first = argv.find((a) => !a.startsWith('-'));
  const named = VERBS.find(([name]) => name === first && name !== 'completion');
  return Promise.all((named === undefined ? VERBS : [named]).map(([, load]) => load()));
}

/**
 * Runs the CLI on `argv` (without the node and script names) and returns the exit code.
 * Never exits the process and never throws: the bin is the only place that touches `process`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command(io.programName ?? 'kubereach');
  program
    .description('Exact, explainable Kubernetes NetworkPolicy reachability')
    .version(VERSION, '--version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      // Usage errors are printed by handleError: one line plus a hint.
      outputError: () => {},
    })
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Examples:
  kubereach matrix examples/tutorial                           # who can reach whom
  kubereach check dev1/demo1 dev2/demo2 --port 80 examples/tutorial   # one connection, and why
  kubereach exposure examples/online-shop                      # what is open, to whom
  kubectl get ns,pods,deploy,svc,netpol -A -o yaml | kubereach matrix -o html - > reach.html
  source <(kubereach completion bash)                          # shell completion
  kubereach VERB --help                                        # flags and examples of a verb

Exit codes: 0 success/allowed/no findings, 1 denied/findings/differences, 2 usage error,
3 input error (nothing could be evaluated), ${EXIT_INTERNAL} internal error.`,
    );
  for (const register of await verbsFor(argv)) register(program, io, setExit);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    return handleError(err, io, debug, verbOf(program, argv));
  }
}

/** The verb of the command line, if any: the first argument naming one. */
function verbOf(program: Command, argv: readonly string[]): string | undefined {
  const names = new Set(program.commands.map((c) => c.name()));
  return argv.find((a) => names.has(a));
}

/**
 * A commander usage error as one line plus a hint: `unknown option '--bogus'`, then where to
 * look (`kubereach matrix --help`) or commander's suggestion.
 */
function usageLines(err: CommanderError, program: string, verb: string | undefined): string {
  const [first = '', ...rest] = err.message.split('\n');
  const message = first.replace(/^error: /, '');
  const suggestion = rest.join(' ').match(/\(Did you mean (.+)\?\)/)?.[1];
  const help =
    verb === undefined || err.code === 'commander.unknownCommand'
      ? `${program} --help`
      : `${program} ${verb} --help`;
  const hint =
    suggestion === undefined
      ? `${help} shows the usage and examples`
      : `did you mean ${suggestion}? (${help})`;
  return `${program}: ${message}\n  hint: ${hint}\n`;
}

function handleError(err: unknown, io: CliIo, debug: boolean, verb?: string): number {
  const style = pickStyle({ ...io, stdoutIsTTY: io.stderrIsTTY }, undefined);
  if (err instanceof CommanderError) {
    // help and version exit 0; commander already printed the message for usage errors
    if (
      err.code === 'commander.helpDisplayed' ||
      err.code === 'commander.version' ||
      err.code === 'commander.help'
    )
      return EXIT.ok;
    if (err.code === 'commander.executeSubCommandAsync') return EXIT.ok;
    io.stderr(usageLines(err, io.programName ?? 'kubereach', verb));
    return EXIT.usage;
  }
  if (err instanceof InputFailure) {
    io.stderr(renderDiagnostics(selectDiagnostics(err.diagnostics, {}), style));
    io.stderr(`kubereach: ${err.message}\n`);
    io.stderr(`  hint: ${err.hint ?? 'each error above names the file, line and field to fix'}\n`);
    return err.exitCode;
  }
  // A live cluster that cannot be read: nothing could be evaluated.
  if (err instanceof LiveError) {
    io.stderr(`kubereach: ${err.message}\n`);
    if (err.hint !== undefined) io.stderr(`  hint: ${err.hint}\n`);
    return EXIT.input;
  }
  if (err instanceof CliError) {
    io.stderr(`kubereach: ${err.message}\n`);
    if (err.hint !== undefined) io.stderr(`  hint: ${err.hint}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(
    `kubereach: internal error: ${message}\n  this is a bug in kubereach; please report it with the input that caused it${debug ? '' : ' (--debug prints the stack)'}\n`,
  );
  if (debug && err instanceof Error && err.stack !== undefined) io.stderr(`${err.stack}\n`);
  return EXIT_INTERNAL;
}
