import type { InputFile } from '../../../src/sources/parse.js';
import type { ParseShareResponse, SharedParse, ShareRunner } from './first-parse.js';

/**
 * `count` parse workers (parse.worker.ts), one ShareRunner each, and `stop` to let them go.
 * A worker that cannot start or fails answers `undefined` (its files are then parsed by the
 * engine); none is started where workers cannot be nested.
 */
export function startParseWorkers(count: number): { runners: ShareRunner[]; stop: () => void } {
  const workers: Worker[] = [];
  if (typeof Worker !== 'undefined') {
    for (let i = 0; i < count; i++) {
      try {
        workers.push(new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' }));
      } catch {
        break;
      }
    }
  }
  let nextId = 1;
  const runners = workers.map(
    (worker): ShareRunner =>
      (files: readonly InputFile[]) =>
        new Promise<readonly SharedParse[] | undefined>((resolve) => {
          const id = nextId++;
          worker.onmessage = (event: MessageEvent<ParseShareResponse>) => {
            if (event.data.id === id) resolve(event.data.results);
          };
          worker.onerror = (event) => {
            event.preventDefault();
            resolve(undefined);
          };
          worker.onmessageerror = () => resolve(undefined);
          worker.postMessage({ id, files });
        }),
  );
  return {
    runners,
    stop: () => {
      for (const w of workers) w.terminate();
      workers.length = 0;
      runners.length = 0;
    },
  };
}
