import type { MatrixView } from '../../focus/focus.js';
import { type GraphNode, matrixGraph } from './graph.js';

/**
 * `-o mermaid`: a Mermaid flowchart (renders in GitHub Markdown inside a ```mermaid block).
 * Namespaces are subgraphs; every label is quoted with Mermaid entity codes, so names cannot
 * break out of it.
 */
export function renderMatrixMermaid(view: MatrixView): string {
  const graph = matrixGraph(view);
  const out: string[] = ['flowchart LR'];
  graph.groups.forEach((group, i) => {
    const title = group.type === 'namespace' ? `namespace ${group.label}` : group.label;
    out.push(`  subgraph g${i}[${label(title)}]`);
    for (const n of group.nodes) out.push(`    ${nodeLine(n)}`);
    out.push('  end');
  });
  for (const n of graph.loose) out.push(`  ${nodeLine(n)}`);
  const open: number[] = [];
  graph.edges.forEach((e, i) => {
    out.push(`  ${e.src.key} ${e.both ? '<-->' : '-->'}|${label(e.label)}| ${e.dst.key}`);
    if (e.open) open.push(i);
  });
  if (open.length > 0) out.push(`  linkStyle ${open.join(',')} stroke:#c0392b`);
  graph.groups.forEach((group, i) => {
    if (group.type === 'external') out.push(`  style g${i} stroke-dasharray: 5 5`);
  });
  return `${out.join('\n')}\n`;
}

function nodeLine(n: GraphNode): string {
  if (n.node.kind === 'External') return `${n.key}([${label(n.label)}])`;
  if (n.node.kind === 'Namespace') return `${n.key}[${label(n.label)}]`;
  return `${n.key}[${label(`${n.label} (${n.node.kind})`)}]`;
}

/**
 * A quoted Mermaid label. Anything but letters, digits, spaces and `./:,;()-` becomes an entity
 * code (`#60;`), so quotes, brackets, HTML and Markdown in names are shown, never interpreted.
 */
export function label(text: string): string {
  let out = '';
  for (const c of text) out += /[A-Za-z0-9 ./:,;()-]/.test(c) ? c : `#${c.codePointAt(0)};`;
  return `"${out}"`;
}
