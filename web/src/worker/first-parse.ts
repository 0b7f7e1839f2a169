import { countLines, documentRuns } from '../../../src/sources/documents.js';
import {
  type InputFile,
  type ParsedInput,
  parseInputs,
  type RawObject,
  wholeFileLocator,
} from '../../../src/sources/parse.js';

/**
 * The first parse of a workspace on several threads: the files are shared out by size between
 * the engine worker and parse workers, a large file cut at document markers, every piece parsed
 * as the engine would parse it alone and put back at its lines and documents. Only a file whose
 * pieces all parsed without any diagnostic is taken from this; the others are parsed again by
 * the engine, so their messages and positions are those of a single-threaded parse.
 */

/** Below this many characters in all, one thread parses sooner than sharing the work out. */
export const PARALLEL_PARSE_CHARS = 256 * 1024;

/** At most this many parse workers besides the engine worker. */
export const MAX_PARSE_WORKERS = 3;

/** What a parse worker sends back for each file: its objects, or `null` when it had diagnostics. */
export type SharedParse = readonly RawObject[] | null;

/** A parse worker's request: files to parse, answered with one SharedParse per file, in order. */
export interface ParseShareRequest {
  readonly id: number;
  readonly files: readonly InputFile[];
}

export interface ParseShareResponse {
  readonly id: number;
  readonly results: readonly SharedParse[];
}

/**
 * Parse workers worth starting for `cores` logical cores: one per core beside the engine's and
 * the page's. While the workspace is parsed the page builds its editor and panels, so on two
 * cores a parse worker only takes turns with them (and its objects must still be copied back):
 * measured on two cores, the engine alone parses sooner.
 */
export function parseWorkerCount(cores: number | undefined): number {
  return Math.max(0, Math.min(MAX_PARSE_WORKERS, (cores ?? 1) - 2));
}

/** A part of one file for one thread: whole documents, numbered and placed as in the file. */
export interface Piece {
  /** Index of the file. */
  readonly file: number;
  readonly text: string;
  /** Lines and documents of the file before the piece (added to its positions). */
  readonly lineBase: number;
  readonly docBase: number;
  /** Whether the piece is the whole file. */
  readonly whole: boolean;
}

/**
 * The files cut into pieces for `threads` threads: a file larger than its share of the total is
 * cut at document markers into runs of about that share (as `documentRuns` reads large files),
 * every other file is one piece. In file order, each file's pieces in text order.
 */
export function piecesOf(files: readonly InputFile[], threads: number): Piece[] {
  const total = files.reduce((n, f) => n + f.text.length, 0);
  const target = Math.ceil(total / Math.max(1, threads));
  const pieces: Piece[] = [];
  files.forEach((file, i) => {
    const runs = file.text.length > target ? documentRuns(file.text, target) : undefined;
    if (runs === undefined) {
      pieces.push({ file: i, text: file.text, lineBase: 0, docBase: 0, whole: true });
      return;
    }
    for (const run of runs)
      pieces.push({
        file: i,
        text: run.text,
        lineBase: countLines(file.text, 0, run.offset),
        docBase: run.firstDoc,
        whole: false,
      });
  });
  return pieces;
}

/**
 * Shares pieces out between `threads` threads by size (largest first, each to the thread with
 * the least so far): indexes into `sizes`, one list per thread, the engine's first, each in
 * ascending order. Every piece is in exactly one share.
 */
export function planShares(sizes: readonly number[], threads: number): number[][] {
  const shares = Array.from({ length: Math.max(1, threads) }, () => [] as number[]);
  const load = shares.map(() => 0);
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]!);
  for (const i of order) {
    let least = 0;
    for (let t = 1; t < load.length; t++) if (load[t]! < load[least]!) least = t;
    shares[least]!.push(i);
    load[least]! += sizes[i]!;
  }
  for (const share of shares) share.sort((a, b) => a - b);
  return shares;
}

/** A parse worker's work: each file parsed alone; diagnostics mean "parse it again yourself". */
export function parseShare(files: readonly InputFile[]): SharedParse[] {
  return files.map((file) => {
    const parsed = parseInputs([file]);
    return parsed.diagnostics.length > 0 ? null : parsed.objects;
  });
}

/**
 * A file's parse from its objects as a parse worker sent them: positions of fields are found
 * again in the text when asked (as after an incremental re-parse).
 */
export function adoptedParse(file: InputFile, objects: readonly RawObject[]): ParsedInput {
  return { objects, diagnostics: [], locator: wholeFileLocator(file) };
}

/** Sends one share to a parse worker; resolves with its results, or undefined if it failed. */
export type ShareRunner = (files: readonly InputFile[]) => Promise<readonly SharedParse[] | undefined>;

/**
 * Parses files on the engine's thread and through `runners` (one per parse worker) at once:
 * the files whose every piece parsed cleanly, by name, each as one parse of the whole file. A
 * file missing from the answer (a piece with diagnostics, or whose worker failed) is for the
 * engine's own parser, as are the whole files of the engine's own share, which it parses
 * meanwhile with `parseOwn`. Below `threshold` characters in all, or without runners, nothing
 * is shared (the engine parses everything as usual).
 */
export async function parseShared(
  files: readonly InputFile[],
  runners: readonly ShareRunner[],
  parseOwn: (file: InputFile) => void,
  threshold = PARALLEL_PARSE_CHARS,
): Promise<Map<string, ParsedInput>> {
  const out = new Map<string, ParsedInput>();
  const total = files.reduce((n, f) => n + f.text.length, 0);
  if (runners.length === 0 || total < threshold) return out;
  const pieces = piecesOf(files, runners.length + 1);
  const [own, ...others] = planShares(
    pieces.map((p) => p.text.length),
    runners.length + 1,
  );
  const input = (k: number) => ({ name: files[pieces[k]!.file]!.name, text: pieces[k]!.text });
  const results: (SharedParse | undefined)[] = pieces.map(() => undefined);
  const answers = others.map(async (share, r) => {
    if (share.length === 0) return;
    const got = await runners[r]!(share.map(input)).catch(() => undefined);
    share.forEach((k, j) => {
      results[k] = got?.[j];
    });
  });
  for (const k of own!) {
    if (pieces[k]!.whole) parseOwn(files[pieces[k]!.file]!);
    else results[k] = parseShare([input(k)])[0];
  }
  await Promise.all(answers);
  files.forEach((file, i) => {
    const mine = pieces.flatMap((p, k) => (p.file === i ? [k] : []));
    if (mine.length === 1 && own!.includes(mine[0]!)) return;
    const objects: RawObject[] = [];
    for (const k of mine) {
      const parsed = results[k];
      if (parsed === undefined || parsed === null) return;
      const { lineBase, docBase } = pieces[k]!;
      for (const o of parsed)
        objects.push(
          lineBase === 0 && docBase === 0
            ? o
            : {
                value: o.value,
                source: { ...o.source, line: o.source.line + lineBase, doc: o.source.doc + docBase },
              },
        );
    }
    out.set(file.name, adoptedParse(file, objects));
  });
  return out;
}
