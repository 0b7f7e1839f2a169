import type { SourceRef } from '../model/source.js';
import { countLines, hasContent, markerOffsets, splittable } from './documents.js';
import { type InputFile, type ParsedInput, parseInputs, type RawObject, wholeFileLocator } from './parse.js';

interface FileState {
  readonly text: string;
  readonly result: ParsedInput;
  /** Offsets of `---` marker lines, ascending. */
  readonly markers: readonly number[];
  /** Whether text before the first marker holds a document (it counts as document 0). */
  readonly leadingDocument: boolean;
  /** Whether an edit can be re-read document by document (see `incrementalSafe`). */
  readonly incremental: boolean;
}

/**
 * Parses files again after edits, re-reading only the documents an edit touched: the text
 * before and after the changed region keeps its objects (the same values, so caches keyed on
 * them stay warm), with line and document numbers moved when the edit added lines or
 * documents. Falls back to a full parse whenever the shortcut could be wrong (JSON, syntax
 * errors, directives, `...` markers).
 */
export class IncrementalParser {
  private readonly files = new Map<string, FileState>();

  parse(file: InputFile): ParsedInput {
    const prev = this.files.get(file.name);
    if (prev !== undefined && prev.text === file.text) return prev.result;
    const next = (prev?.incremental && reparse(prev, file)) || fullParse(file);
    this.files.set(file.name, next);
    return next.result;
  }

  /**
   * Takes a parse of `file` made elsewhere (on another thread, by `parseInputs([file])`, without
   * diagnostics) as its current one: later edits re-read only what they touch, as after `parse`.
   */
  adopt(file: InputFile, result: ParsedInput): void {
    this.files.set(file.name, stateOf(file.text, result));
  }

  /** Forgets files no longer in the workspace. */
  retain(names: ReadonlySet<string>): void {
    for (const name of this.files.keys()) if (!names.has(name)) this.files.delete(name);
  }
}

function fullParse(file: InputFile): FileState {
  const result = parseInputs([file]);
  return stateOf(file.text, result);
}

function stateOf(text: string, result: ParsedInput): FileState {
  const markers = markerOffsets(text, 0, text.length);
  return {
    text,
    result,
    markers,
    leadingDocument: hasContent(text.slice(0, markers[0] ?? text.length)),
    incremental: incrementalSafe(text, result),
  };
}

/** The shortcut needs plain multi-document YAML that parsed without any diagnostic. */
function incrementalSafe(text: string, result: ParsedInput): boolean {
  return result.diagnostics.length === 0 && splittable(text);
}

function reparse(prev: FileState, file: InputFile): FileState | undefined {
  const oldText = prev.text;
  const newText = file.text;
  if (!incrementalSafe(newText, { objects: [], diagnostics: [], locator: prev.result.locator }))
    return undefined;
  // The changed region: everything between the common prefix and the common suffix.
  const max = Math.min(oldText.length, newText.length);
  let prefix = 0;
  while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)
  )
    suffix++;
  // Widen it to whole documents: from the last marker line wholly inside the prefix to the
  // first marker line wholly inside the suffix.
  const markers = prev.markers;
  let startIndex = -1;
  for (let i = 0; i < markers.length; i++) {
    const eol = oldText.indexOf('\n', markers[i]!);
    if ((eol < 0 ? oldText.length : eol) < prefix) startIndex = i;
    else break;
  }
  const start = startIndex < 0 ? 0 : markers[startIndex]!;
  const oldChangeEnd = oldText.length - suffix;
  const endIndex = markers.findIndex((m) => m >= oldChangeEnd && m > start);
  const oldEnd = endIndex < 0 ? oldText.length : markers[endIndex]!;
  const shift = newText.length - oldText.length;
  const newEnd = oldEnd + shift;
  if (newEnd < start || (newEnd > 0 && newEnd < newText.length && newText[newEnd - 1] !== '\n'))
    return undefined;

  const region = newText.slice(start, newEnd);
  const parsed = parseInputs([{ name: file.name, text: region }]);
  if (parsed.diagnostics.length > 0) return undefined;

  // Document numbers: a marker starts a document, and so does content before the first marker.
  const docBase = Math.max(startIndex, 0) + (prev.leadingDocument && startIndex >= 0 ? 1 : 0);
  const oldDocEnd = endIndex < 0 ? Number.POSITIVE_INFINITY : endIndex + (prev.leadingDocument ? 1 : 0);
  const regionMarkers = markerOffsets(newText, start, newEnd);
  const leadingDocument =
    startIndex < 0 ? hasContent(newText.slice(0, regionMarkers[0] ?? newEnd)) : prev.leadingDocument;
  const regionDocs =
    regionMarkers.length + (startIndex < 0 && leadingDocument && (regionMarkers[0] ?? newEnd) > 0 ? 1 : 0);
  const oldRegionDocs = endIndex < 0 ? Number.NaN : oldDocEnd - docBase;
  const docShift = regionDocs - oldRegionDocs;
  const lineBase = countLines(newText, 0, start);
  const lineShift = countLines(newText, start, newEnd) - countLines(oldText, start, oldEnd);

  const objects: RawObject[] = [];
  for (const o of prev.result.objects) if (o.source.doc < docBase) objects.push(o);
  for (const o of parsed.objects)
    objects.push({ value: o.value, source: moved(o.source, lineBase, docBase) });
  if (endIndex >= 0) {
    for (const o of prev.result.objects) {
      if (o.source.doc < oldDocEnd) continue;
      objects.push(
        docShift === 0 && lineShift === 0
          ? o
          : { value: o.value, source: moved(o.source, lineShift, docShift) },
      );
    }
  }
  const locator = wholeFileLocator(file);
  const newMarkers = [
    ...markers.slice(0, Math.max(0, startIndex + 1)).filter((m) => m < start),
    ...regionMarkers,
    ...(endIndex < 0 ? [] : markers.slice(endIndex).map((m) => m + shift)),
  ];
  return {
    text: newText,
    result: { objects, diagnostics: [], locator },
    markers: newMarkers,
    leadingDocument,
    incremental: true,
  };
}

function moved(source: SourceRef, lines: number, docs: number): SourceRef {
  return { ...source, line: source.line + lines, doc: source.doc + docs };
}
