import type { CompletionSpec, FlagSpec, ValueCompletion } from './spec.js';

/**
 * A fish completion script. Install with
 * `kubereach completion fish > ~/.config/fish/completions/kubereach.fish`.
 */
export function renderFishCompletion(spec: CompletionSpec): string {
  const lines: string[] = [
    '# fish completion for kubereach and kubectl-reach',
    '# Install: kubereach completion fish > ~/.config/fish/completions/kubereach.fish',
    '',
    '# Candidates from the input, the cluster or the kubeconfig: kubereach __complete prints one per',
    '# line, then :DIRECTIVE (4: no file names). They are data: printed, never evaluated.',
    'function __kubereach_dynamic',
    '    set -l before (commandline -opc)',
    '    set -l current (commandline -ct)',
    '    set -l all (commandline -o)',
    '    set -l skip (math (count $before) + 1)',
    '    test -n "$current"; and set skip (math $skip + 1)',
    '    set -l after $all[$skip..-1]',
    '    test $skip -gt (count $all); and set after',
    '    set -l lines ($before[1] __complete --following (count $after) -- $before[2..-1] $current $after 2>/dev/null)',
    '    test (count $lines) -gt 0; or return',
    '    set -l directive (string replace -r "^:" "" -- $lines[-1])',
    '    set -e lines[-1]',
    '    for line in $lines',
    '        string match -q -- "$current*" "$line"; and printf "%s\\n" "$line"',
    '    end',
    '    string match -qr "^[0-9]+\\$" -- $directive; or set directive 4',
    '    test (math "bitand($directive, 4)") -eq 0; and __fish_complete_path $current',
    'end',
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
        v.argumentWords !== undefined
          ? `${c} ${when} -x -a ${quote(v.argumentWords.join(' '))}`
          : v.positionals !== undefined
            ? `${c} ${when} -x -a ${quote('(__kubereach_dynamic)')}`
            : `${c} ${when} -F`,
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
    case 'namespace':
    case 'pattern':
      return `-x -a ${quote('(__kubereach_dynamic)')}`;
  }
}

/** A single-quoted fish string. */
function quote(text: string): string {
  return `'${text.replace(/[\\']/g, '\\$&')}'`;
}
