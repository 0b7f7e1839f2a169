import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../model/diagnostics.js';
import type { PathSegment, SourceLocator, SourceRef } from '../model/source.js';
import {
  countLines,
  hasContent,
  type ListLayout,
  listLayout,
  markerOffsets,
  splittable,
} from './documents.js';
import {
  type InputFile,
  type ListPart,
  type ParsedInput,
  parseInputs,
  parseListItems,
  type RawObject,
  wholeFileLocator,
} from './parse.js';

/**
 * Below this many characters in all, one thread parses faster than starting another. Plain
 * manifests are read by the fast reader (see readFastYaml) about as fast as a worker's objects
 * are copied back to the main thread (structured clone of the objects of an 8 MB file: 340-400
 * ms; reading it: 290 ms), so workers only pay for very large inputs, and even there they cost
 * CPU time and memory for some wall time.
 */
export const PARALLEL_THRESHOLD = 64 * 1024 * 1024;

/** At most this many threads parse (the main thread and workers). */
const MAX_THREADS = 4;

/** A part of one file: whole documents, from a marker line (or the start) to the next part. */
interface Piece {
  readonly file: number;
  readonly start: number;
  readonly end: number;
  readonly lineBase: number;
  readonly docBase: number;
  /** Set for a part of a one-document List: its items, from this index on. */
  readonly list?: ListPart;
}

/** What a worker is sent for each part: its text, and how to read it. */
export interface PieceInput extends InputFile {
  readonly list?: ListPart;
}

interface PieceResult {
  readonly objects: readonly RawObject[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Threads worth starting: one per core other processes leave idle (by the load average of the
 * last minute), at least one and at most MAX_THREADS. On a busy machine a worker only adds the
 * cost of copying its objects back to a parse that would not finish sooner.
 */
export function idleThreads(): number {
  const cores = availableParallelism();
  return Math.max(1, Math.min(MAX_THREADS, cores, Math.ceil(cores - (loadavg()[0] ?? 0))));
}

/**
 * `parseInputs` on several threads: large inputs are cut into parts of whole documents, parsed
 * by worker threads and the main thread at once, and put back together with the positions a
 * single parse gives. Small inputs, and files that cannot be cut safely, are parsed as usual; a
 * part with any diagnostic makes its file be parsed again whole, so messages are exactly those
 * of `parseInputs`. `threshold` and `threads` are for tests.
 */
export async function parseInputsParallel(
  files: readonly InputFile[],
  threshold = PARALLEL_THRESHOLD,
  threads = idleThreads(),
): Promise<ParsedInput> {
  const total = files.reduce((n, f) => n + f.text.length, 0);
  const workerUrl = new URL('./parse-worker.js', import.meta.url);
  if (total < threshold || threads < 2 || !existsSync(fileURLToPath(workerUrl))) return parseInputs(files);

  const groups = planGroups(files, threads, total);
  if (groups.length < 2) return parseInputs(files);
  const workers = groups.slice(1).map((group) =>
    runWorker(
      workerUrl,
      group.map((p) => pieceInput(files, p)),
    ),
  );
  const own = groups[0]!.map((p) => parsePiece(pieceInput(files, p)));
  let results: PieceResult[][];
  try {
    results = [own, ...(await Promise.all(workers))];
  } catch {
    return parseInputs(files);
  }

  // Put the parts back in file order, rebased; a file with a failing part is parsed again whole.
  const byFile = files.map(() => [] as { piece: Piece; result: PieceResult }[]);
  groups.forEach((group, g) => {
    group.forEach((piece, k) => {
      byFile[piece.file]!.push({ piece, result: results[g]![k]! });
    });
  });
  const objects: RawObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const locators = new Map<string, SourceLocator>();
  files.forEach((file, i) => {
    const parts = byFile[i]!.sort((a, b) => a.piece.start - b.piece.start);
    if (parts.some((p) => p.result.diagnostics.length > 0)) {
      const whole = parseInputs([file]);
      objects.push(...whole.objects);
      diagnostics.push(...whole.diagnostics);
      locators.set(file.name, whole.locator);
      return;
    }
    for (const { piece, result } of parts) {
      for (const o of result.objects) objects.push({ value: o.value, source: rebase(o.source, piece) });
    }
    locators.set(file.name, wholeFileLocator(file));
  });
  return { objects, diagnostics, locator: new FileLocator(locators) };
}

function rebase(source: SourceRef, piece: Piece): SourceRef {
  if (piece.lineBase === 0 && piece.docBase === 0) return source;
  return { ...source, line: source.line + piece.lineBase, doc: source.doc + piece.docBase };
}

function pieceInput(files: readonly InputFile[], piece: Piece): PieceInput {
  const file = files[piece.file]!;
  if (piece.start === 0 && piece.end === file.text.length) return file;
  const text = file.text.slice(piece.start, piece.end);
  return piece.list === undefined ? { name: file.name, text } : { name: file.name, text, list: piece.list };
}

/** Parses one part: whole documents, or some items of a one-document List. */
export function parsePiece(input: PieceInput): PieceResult {
  const parsed = input.list === undefined ? parseInputs([input]) : parseListItems(input, input.list);
  return { objects: parsed.objects, diagnostics: parsed.diagnostics };
}

function runWorker(url: URL, inputs: readonly PieceInput[]): Promise<PieceResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url);
    worker.once('message', (results: PieceResult[]) => {
      resolve(results);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`parse worker exited with ${code}`));
    });
    worker.postMessage(inputs);
  });
}

/**
 * Splits the input into `threads` groups of about equal size: whole files where they fit, a
 * large file cut at marker lines where it does not.
 */
function planGroups(files: readonly InputFile[], threads: number, total: number): Piece[][] {
  const target = Math.ceil(total / threads);
  const groups: Piece[][] = [[]];
  let room = target;
  files.forEach((file, i) => {
    const text = file.text;
    const list = text.length > room && !text.includes('\u0000') ? listOf(text) : undefined;
    if (list !== undefined) {
      room = planList(groups, i, text, list, room, target, threads);
      return;
    }
    let start = 0;
    const markers =
      text.length > room && splittable(text) && !text.includes('\u0000') ? markerOffsets(text) : [];
    const leading = markers.length > 0 && hasContent(text.slice(0, markers[0]));
    let lineBase = 0;
    // Every file gets a piece, an empty one too (it has a diagnostic to give).
    do {
      // The first marker past the room left in this group, if the file is cut at all.
      const cut = markers.find((m) => m > start && m - start >= room);
      const end = cut ?? text.length;
      const docBase = start === 0 ? 0 : markers.indexOf(start) + (leading ? 1 : 0);
      groups[groups.length - 1]!.push({ file: i, start, end, lineBase, docBase });
      room -= end - start;
      if (room <= 0) {
        groups.push([]);
        // The last group takes the rest whole.
        room = groups.length < threads ? target : Number.POSITIVE_INFINITY;
      }
      lineBase += countLines(text, start, end);
      start = end;
    } while (start < text.length);
  });
  return groups.filter((g) => g.length > 0);
}

/** A one-document List's layout with the head (everything but the items) read: kind and apiVersion. */
interface ListPlan extends ListLayout {
  readonly kind: string;
  readonly apiVersion: unknown;
}

/**
 * The layout of a file that is one big `List` document, when reading it in parts between items
 * gives what reading it whole gives: the rest of the document (its keys but the items) reads
 * cleanly as a List whose `items` are left empty.
 */
function listOf(text: string): ListPlan | undefined {
  const layout = listLayout(text);
  if (layout === undefined) return undefined;
  const head = `${text.slice(0, layout.items[0])}${text.slice(layout.end)}`;
  const parsed = parseInputs([{ name: 'head', text: head }]);
  const value = parsed.objects[0]?.value;
  const kind = value?.kind;
  if (parsed.diagnostics.length > 0 || parsed.objects.length !== 1 || value?.items !== null) return undefined;
  if (typeof kind !== 'string' || !kind.endsWith('List')) return undefined;
  return { ...layout, kind, apiVersion: value?.apiVersion };
}

/** Adds the parts of a one-document List to the groups, cut between items; returns the room left. */
function planList(
  groups: Piece[][],
  file: number,
  text: string,
  list: ListPlan,
  room: number,
  target: number,
  threads: number,
): number {
  let item = 0;
  let lineBase = countLines(text, 0, list.items[0]!);
  while (item < list.items.length) {
    const start = list.items[item]!;
    // the first item past the room left in this group, or the end of the items
    let next = item + 1;
    while (next < list.items.length && list.items[next]! - start < room) next++;
    const end = next < list.items.length ? list.items[next]! : list.end;
    const part: ListPart = { first: item, kind: list.kind, apiVersion: list.apiVersion };
    groups[groups.length - 1]!.push({ file, start, end, lineBase, docBase: 0, list: part });
    room -= end - start;
    if (room <= 0) {
      groups.push([]);
      room = groups.length < threads ? target : Number.POSITIVE_INFINITY;
    }
    lineBase += countLines(text, start, end);
    item = next;
  }
  return room;
}

/** Positions from the locator of the file a reference names. */
class FileLocator implements SourceLocator {
  constructor(private readonly byFile: ReadonlyMap<string, SourceLocator>) {}

  locate(ref: SourceRef, field?: readonly PathSegment[]) {
    const locator = this.byFile.get(ref.file);
    return locator === undefined
      ? { file: ref.file, line: ref.line, column: ref.column }
      : locator.locate(ref, field);
  }
}
