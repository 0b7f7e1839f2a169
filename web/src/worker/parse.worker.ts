// A parse worker: parses its share of a workspace's first parse beside the engine worker (see
// first-parse.ts), so a large workspace's YAML is read on every core.
import { type ParseShareRequest, type ParseShareResponse, parseShare } from './first-parse.js';

const scope = self as unknown as Worker;

scope.onmessage = (event: MessageEvent<ParseShareRequest>) => {
  const { id, files } = event.data;
  const response: ParseShareResponse = { id, results: parseShare(files) };
  scope.postMessage(response);
};
