import type { CompletionSpec, ValueCompletion } from './spec.js';
import { flagNames } from './spec.js';

/**
 * A bash completion script: verbs, each verb's flags, the values of flags with choices, files
 * for -f/--kubeconfig and positional paths, contexts and namespaces through kubectl when it is
 * installed. Install with `source <(kubereach completion bash)`.
 */
export function renderBashCompletion(spec: CompletionSpec): string {
  const fn = '_kubereach';
  const verbNames = spec.verbs.map((v) => v.name);
  const valueCases: string[] = [];
  const flagCases: string[] = [];
  for (const verb of spec.verbs) {
    for (const f of verb.flags) {
      if (f.value === undefined) continue;
      valueCases.push(
        `    ${flagNames(f)
          .map((n) => `${verb.name}:${n}`)
          .join('|')}) ${valueCommand(f.value)} ;;`,
      );
    }
    const words = verb.flags.flatMap(flagNames).join(' ');
    const args = verb.argumentWords === undefined ? '' : ` argwords=${quote(verb.argumentWords.join(' '))}`;
    flagCases.push(`    ${verb.name}) opts=${quote(words)};${args} ;;`);
  }
  const globalWords = [...verbNames, ...spec.globalFlags.flatMap(flagNames), '--help'].join(' ');
  return `# bash completion for kubereach and kubectl-reach
# Load it in the current shell:   source <(kubereach completion bash)
# or for every shell:             kubereach completion bash > ~/.local/share/bash-completion/completions/kubereach

__kubereach_files() {
  local IFS=$'\\n'
  COMPREPLY=($(compgen -f -- "$cur"))
  compopt -o filenames 2>/dev/null
}

${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" verb="" opts="" argwords="" i
  if ((COMP_CWORD > 0)); then prev="\${COMP_WORDS[COMP_CWORD-1]}"; fi
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${verbNames.join('|')}) verb="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  if [[ -z "$verb" ]]; then
    COMPREPLY=($(compgen -W ${quote(globalWords)} -- "$cur"))
    return 0
  fi
  case "$verb:$prev" in
${valueCases.join('\n')}
  esac
  case "$verb" in
${flagCases.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ -n "$argwords" ]]; then
    COMPREPLY=($(compgen -W "$argwords" -- "$cur"))
  else
    __kubereach_files
  fi
  return 0
}

complete -F ${fn} ${spec.programs.join(' ')}
`;
}

function valueCommand(value: ValueCompletion): string {
  switch (value.type) {
    case 'none':
      return 'return 0';
    case 'words':
      return `COMPREPLY=($(compgen -W ${quote(value.words.join(' '))} -- "$cur")); return 0`;
    case 'file':
      return '__kubereach_files; return 0';
    case 'context':
      return 'COMPREPLY=($(compgen -W "$(kubectl config get-contexts -o name 2>/dev/null)" -- "$cur")); return 0';
    case 'namespace':
      return 'COMPREPLY=($(compgen -W "$(kubectl get namespaces -o name --request-timeout=3s 2>/dev/null | sed s,^namespace/,,)" -- "$cur")); return 0';
  }
}

/** A single-quoted bash word. */
function quote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
