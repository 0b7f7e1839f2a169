import type { Matrix, MatrixNode } from '../engine/matrix.js';
import { connsToJson } from '../engine/port-set.js';
import type { Diagnostic } from '../model/diagnostics.js';

/** The version of every JSON document kubereach writes. */
export const API_VERSION = 'kubereach/v1';

/** A diagnostic in JSON: the Diagnostic fields as they are. */
export function diagnosticToJson(d: Diagnostic): Record<string, unknown> {
  return { ...d };
}

export function nodeToJson(node: MatrixNode): Record<string, unknown> {
  return {
    id: node.id,
    kind: node.kind,
    ...(node.namespace === undefined ? {} : { namespace: node.namespace }),
    ...(node.name === undefined ? {} : { name: node.name }),
    ...(node.cidrs === undefined ? {} : { cidrs: node.cidrs }),
  };
}

/**
 * The `ConnectivityReport` of the matrix contract, as chunks of text (one node or connection per
 * line) so large reports stream instead of building one giant string.
 */
export function* matrixJsonChunks(matrix: Matrix, diagnostics: readonly Diagnostic[]): Generator<string> {
  yield `{\n  "apiVersion": ${JSON.stringify(API_VERSION)},\n  "kind": "ConnectivityReport",\n  "nodes": [`;
  yield* listChunks(matrix.nodes.map((n) => () => JSON.stringify(nodeToJson(n))));
  yield '],\n  "connections": [';
  yield* listChunks(
    matrix.connections.map(
      (c) => () => JSON.stringify({ src: c.src, dst: c.dst, conns: connsToJson(c.conns) }),
    ),
  );
  yield '],\n  "diagnostics": [';
  yield* listChunks(diagnostics.map((d) => () => JSON.stringify(diagnosticToJson(d))));
  yield ']\n}\n';
}

/** Lines of a JSON array, yielded in batches so a large report is never one giant string. */
function* listChunks(items: readonly (() => string)[]): Generator<string> {
  if (items.length === 0) return;
  let batch = '';
  for (let i = 0; i < items.length; i++) {
    batch += `${i === 0 ? '' : ','}\n    ${items[i]!()}`;
    if (batch.length > 65_536) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch}\n  `;
}
