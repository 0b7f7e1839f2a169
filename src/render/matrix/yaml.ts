import type { Matrix } from '../../engine/matrix.js';
import type { MatrixCaveat } from '../../explain/types.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import { API_VERSION, caveatToJson, diagnosticToJson, nodeToJson } from '../json.js';
import { type JsonValue, yamlListItem } from '../yaml.js';
import { fqdnToJson } from './fqdn.js';
import { connectionConnsToJson } from './l7.js';

/**
 * `-o yaml`: the `ConnectivityReport` of `-o json`, field for field, as YAML. Streams one node
 * or connection at a time; `conns` entries and port pairs stay on one line
 * (`- {protocol: TCP, ports: [[80, 80]]}`).
 */
export function* matrixYamlChunks(
  matrix: Matrix,
  diagnostics: readonly Diagnostic[],
  caveats: readonly MatrixCaveat[] = [],
): Generator<string> {
  yield `apiVersion: ${API_VERSION}\nkind: ConnectivityReport\n`;
  yield* listChunks(
    'nodes',
    matrix.nodes.map((n) => nodeToJson(n) as JsonValue),
  );
  yield* listChunks(
    'connections',
    matrix.connections.map((c) => ({ src: c.src, dst: c.dst, conns: connectionConnsToJson(c) })),
  );
  if (matrix.fqdn !== undefined)
    yield* listChunks(
      'fqdn',
      matrix.fqdn.map((m) => fqdnToJson(m) as JsonValue),
    );
  if (caveats.length > 0)
    yield* listChunks(
      'caveats',
      caveats.map((c) => caveatToJson(c) as JsonValue),
    );
  yield* listChunks(
    'diagnostics',
    diagnostics.map((d) => diagnosticToJson(d) as JsonValue),
  );
}

function* listChunks(key: string, items: readonly JsonValue[]): Generator<string> {
  if (items.length === 0) {
    yield `${key}: []\n`;
    return;
  }
  yield `${key}:\n`;
  let batch = '';
  for (let i = 0; i < items.length; i++) {
    batch += yamlListItem(items[i], '  ', 3);
    if (i % 512 === 511) {
      yield batch;
      batch = '';
    }
  }
  if (batch !== '') yield batch;
}
