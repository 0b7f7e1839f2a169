import type { CompletionSpec, FlagSpec, ValueCompletion } from './spec.js';

/**
 * A zsh completion script (`_arguments` per verb, with descriptions). Works from `fpath` as
 * `_kubereach` and when sourced: `source <(kubereach completion zsh)`.
 */
export function renderZshCompletion(spec: CompletionSpec): string {
  const verbs = spec.verbs.map((v) => `    ${quote(`${v.name.replaceAll(':', '\\:')}:${v.description}`)}`);
  const cases = spec.verbs.map((v) => {
    const args = v.flags.map((f) => `        ${flagSpec(f)}`);
    args.push(
      v.argumentWords !== undefined
        ? `        ${quote(`1:shell:(${v.argumentWords.join(' ')})`)}`
        : v.positionals !== undefined
          ? `        '*:argument:__kubereach_dynamic'`
          : `        '*:path:_files'`,
    );
    return `    ${v.name})\n      _arguments -s \\\n${args.join(' \\\n')}\n      ;;`;
  });
  return `#compdef ${spec.programs.join(' ')}
# zsh completion for kubereach and kubectl-reach
# Load it in the current shell:   source <(kubereach completion zsh)
# or for every shell:             kubereach completion zsh > "\${fpath[1]}/_kubereach"

# Candidates from the input, the cluster or the kubeconfig: kubereach __complete prints one per
# line, then :DIRECTIVE (2 no space after it, 4 no file names). They are data: compadd inserts
# them quoted and nothing evaluates them.
__kubereach_dynamic() {
  local -a lines
  local directive
  lines=("\${(@f)$("$__kubereach_program" __complete --following $(( \${#__kubereach_words} - __kubereach_current )) -- "\${(@)__kubereach_words[2,-1]}" 2>/dev/null)}")
  (( \${#lines} > 0 )) || return 1
  directive=\${lines[-1]#:}
  lines=("\${(@)lines[1,-2]}")
  [[ $directive == <-> ]] || directive=4
  local -a suffix
  (( directive & 2 )) && suffix=(-S '')
  (( \${#lines} > 0 )) && compadd "\${suffix[@]}" -- "\${lines[@]}"
  (( directive & 4 )) || _files
}

_kubereach() {
  local __kubereach_program=\${words[1]} __kubereach_current=$CURRENT
  local -a __kubereach_words
  __kubereach_words=("\${words[@]}")
  local -a verbs
  verbs=(
${verbs.join('\n')}
  )
  if (( CURRENT == 2 )); then
    _describe -t commands 'kubereach command' verbs
    _arguments '--version[print the version]' '(-h --help)'{-h,--help}'[show help]'
    return
  fi
  local verb=\${words[2]}
  (( CURRENT-- ))
  shift words
  case $verb in
${cases.join('\n')}
  esac
}

if [ "$funcstack[1]" = "_kubereach" ]; then
  _kubereach "$@"
else
  compdef _kubereach ${spec.programs.join(' ')}
fi
`;
}

function flagSpec(f: FlagSpec): string {
  const names = [f.short, f.long].filter((n): n is string => n !== undefined);
  const description = `[${escapeBrackets(f.description)}]`;
  const value = f.value === undefined ? '' : `:${valueName(f)}:${valueAction(f.value)}`;
  if (names.length === 1) return quote(`${f.repeatable ? '*' : ''}${names[0]}${description}${value}`);
  const exclusion = f.repeatable ? '*' : `(${names.join(' ')})`;
  return `${quote(exclusion)}{${names.join(',')}}${quote(`${description}${value}`)}`;
}

function valueName(f: FlagSpec): string {
  return (f.long ?? f.short ?? 'value').replace(/^-+/, '');
}

function valueAction(value: ValueCompletion): string {
  switch (value.type) {
    case 'none':
      return ' ';
    case 'words':
      return `(${value.words.join(' ')})`;
    case 'file':
      return '_files';
    case 'context':
    case 'namespace':
    case 'pattern':
      return '__kubereach_dynamic';
  }
}

function escapeBrackets(text: string): string {
  return text.replace(/[[\]:\\]/g, '\\$&');
}

/** A single-quoted zsh word. */
function quote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
