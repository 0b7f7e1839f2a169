import { dump } from 'js-yaml';
import type { Matrix } from '../../engine/matrix.js';
import { connsToJson } from '../../engine/port-set.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import { API_VERSION, diagnosticToJson, nodeToJson } from '../json.js';

/**
 * `-o yaml`: the `ConnectivityReport` of `-o json`, field for field, as YAML. Streams one node
 * or connection at a time; port lists stay on one line (`[[80, 80]]`).
 */
export function* matrixYamlChunks(matrix: Matrix, diagnostics: readonly Diagnostic[]): Generator<string> {
  yield `apiVersion: ${API_VERSION}\nkind: ConnectivityReport\n`;
  yield* listChunks(
    'nodes',
    matrix.nodes.map((n) => nodeToJson(n)),
  );
  yield* listChunks(
    'connections',
    matrix.connections.map((c) => ({ src: c.src, dst: c.dst, conns: connsToJson(c.conns) })),
  );
  yield* listChunks(
    'diagnostics',
    diagnostics.map((d) => diagnosticToJson(d)),
  );
}

function* listChunks(key: string, items: readonly Record<string, unknown>[]): Generator<string> {
  if (items.length === 0) {
    yield `${key}: []\n`;
    return;
  }
  yield `${key}:\n`;
  const batch: string[] = [];
  for (const item of items) {
    // A one-item list at flow level 3 keeps `conns` entries and port pairs compact.
    batch.push(indent(dump([item], { flowLevel: 3, lineWidth: -1 })));
    if (batch.length === 256) yield batch.splice(0).join('');
  }
  if (batch.length > 0) yield batch.join('');
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '  ');
}
