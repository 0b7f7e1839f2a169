import type { CompletionSpec, ValueCompletion } from './spec.js';
import { flagNames } from './spec.js';

/**
 * A bash completion script: verbs, each verb's flags, the values of flags with choices, files
 * for -f/--kubeconfig and positional paths; contexts, namespaces and endpoints through
 * `kubereach __complete`, which reads the paths on the command line or the cluster. Those names
 * are data and never evaluated. Install with `source <(kubereach completion bash)`.
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
    const dynamic = verb.positionals === undefined ? '' : ' dynamic=1';
    flagCases.push(`    ${verb.name}) opts=${quote(words)};${args}${dynamic} ;;`);
  }
  const globalWords = [...verbNames, ...spec.globalFlags.flatMap(flagNames), '--help'].join(' ');
  return `# bash completion for kubereach and kubectl-reach
# Load it in the current shell:   source <(kubereach completion bash)
# or for every shell:             kubereach completion bash > ~/.local/share/bash-completion/completions/kubereach
#
# Names from manifests, the cluster and the kubeconfig are data: they are matched with a plain
# loop and inserted quoted, never passed through compgen -W or eval (which would expand them).

__kubereach_files() {
  local -a files
  mapfile -t files < <(compgen -f -- "$cur")
  COMPREPLY+=("\${files[@]}")
  compopt -o filenames 2>/dev/null
}

# Adds the words of $1 (space-separated literals of this script) that start with $cur.
__kubereach_words() {
  local w
  local -a words
  read -r -a words <<< "$1"
  for w in "\${words[@]}"; do
    [[ "$w" == "$cur"* ]] && COMPREPLY+=("$w")
  done
}

# Candidates from the input, the cluster or the kubeconfig: kubereach __complete prints one per
# line, then :DIRECTIVE (2 no space after it, 4 no file names).
__kubereach_dynamic() {
  local -a lines
  local line directive quoted
  mapfile -t lines < <("\${COMP_WORDS[0]}" __complete --following $((\${#COMP_WORDS[@]} - COMP_CWORD - 1)) -- "\${COMP_WORDS[@]:1}" 2>/dev/null)
  ((\${#lines[@]} > 0)) || return 0
  directive="\${lines[\${#lines[@]}-1]#:}"
  unset 'lines[\${#lines[@]}-1]'
  [[ "$directive" =~ ^[0-9]+$ ]] || directive=4
  if (((directive & 4) == 0)); then
    # bash quotes file names and these candidates alike
    for line in "\${lines[@]}"; do
      [[ "$line" == "$cur"* ]] && COMPREPLY+=("$line")
    done
    __kubereach_files
  else
    for line in "\${lines[@]}"; do
      [[ "$line" == "$cur"* ]] || continue
      printf -v quoted '%q' "$line"
      COMPREPLY+=("$quoted")
    done
  fi
  if (((directive & 2) != 0)); then compopt -o nospace 2>/dev/null; fi
  return 0
}

${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" verb="" opts="" argwords="" dynamic="" i
  if ((COMP_CWORD > 0)); then prev="\${COMP_WORDS[COMP_CWORD-1]}"; fi
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${verbNames.join('|')}) verb="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  if [[ -z "$verb" ]]; then
    __kubereach_words ${quote(globalWords)}
    return 0
  fi
  case "$verb:$prev" in
${valueCases.join('\n')}
  esac
  case "$verb" in
${flagCases.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    __kubereach_words "$opts"
  elif [[ -n "$argwords" ]]; then
    __kubereach_words "$argwords"
  elif [[ -n "$dynamic" ]]; then
    __kubereach_dynamic
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
      return `__kubereach_words ${quote(value.words.join(' '))}; return 0`;
    case 'file':
      return '__kubereach_files; return 0';
    case 'context':
    case 'namespace':
    case 'pattern':
      return '__kubereach_dynamic; return 0';
  }
}

/** A single-quoted bash word. */
function quote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
