import { Argument, type Command } from 'commander';
import { assertNever } from '../../model/assert-never.js';
import { renderBashCompletion } from '../completion/bash.js';
import { completeWords, formatCompletion } from '../completion/complete.js';
import { renderFishCompletion } from '../completion/fish.js';
import { completionSpec } from '../completion/spec.js';
import { renderZshCompletion } from '../completion/zsh.js';
import { type CliIo, EXIT } from '../io.js';

const EXAMPLES = `
Examples:
  # bash, this shell only
  source <(kubereach completion bash)

  # bash, every new shell
  kubereach completion bash > ~/.local/share/bash-completion/completions/kubereach

  # zsh (put the file in a directory of $fpath)
  kubereach completion zsh > "\${fpath[1]}/_kubereach"

  # fish
  kubereach completion fish > ~/.config/fish/completions/kubereach.fish`;

type Shell = 'bash' | 'zsh' | 'fish';

/** `kubereach completion bash|zsh|fish`: a script completing verbs, flags and their values. */
export function registerCompletion(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('completion')
    .description('print a shell completion script for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .addHelpText('after', EXAMPLES)
    .action((shell: Shell) => {
      const spec = completionSpec(program, ['kubereach', 'kubectl-reach']);
      switch (shell) {
        case 'bash':
          io.stdout(renderBashCompletion(spec));
          break;
        case 'zsh':
          io.stdout(renderZshCompletion(spec));
          break;
        case 'fish':
          io.stdout(renderFishCompletion(spec));
          break;
        default:
          assertNever(shell);
      }
      setExit(EXIT.ok);
    });
  // What kubectl runs as `kubectl_complete-reach WORD… CURRENT` to complete `kubectl reach …`,
  // and what the shell scripts run for candidates from the input, the cluster or the kubeconfig.
  program
    .command(COMPLETE_VERB, { hidden: true })
    .argument('[words...]')
    // the scripts pass the whole line: the last N words follow the one being completed
    .option('--following <n>', 'words after the one being completed', (v) => Number.parseInt(v, 10))
    .helpOption(false)
    .action(async (all: string[], options: { following?: number }) => {
      const spec = completionSpec(program, ['kubereach', 'kubectl-reach']);
      const n = Math.min(Math.max(options.following ?? 0, 0), all.length);
      const words = all.slice(0, all.length - n);
      const { inputCompletionSource } = await import('../completion/source.js');
      const completion = await completeWords(
        spec,
        words.length === 0 ? [''] : words,
        inputCompletionSource(io),
        all.slice(all.length - n),
      );
      io.stdout(formatCompletion(completion));
      setExit(EXIT.ok);
    });
}

/** The hidden verb behind `kubectl_complete-reach`; its words follow a `--`. */
export const COMPLETE_VERB = '__complete';
