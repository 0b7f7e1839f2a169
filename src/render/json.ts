import type { Matrix, MatrixNode } from '../engine/matrix.js';
import { connsToJson } from '../engine/port-set.js';
import type { MatrixCaveat } from '../explain/types.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { fqdnToJson } from './matrix/fqdn.js';
import { connectionConnsToJson } from './matrix/l7.js';
import { CHUNK_CHARS, memoConns, memoIds } from './matrix/memo.js';

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
 * A caveat of the report: a field of a Cilium rule kubereach does not evaluate, the direction
 * it acts in and the nodes whose connections it could change.
 */
export function caveatToJson(c: MatrixCaveat): Record<string, unknown> {
  return {
    code: 'NOT_MODELLED',
    severity: c.field.severity,
    policy: c.field.policy.id,
    path: c.field.path,
    direction: c.direction,
    message: c.field.assumed,
    parties: c.parties,
  };
}

/**
 * The `ConnectivityReport` of the matrix contract, streamed as chunks of text (one node or
 * connection per line), never the whole document: ids are quoted once per node and each
 * distinct port set is written once, then reused for every connection that has it.
 */
export function* matrixJsonChunks(
  matrix: Matrix,
  diagnostics: readonly Diagnostic[],
  caveats: readonly MatrixCaveat[] = [],
): Generator<string> {
  yield `{\n  "apiVersion": ${JSON.stringify(API_VERSION)},\n  "kind": "ConnectivityReport",\n  "nodes": [`;
  yield* jsonLines(matrix.nodes, (n) => JSON.stringify(nodeToJson(n)));
  yield '],\n  "connections": [';
  const quote = memoIds((id) => JSON.stringify(id));
  const conns = memoConns((c) => JSON.stringify(connsToJson(c)));
  yield* jsonLines(
    matrix.connections,
    (c) =>
      `{"src":${quote(c.src)},"dst":${quote(c.dst)},"conns":${c.l7 === undefined ? conns(c.conns) : JSON.stringify(connectionConnsToJson(c))}}`,
  );
  if (matrix.fqdn !== undefined) {
    yield '],\n  "fqdn": [';
    yield* jsonLines(matrix.fqdn, (m) => JSON.stringify(fqdnToJson(m)));
  }
  if (caveats.length > 0) {
    yield '],\n  "caveats": [';
    yield* jsonLines(caveats, (c) => JSON.stringify(caveatToJson(c)));
  }
  yield '],\n  "diagnostics": [';
  yield* jsonLines(diagnostics, (d) => JSON.stringify(diagnosticToJson(d)));
  yield ']\n}\n';
}

/** The lines of a JSON array, in chunks of about CHUNK_CHARS. */
function* jsonLines<T>(items: readonly T[], line: (item: T) => string): Generator<string> {
  if (items.length === 0) return;
  let batch = '';
  for (let i = 0; i < items.length; i++) {
    batch += `${i === 0 ? '' : ','}\n    ${line(items[i]!)}`;
    if (batch.length > CHUNK_CHARS) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch}\n  `;
}
