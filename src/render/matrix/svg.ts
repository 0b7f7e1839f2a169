import { escapeHtml } from '../html.js';
import type { GraphEdge, GraphGroup, GraphNode, MatrixGraph } from './graph.js';

/** Drawing sizes, in SVG user units (pixels). */
const NODE_H = 34;
const NODE_GAP = 10;
const GROUP_PAD = 14;
const GROUP_HEAD = 26;
const GROUP_GAP_X = 90;
const GROUP_GAP_Y = 40;
const CHAR_W = 7;
const MAX_LABEL = 34;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * Draws the graph as inline SVG without any layout library: groups (namespaces, then the
 * outside world) in a grid of columns, nodes stacked in their group, edges as curves from the
 * right side of the source to the left side of the destination. Every text is HTML-escaped.
 */
export function renderGraphSvg(graph: MatrixGraph): string {
  const groups: GraphGroup[] = [...graph.groups];
  if (graph.loose.length > 0) groups.unshift({ type: 'namespace', label: '', nodes: graph.loose });
  const columns = Math.max(1, Math.ceil(Math.sqrt(groups.length * 1.5)));
  const width = (g: GraphGroup) =>
    Math.max(
      140,
      Math.max(g.label.length + 10, ...g.nodes.map((n) => clip(n.label).length)) * CHAR_W + 2 * GROUP_PAD,
    );
  const height = (g: GraphGroup) =>
    GROUP_HEAD + GROUP_PAD + g.nodes.length * (NODE_H + NODE_GAP) - NODE_GAP + GROUP_PAD;

  // Column widths and row heights of the group grid.
  const colW: number[] = new Array(columns).fill(0);
  const rowH: number[] = [];
  groups.forEach((g, i) => {
    const c = i % columns;
    const r = Math.floor(i / columns);
    colW[c] = Math.max(colW[c]!, width(g));
    rowH[r] = Math.max(rowH[r] ?? 0, height(g));
  });
  const colX = colW.map((_, c) => 20 + colW.slice(0, c).reduce((a, b) => a + b + GROUP_GAP_X, 0));
  const rowY = rowH.map((_, r) => 20 + rowH.slice(0, r).reduce((a, b) => a + b + GROUP_GAP_Y, 0));
  const nodeBox = new Map<string, Box>();
  const parts: string[] = [];
  groups.forEach((g, i) => {
    const c = i % columns;
    const r = Math.floor(i / columns);
    const box = { x: colX[c]!, y: rowY[r]!, w: colW[c]!, h: height(g) };
    if (g.label !== '') {
      parts.push(
        `<g class="group ${g.type}"><rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" rx="8"/>` +
          `<text x="${box.x + GROUP_PAD}" y="${box.y + 18}">${escapeHtml(g.type === 'namespace' ? `namespace ${g.label}` : g.label)}</text></g>`,
      );
    }
    g.nodes.forEach((n, k) => {
      const nb = {
        x: box.x + GROUP_PAD,
        y: box.y + GROUP_HEAD + GROUP_PAD / 2 + k * (NODE_H + NODE_GAP),
        w: box.w - 2 * GROUP_PAD,
        h: NODE_H,
      };
      nodeBox.set(n.key, nb);
      parts.push(nodeSvg(n, nb));
    });
  });
  const edges = graph.edges.map((e) => edgeSvg(e, nodeBox.get(e.src.key)!, nodeBox.get(e.dst.key)!));
  const totalW = Math.max(200, colX[columns - 1]! + colW[columns - 1]! + 20);
  const totalH = Math.max(80, rowY[rowY.length - 1]! + rowH[rowH.length - 1]! + 20);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="${totalW}" height="${totalH}" viewBox="0 0 ${totalW} ${totalH}" role="img" aria-label="connectivity graph">`,
    '<defs>',
    '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="head"/></marker>',
    '<marker id="arrow-open" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="head open"/></marker>',
    '</defs>',
    ...parts.filter((p) => p.startsWith('<g class="group')),
    `<g class="edges">${edges.join('')}</g>`,
    ...parts.filter((p) => !p.startsWith('<g class="group')),
    '</svg>',
  ].join('\n');
}

function nodeSvg(n: GraphNode, b: Box): string {
  const external = n.node.kind === 'External';
  const kind = external || n.node.kind === 'Namespace' ? '' : n.node.kind;
  const textY = kind === '' ? b.y + b.h / 2 + 4 : b.y + 14;
  return (
    `<g class="node${external ? ' external' : ''}" data-key="${n.key}" tabindex="0">` +
    `<title>${escapeHtml(n.node.id)}</title>` +
    `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="${external ? b.h / 2 : 5}"/>` +
    `<text x="${b.x + 8}" y="${textY}">${escapeHtml(clip(n.label))}</text>` +
    (kind === '' ? '' : `<text class="kind" x="${b.x + 8}" y="${b.y + 28}">${escapeHtml(kind)}</text>`) +
    '</g>'
  );
}

function edgeSvg(e: GraphEdge, s: Box, d: Box): string {
  let path: string;
  if (e.src === e.dst) {
    // A loop on the right side: pods of one workload or namespace talking to each other.
    const x = s.x + s.w;
    path = `M${x},${s.y + 8} C${x + 40},${s.y - 14} ${x + 40},${s.y + s.h + 14} ${x},${s.y + s.h - 8}`;
  } else if (Math.abs(s.x - d.x) < 1) {
    // Same column: bow out to the right.
    const x = s.x + s.w;
    const y1 = s.y + s.h / 2;
    const y2 = d.y + d.h / 2;
    const bow = 30 + Math.min(120, Math.abs(y2 - y1) / 3);
    path = `M${x},${y1} C${x + bow},${y1} ${x + bow},${y2} ${x},${y2}`;
  } else {
    const rightward = s.x < d.x;
    const x1 = rightward ? s.x + s.w : s.x;
    const x2 = rightward ? d.x : d.x + d.w;
    const y1 = s.y + s.h / 2;
    const y2 = d.y + d.h / 2;
    const dx = (x2 - x1) / 2;
    path = `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`;
  }
  const marker = e.open ? 'arrow-open' : 'arrow';
  const title = `${e.src.node.id} ${e.both ? '↔' : '→'} ${e.dst.node.id}: ${e.label}`;
  return (
    `<path class="edge${e.open ? ' open' : ''}" data-src="${e.src.key}" data-dst="${e.dst.key}" d="${path}" marker-end="url(#${marker})"${e.both ? ` marker-start="url(#${marker})"` : ''}>` +
    `<title>${escapeHtml(title)}</title></path>`
  );
}

function clip(text: string): string {
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}
