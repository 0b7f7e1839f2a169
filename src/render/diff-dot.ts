import type { ConnectionChange, ConnectivityDiff } from '../diff/types.js';
import { formatConns } from '../engine/port-set.js';
import { assertNever } from '../model/assert-never.js';
import { formatChange } from './diff-common.js';

const COLORS = { added: '#1a7f37', removed: '#cf222e', changed: '#9a6700' } as const;
const FILLS = { added: '#dafbe1', removed: '#ffebe9', same: '#ffffff' } as const;

/**
 * The diff as a Graphviz digraph: only changed pairs, green for added, red dashed for removed,
 * amber for changed (labelled with the ports gained and lost); nodes grouped by namespace,
 * added nodes filled green, removed ones red and dashed. Render with `dot -Tsvg`.
 */
export function renderDiffDot(diff: ConnectivityDiff): string {
  const added = new Set(diff.endpoints.added.map((n) => n.id));
  const removed = new Set(diff.endpoints.removed.map((n) => n.id));
  const used = new Set([...diff.changes.flatMap((c) => [c.src, c.dst]), ...added, ...removed]);
  const byId = new Map(diff.nodes.map((n) => [n.id, n]));
  const lines = [
    'digraph kubereach_diff {',
    '  rankdir=LR;',
    '  graph [fontname="Helvetica", fontsize=11];',
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const groups = new Map<string, string[]>();
  const loose: string[] = [];
  for (const id of [...used].sort()) {
    const node = byId.get(id);
    const fill = added.has(id) ? FILLS.added : removed.has(id) ? FILLS.removed : FILLS.same;
    const style = removed.has(id) ? 'rounded,filled,dashed' : 'rounded,filled';
    const label = node?.name ?? id;
    const shape = node?.kind === 'External' ? 'ellipse' : 'box';
    const line = `${quote(id)} [label=${quote(label)}, fillcolor="${fill}", style="${style}", shape=${shape}];`;
    if (node?.namespace !== undefined) {
      const list = groups.get(node.namespace) ?? [];
      list.push(line);
      groups.set(node.namespace, list);
    } else loose.push(line);
  }
  for (const [ns, list] of [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    lines.push(`  subgraph ${quote(`cluster_${ns}`)} {`, `    label=${quote(ns)};`, '    style=rounded;');
    for (const l of list) lines.push(`    ${l}`);
    lines.push('  }');
  }
  for (const l of loose) lines.push(`  ${l}`);
  for (const c of diff.changes) lines.push(`  ${edge(c)}`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function edge(c: ConnectionChange): string {
  const color = COLORS[c.type];
  const ends = `${quote(c.src)} -> ${quote(c.dst)}`;
  switch (c.type) {
    case 'added':
      return `${ends} [color="${color}", fontcolor="${color}", penwidth=1.6, label=${quote(`+ ${formatConns(c.after)}`)}];`;
    case 'removed':
      return `${ends} [color="${color}", fontcolor="${color}", style=dashed, label=${quote(`− ${formatConns(c.before)}`)}];`;
    case 'changed':
      return `${ends} [color="${color}", fontcolor="${color}", label=${quote(formatChange(c.before, c.after))}];`;
    default:
      return assertNever(c.type);
  }
}

/** A DOT double-quoted string: backslashes, quotes and line breaks escaped. */
export function quote(text: string): string {
  return `"${text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r?\n|\r/g, '\\n')}"`;
}
