/**
 * A unified diff (`diff -u`, as `git apply` and `patch -p1` read it) between two versions of a
 * text file, with three lines of context. Line-based, longest common subsequence: manifests are
 * small, and the edits of a fix touch a few lines.
 */
export function renderUnifiedDiff(file: string, before: string, after: string, context = 3): string {
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const hunks = groupHunks(ops, context);
  if (hunks.length === 0) return '';
  let out = `--- a/${file}\n+++ b/${file}\n`;
  for (const h of hunks) {
    out += `@@ -${h.aStart + (h.aLen === 0 ? 0 : 1)},${h.aLen} +${h.bStart + (h.bLen === 0 ? 0 : 1)},${h.bLen} @@\n`;
    for (const line of h.lines) out += `${line}\n`;
  }
  return out;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

type Op = { readonly type: ' ' | '-' | '+'; readonly line: string; readonly a: number; readonly b: number };

function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  // Common prefix and suffix first: the table covers only the changed middle.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] =
        a[start + i] === b[start + j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: Op[] = [];
  for (let k = 0; k < start; k++) ops.push({ type: ' ', line: a[k]!, a: k, b: k });
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      ops.push({ type: ' ', line: a[start + i]!, a: start + i, b: start + j });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! > lcs[i + 1]![j]!)) {
      ops.push({ type: '+', line: b[start + j]!, a: start + i, b: start + j });
      j++;
    } else {
      ops.push({ type: '-', line: a[start + i]!, a: start + i, b: start + j });
      i++;
    }
  }
  for (let k = 0; k < a.length - endA; k++)
    ops.push({ type: ' ', line: a[endA + k]!, a: endA + k, b: endB + k });
  return ops;
}

interface Hunk {
  aStart: number;
  aLen: number;
  bStart: number;
  bLen: number;
  lines: string[];
}

function groupHunks(ops: readonly Op[], context: number): Hunk[] {
  const changed = ops.map((o, k) => (o.type === ' ' ? -1 : k)).filter((k) => k >= 0);
  if (changed.length === 0) return [];
  const ranges: [number, number][] = [];
  for (const k of changed) {
    const lo = Math.max(0, k - context);
    const hi = Math.min(ops.length - 1, k + context);
    const last = ranges.at(-1);
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else ranges.push([lo, hi]);
  }
  return ranges.map(([lo, hi]) => {
    const slice = ops.slice(lo, hi + 1);
    const first = slice[0]!;
    return {
      aStart: first.a,
      bStart: first.b,
      aLen: slice.filter((o) => o.type !== '+').length,
      bLen: slice.filter((o) => o.type !== '-').length,
      lines: slice.map((o) => `${o.type}${o.line}`),
    };
  });
}
