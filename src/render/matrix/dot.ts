import type { MatrixView } from '../../focus/focus.js';
import { type GraphNode, matrixGraph } from './graph.js';
import { summarizeView } from './summary.js';

/**
 * `-o dot`: a Graphviz digraph. Namespaces are clusters of their pods or workloads, external
 * nodes sit in a cluster of their own, edges carry the allowed ports; fully open edges are red
 * and two-way pairs are one double-headed edge. Render with `dot -Tsvg`.
 */
export function renderMatrixDot(view: MatrixView): string {
  const graph = matrixGraph(view);
  const out: string[] = [
    'digraph kubereach {',
    `  graph [rankdir=LR, newrank=true, fontname="Helvetica", fontsize=12, labelloc=t, label=${quote(summarizeView(view))}];`,
    '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#4a6fa5", fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9, color="#4a6fa5", fontcolor="#333333"];',
  ];
  graph.groups.forEach((group, i) => {
    out.push(`  subgraph cluster_${i} {`);
    out.push(`    label=${quote(group.type === 'namespace' ? `namespace ${group.label}` : group.label)};`);
    out.push(
      group.type === 'namespace'
        ? '    style="rounded"; color="#9aa8b8"; bgcolor="#f8fafc";'
        : '    style="rounded,dashed"; color="#c08a3e"; bgcolor="#fffaf2";',
    );
    for (const n of group.nodes) out.push(`    ${nodeLine(n)}`);
    out.push('  }');
  });
  for (const n of graph.loose) out.push(`  ${nodeLine(n)}`);
  for (const e of graph.edges) {
    const attrs = [`label=${quote(e.label)}`];
    if (e.both) attrs.push('dir=both');
    if (e.open) attrs.push('color="#c0392b"', 'fontcolor="#c0392b"');
    out.push(`  ${e.src.key} -> ${e.dst.key} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

function nodeLine(n: GraphNode): string {
  const external = n.node.kind === 'External';
  const label = external || n.node.kind === 'Namespace' ? n.label : `${n.label}\n${n.node.kind}`;
  const attrs = [`label=${quote(label)}`, `tooltip=${quote(n.node.id)}`];
  if (external) attrs.push('shape=ellipse', 'fillcolor="#fff1dc"', 'color="#c08a3e"');
  return `${n.key} [${attrs.join(', ')}];`;
}

/** A DOT double-quoted string: backslashes and quotes escaped, newlines as centred `\n`. */
export function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/\r?\n/g, '\\n')}"`;
}
