import {
  type InputFile,
  type ParsedInput,
  parseInputs,
  type RawObject,
  wholeFileLocator,
} from '../../../src/sources/parse.js';

/**
 * The first parse of a workspace on several threads: the files are shared out by size between
 * the engine worker and parse workers, each file parsed whole by one of them, exactly as the
 * engine would parse it alone. Only a file that parsed without any diagnostic is taken from a
 * parse worker; the others are parsed again by the engine, so their messages and positions are
 * those of a single-threaded parse.
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

/** Parse workers worth starting for `cores` logical cores: one per core beside the engine's. */
export function parseWorkerCount(cores: number | undefined): number {
  return Math.max(0, Math.min(MAX_PARSE_WORKERS, (cores ?? 1) - 1));
}

/**
 * Shares files out between `threads` threads, by size (largest first, each to the thread with
 * the least so far): indexes into `files`, one list per thread, the engine's first. Every file
 * is in exactly one share.
 */
export function planShares(files: readonly InputFile[], threads: number): number[][] {
  const shares = Array.from({ length: Math.max(1, threads) }, () => [] as number[]);
  const load = shares.map(() => 0);
  const order = files.map((_, i) => i).sort((a, b) => files[b]!.text.length - files[a]!.text.length);
  for (const i of order) {
    let least = 0;
    for (let t = 1; t < load.length; t++) if (load[t]! < load[least]!) least = t;
    shares[least]!.push(i);
    load[least]! += files[i]!.text.length;
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
 * the files each parse worker parsed cleanly, by name. Files missing from the answer (parsed
 * with diagnostics, or their worker failed) are for the engine's own parser, as are the
 * engine's own share, which it parses meanwhile with `parseOwn`. Below `threshold` characters
 * in all, or without runners, nothing is shared (the engine parses everything as usual).
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
  const [own, ...others] = planShares(files, runners.length + 1);
  const answers = others.map((share, k) => {
    const sent = share.map((i) => files[i]!);
    return sent.length === 0
      ? Promise.resolve(undefined)
      : runners[k]!(sent).then(
          (results) => ({ sent, results }),
          () => undefined,
        );
  });
  for (const i of own!) parseOwn(files[i]!);
  for (const answer of await Promise.all(answers)) {
    if (answer?.results === undefined) continue;
    answer.sent.forEach((file, k) => {
      const objects = answer.results![k];
      if (objects !== undefined && objects !== null) out.set(file.name, adoptedParse(file, objects));
    });
  }
  return out;
}
