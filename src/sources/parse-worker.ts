/** Worker side of `parseInputsParallel`: parses the texts it is sent and posts the objects back. */
import { parentPort } from 'node:worker_threads';
import { type PieceInput, parsePiece } from './parallel.js';

parentPort?.on('message', (pieces: readonly PieceInput[]) => {
  parentPort?.postMessage(pieces.map(parsePiece));
});
