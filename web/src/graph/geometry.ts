/** Edge shapes between laid-out boxes: pure arithmetic, drawn by the page as SVG paths. */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface EdgeGeometry {
  /** An SVG path. */
  readonly d: string;
  readonly label: Point;
}

/** Space left between an edge's end and its target box, for the arrowhead. */
const ARROW_GAP = 3;

function center(r: Rect): Point {
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}

/** Where a ray from the centre of `r` towards `toward` leaves the rectangle. */
export function clipToRect(r: Rect, toward: Point, gap = 0): Point {
  const c = center(r);
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const tx = dx === 0 ? Number.POSITIVE_INFINITY : (r.width / 2 + gap) / Math.abs(dx);
  const ty = dy === 0 ? Number.POSITIVE_INFINITY : (r.height / 2 + gap) / Math.abs(dy);
  const t = Math.min(tx, ty, 1);
  return { x: c.x + dx * t, y: c.y + dy * t };
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/**
 * A curved edge from `src` to `dst`. `bend` pushes the curve to the left of its direction (in
 * pixels), so the two edges of a pair that talk both ways do not overlap. An edge from a box to
 * itself is a loop over the box's top edge.
 */
export function edgeGeometry(src: Rect, dst: Rect, bend = 0): EdgeGeometry {
  if (src === dst || (src.x === dst.x && src.y === dst.y && src.width === dst.width)) {
    const x1 = src.x + src.width * 0.62;
    const x2 = src.x + src.width * 0.86;
    const y = src.y;
    const d = `M${r1(x1)},${r1(y)} C${r1(x1 - 6)},${r1(y - 34)} ${r1(x2 + 6)},${r1(y - 34)} ${r1(x2)},${r1(y - ARROW_GAP)}`;
    return { d, label: { x: r1((x1 + x2) / 2), y: r1(y - 30) } };
  }
  const a = center(src);
  const b = center(dst);
  const mx = (a.x + b.x) / 2;
  const my = (a.y + b.y) / 2;
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  // Left normal of the direction a → b (screen coordinates: y grows downwards).
  const nx = (b.y - a.y) / len;
  const ny = -(b.x - a.x) / len;
  const control = { x: mx + nx * bend, y: my + ny * bend };
  const start = clipToRect(src, control);
  const end = clipToRect(dst, control, ARROW_GAP);
  const d = `M${r1(start.x)},${r1(start.y)} Q${r1(control.x)},${r1(control.y)} ${r1(end.x)},${r1(end.y)}`;
  // The point of the quadratic curve at t = 1/2.
  const label = {
    x: r1(0.25 * start.x + 0.5 * control.x + 0.25 * end.x),
    y: r1(0.25 * start.y + 0.5 * control.y + 0.25 * end.y),
  };
  return { d, label };
}

/** How far each edge bends: pairs with traffic both ways bend apart, single edges slightly. */
export function edgeBends(edges: readonly { readonly src: string; readonly dst: string }[]): number[] {
  const keys = new Set(edges.map((e) => `${e.src}\u0000${e.dst}`));
  return edges.map((e) => (e.src !== e.dst && keys.has(`${e.dst}\u0000${e.src}`) ? 26 : 10));
}
