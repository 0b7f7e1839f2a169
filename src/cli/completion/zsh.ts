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
      v.argumentWords === undefined
        ? `        '*:path:_files'`
        : `        ${quote(`1:shell:(${v.argumentWords.join(' ')})`)}`,
    );
    return `    ${v.name})\n      _arguments -s \\\n${args.join(' \\\n')}\n      ;;`;
  });
  return `#compdef ${spec.programs.join(' ')}
# zsh completion for kubereach and kubectl-reach
# Load it in the current shell:   source <(kubereach completion zsh)
# or for every shell:             kubereach completion zsh > "\${fpath[1]}/_kubereach"

_kubereach() {
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
      return '{compadd -- $(kubectl config get-contexts -o name 2>/dev/null)}';
    case 'namespace':
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a zsh parameter expansion
      return '{compadd -- ${$(kubectl get namespaces -o name --request-timeout=3s 2>/dev/null)#namespace/}}';
  }
}

function escapeBrackets(text: string): string {
  return text.replace(/[[\]:\\]/g, '\\$&');
}

/** A single-quoted zsh word. */
function quote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
