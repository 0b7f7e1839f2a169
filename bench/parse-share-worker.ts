/** A parse worker for bench/studio.ts: the page's parse.worker.ts, on a Node worker thread. */
import { parentPort } from 'node:worker_threads';
import {
  type ParseShareRequest,
  type ParseShareResponse,
  parseShare,
} from '../web/src/worker/first-parse.js';

parentPort?.on('message', (request: ParseShareRequest) => {
  const response: ParseShareResponse = { id: request.id, results: parseShare(request.files) };
  parentPort?.postMessage(response);
});
parentPort?.postMessage('ready');
