import type { PathSegment, SourceLocator, SourceRef } from '../../../src/model/source.js';
import type { SourceLink } from './types.js';

/** The workspace position of a field of an object (the object itself without `path`). */
export function sourceLink(
  locator: SourceLocator,
  ref: SourceRef,
  path?: readonly PathSegment[],
): SourceLink {
  const pos = locator.locate(ref, path);
  return { file: pos.file, line: pos.line, column: pos.column };
}
