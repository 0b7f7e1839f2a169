import { type NormalizeOptions, normalizeObjects } from './model/normalize.js';
import type { Cluster } from './model/types.js';
import { type InputFile, parseInputs } from './sources/parse.js';

/**
 * Parses manifest texts and builds the cluster model: the offline pipeline up to the engine,
 * usable in Node and in the browser. Never throws for bad input.
 */
export function loadManifests(files: readonly InputFile[], options: NormalizeOptions = {}): Cluster {
  const parsed = parseInputs(files);
  const cluster = normalizeObjects(parsed.objects, parsed.locator, options);
  return { ...cluster, diagnostics: [...parsed.diagnostics, ...cluster.diagnostics] };
}
