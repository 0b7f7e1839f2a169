/** Worker side of `parseInputsParallel`: parses the texts it is sent and posts the objects back. */
import { parentPort } from 'node:worker_threads';
import type { InputFile } from './parse.js';
import { parseInputs } from './parse.js';

parentPort?.on('message', (pieces: readonly InputFile[]) => {
  const results = pieces.map((piece) => {
    const parsed = parseInputs([piece]);
    return { objects: parsed.objects, diagnostics: parsed.diagnostics };
  });
  parentPort?.postMessage(results);
});
