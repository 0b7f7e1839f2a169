import type { CompletionSpec, FlagSpec, ValueCompletion } from './spec.js';

/**
 * A fish completion script. Install with
 * `kubereach completion fish > ~/.config/fish/completions/kubereach.fish`.
 */
export function renderFishCompletion(spec: CompletionSpec): string {
  const lines: string[] = [
    '# fish completion for kubereach and kubectl-reach',
    '# Install: kubereach completion fish > ~/.config/fish/completions/kubereach.fish',
  ];
  for (const program of spec.programs) {
    const c = `complete -c ${program}`;
    lines.push('', `${c} -f`);
    lines.push(`${c} -n __fish_use_subcommand -l version -d ${quote('print the version')}`);
    for (const v of spec.verbs)
      lines.push(`${c} -n __fish_use_subcommand -a ${v.name} -d ${quote(v.description)}`);
    for (const v of spec.verbs) {
      const when = `-n ${quote(`__fish_seen_subcommand_from ${v.name}`)}`;
      lines.push(
        v.argumentWords === undefined
          ? `${c} ${when} -F`
          : `${c} ${when} -x -a ${quote(v.argumentWords.join(' '))}`,
      );
      for (const f of v.flags) lines.push(`${c} ${when} ${flag(f)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function flag(f: FlagSpec): string {
  const parts: string[] = [];
  if (f.short !== undefined) parts.push(`-s ${f.short.replace(/^-/, '')}`);
  if (f.long !== undefined) parts.push(`-l ${f.long.replace(/^--/, '')}`);
  if (f.value !== undefined) parts.push(valueArgs(f.value));
  parts.push(`-d ${quote(f.description)}`);
  return parts.join(' ');
}

function valueArgs(value: ValueCompletion): string {
  switch (value.type) {
    case 'none':
      return '-x';
    case 'words':
      return `-x -a ${quote(value.words.join(' '))}`;
    case 'file':
      return '-r -F';
    case 'context':
      return `-x -a ${quote('(kubectl config get-contexts -o name 2>/dev/null)')}`;
    case 'namespace':
      return `-x -a ${quote('(kubectl get namespaces -o name --request-timeout=3s 2>/dev/null | string replace namespace/ "")')}`;
  }
}

/** A single-quoted fish string. */
function quote(text: string): string {
  return `'${text.replace(/[\\']/g, '\\$&')}'`;
}
