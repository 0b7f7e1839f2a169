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

interface Layout {
  readonly boxes: Map<string, Box>;
  /** Group frames, drawn under everything else. */
  readonly frames: string[];
  readonly width: number;
  readonly height: number;
  /** Loose nodes on a circle: edges are drawn as chords. */
  readonly center?: { readonly x: number; readonly y: number };
}

/**
 * Draws the graph as inline SVG without any layout library. Groups (namespaces, then the
 * outside world) sit in a grid, nodes stacked in their group, edges curving from the side of
 * the source to the side of the destination; loose nodes (namespaces at namespace granularity)
 * sit on a circle with the outside world beside it, edges as chords. Every text is escaped.
 */
export function renderGraphSvg(graph: MatrixGraph): string {
  const layout = graph.loose.length > 0 ? circleLayout(graph) : gridLayout(graph.groups, 20, 20);
  const nodes = [...graph.loose, ...graph.groups.flatMap((g) => g.nodes)];
  const edges = graph.edges.map((e) =>
    edgeSvg(e, layout.boxes.get(e.src.key)!, layout.boxes.get(e.dst.key)!, layout.center),
  );
  const { width, height } = layout;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="connectivity graph">`,
    '<defs>',
    '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="head"/></marker>',
    '<marker id="arrow-open" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="head open"/></marker>',
    '</defs>',
    ...layout.frames,
    `<g class="edges">${edges.join('')}</g>`,
    ...nodes.map((n) => nodeSvg(n, layout.boxes.get(n.key)!)),
    '</svg>',
  ].join('\n');
}

function groupWidth(g: GraphGroup): number {
  const chars = Math.max(g.label.length + 10, ...g.nodes.map((n) => clip(n.label).length));
  return Math.max(140, chars * CHAR_W + 2 * GROUP_PAD);
}

function groupHeight(g: GraphGroup): number {
  return GROUP_HEAD + GROUP_PAD + g.nodes.length * (NODE_H + NODE_GAP) - NODE_GAP + GROUP_PAD;
}

/** Groups in a grid of about √(1.5·n) columns, starting at (x0, y0). */
function gridLayout(groups: readonly GraphGroup[], x0: number, y0: number): Layout {
  const columns = Math.max(1, Math.ceil(Math.sqrt(groups.length * 1.5)));
  const colW: number[] = new Array(columns).fill(0);
  const rowH: number[] = [];
  groups.forEach((g, i) => {
    const c = i % columns;
    const r = Math.floor(i / columns);
    colW[c] = Math.max(colW[c]!, groupWidth(g));
    rowH[r] = Math.max(rowH[r] ?? 0, groupHeight(g));
  });
  const colX = colW.map((_, c) => x0 + colW.slice(0, c).reduce((a, b) => a + b + GROUP_GAP_X, 0));
  const rowY = rowH.map((_, r) => y0 + rowH.slice(0, r).reduce((a, b) => a + b + GROUP_GAP_Y, 0));
  const boxes = new Map<string, Box>();
  const frames: string[] = [];
  groups.forEach((g, i) => {
    const box = {
      x: colX[i % columns]!,
      y: rowY[Math.floor(i / columns)]!,
      w: colW[i % columns]!,
      h: groupHeight(g),
    };
    const title = g.type === 'namespace' ? `namespace ${g.label}` : g.label;
    frames.push(
      `<g class="group ${g.type}"><rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" rx="8"/>` +
        `<text x="${box.x + GROUP_PAD}" y="${box.y + 18}">${escapeHtml(title)}</text></g>`,
    );
    g.nodes.forEach((n, k) => {
      boxes.set(n.key, {
        x: box.x + GROUP_PAD,
        y: box.y + GROUP_HEAD + GROUP_PAD / 2 + k * (NODE_H + NODE_GAP),
        w: box.w - 2 * GROUP_PAD,
        h: NODE_H,
      });
    });
  });
  const last = (list: number[]) => list[list.length - 1] ?? 0;
  return {
    boxes,
    frames,
    width: Math.max(200, groups.length === 0 ? 0 : last(colX) + last(colW) + 20),
    height: Math.max(80, groups.length === 0 ? 0 : last(rowY) + last(rowH) + 20),
  };
}

/**
 * Loose nodes evenly on an ellipse (boxes are wide, so it is wider than tall), the groups (the
 * outside world) in a column to its right.
 */
function circleLayout(graph: MatrixGraph): Layout {
  const n = graph.loose.length;
  const w = Math.max(110, ...graph.loose.map((x) => clip(x.label).length * CHAR_W + 16));
  // Far enough apart that neighbouring boxes never touch.
  const ry = Math.max(150, n > 1 ? (1.3 * (NODE_H + 30)) / (2 * Math.sin(Math.PI / n)) : 0);
  const rx = Math.max(ry * 1.5, n > 1 ? (1.2 * w) / (2 * Math.sin(Math.PI / n)) : 0);
  const center = { x: 40 + rx + w / 2, y: 40 + ry + NODE_H / 2 };
  const boxes = new Map<string, Box>();
  graph.loose.forEach((node, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
    boxes.set(node.key, {
      x: round(center.x + rx * Math.cos(angle) - w / 2),
      y: round(center.y + ry * Math.sin(angle) - NODE_H / 2),
      w,
      h: NODE_H,
    });
  });
  const right = round(center.x + rx + w / 2);
  const side = gridLayout(graph.groups, right + GROUP_GAP_X, 20);
  for (const [k, b] of side.boxes) boxes.set(k, b);
  return {
    boxes,
    frames: side.frames,
    width: Math.max(side.width, right + 40),
    height: Math.max(side.height, round(center.y + ry + NODE_H / 2 + 40)),
    center,
  };
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
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

function edgeSvg(e: GraphEdge, s: Box, d: Box, center?: { x: number; y: number }): string {
  let path: string;
  if (center !== undefined && e.src !== e.dst) path = chord(s, d, center);
  else if (e.src === e.dst) {
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

/**
 * A gentle curve between two boxes, from border to border, bent away from the straight line
 * so that the two directions of a pair do not overlap.
 */
function chord(s: Box, d: Box, center: { x: number; y: number }): string {
  const a = { x: s.x + s.w / 2, y: s.y + s.h / 2 };
  const b = { x: d.x + d.w / 2, y: d.y + d.h / 2 };
  const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  // bend towards the centre of the circle, a little to one side
  const bend = {
    x: mid.x + (center.x - mid.x) * 0.25 + (b.y - a.y) * 0.08,
    y: mid.y + (center.y - mid.y) * 0.25 - (b.x - a.x) * 0.08,
  };
  const p = borderPoint(s, bend);
  const q = borderPoint(d, bend);
  return `M${round(p.x)},${round(p.y)} Q${round(bend.x)},${round(bend.y)} ${round(q.x)},${round(q.y)}`;
}

/** Where the line from the box's centre towards `to` leaves the box. */
function borderPoint(b: Box, to: { x: number; y: number }): { x: number; y: number } {
  const c = { x: b.x + b.w / 2, y: b.y + b.h / 2 };
  const dx = to.x - c.x;
  const dy = to.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const t = Math.min(
    dx === 0 ? Infinity : b.w / 2 / Math.abs(dx),
    dy === 0 ? Infinity : b.h / 2 / Math.abs(dy),
  );
  return { x: c.x + dx * t, y: c.y + dy * t };
}

function clip(text: string): string {
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}
