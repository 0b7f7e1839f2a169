import { connsToJson, formatConns } from '../engine/port-set.js';
import type { CompactDirection, PairExplanation } from '../explain/pairs.js';
import type { MatrixView } from '../focus/focus.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { entitySideWords } from './cilium-words.js';
import { formatPortRanges } from './explain-words.js';
import { API_VERSION, diagnosticToJson, nodeToJson } from './json.js';
import { nodeLabel } from './labels.js';
import { fqdnToJson } from './matrix/fqdn.js';
import { type Style, sanitize } from './style.js';
import { renderTable } from './table.js';

/** Formats `matrix --explain` supports. */
export const MATRIX_EXPLAIN_FORMATS = ['table', 'json'] as const;

/**
 * One direction of a pair in a few words: `open`, `host network`, `outside the cluster` (or the
 * Cilium entity the side is: `host (the pod's own node)`, …), `own node (always admitted)`, the
 * rules that open it (`dev2/kube-demo ingress[0]`), or `isolated by P, Q: no rule matches`.
 */
export function compactDirection(d: CompactDirection, max = 3): string {
  const parts: string[] = [];
  if (d.states.includes('not-isolated')) parts.push('open (no policy)');
  if (d.states.includes('host-network')) parts.push('host network');
  if (d.states.includes('external'))
    parts.push(d.entity === undefined ? 'outside the cluster' : entitySideWords(d.entity));
  if (d.states.includes('own-node')) parts.push('own node (always admitted)');
  if (d.states.includes('isolated')) {
    if (d.rules.length > 0) {
      const rules = d.rules.map((r) => `${sanitize(r.policy)} ${r.direction}[${r.index}]`);
      parts.push(
        rules.length > max
          ? `${rules.slice(0, max).join(', ')}, +${rules.length - max} more`
          : rules.join(', '),
      );
    } else {
      const policies = d.policies.map((p) => sanitize(p.id));
      parts.push(
        `isolated by ${policies.length > max ? `${policies.slice(0, max).join(', ')}, +${policies.length - max} more` : policies.join(', ')}: no rule matches`,
      );
    }
  }
  return parts.join('; ');
}

/**
 * `matrix --explain` as a table: the allowed pairs with the rules that open each direction,
 * then the pairs with nothing allowed and who isolates them.
 */
export function renderMatrixExplainTable(
  view: MatrixView,
  pairs: readonly PairExplanation[],
  style: Style,
): string {
  const labels = new Map(view.matrix.nodes.map((n) => [n.id, sanitize(nodeLabel(n))]));
  const label = (id: string) => labels.get(id) ?? sanitize(id);
  const allowedSet = new Set(view.matrix.connections.map((c) => `${c.src}\u0000${c.dst}`));
  const allowed = pairs.filter((p) => allowedSet.has(`${p.src}\u0000${p.dst}`));
  const denied = pairs.filter((p) => !allowedSet.has(`${p.src}\u0000${p.dst}`));
  const conns = new Map(view.matrix.connections.map((c) => [`${c.src}\u0000${c.dst}`, c.conns]));
  let out =
    allowed.length === 0
      ? 'No allowed connections.\n'
      : renderTable(
          ['SOURCE', 'DESTINATION', 'ALLOWED', 'EGRESS OF SOURCE', 'INGRESS OF DESTINATION'],
          allowed.map((p) => {
            const c = conns.get(`${p.src}\u0000${p.dst}`);
            return [
              label(p.src),
              label(p.dst),
              c === undefined ? formatPortRanges(p.allowed) : formatConns(c),
              compactDirection(p.egress),
              compactDirection(p.ingress),
            ];
          }),
        );
  if (denied.length > 0) {
    out += `\n${style.bold('Nothing allowed:')}\n`;
    out += renderTable(
      ['SOURCE', 'DESTINATION', 'EGRESS OF SOURCE', 'INGRESS OF DESTINATION'],
      denied.map((p) => [
        label(p.src),
        label(p.dst),
        compactDirection(p.egress),
        compactDirection(p.ingress),
      ]),
    );
  }
  return out;
}

/**
 * `matrix --explain -o json`: the ConnectivityReport of the contract, each connection with an
 * `explanation` of its deciding policies and rules, plus `denied`: the pairs with nothing
 * allowed and who isolates them.
 */
export function renderMatrixExplainJson(
  view: MatrixView,
  pairs: readonly PairExplanation[],
  diagnostics: readonly Diagnostic[],
): string {
  const byPair = new Map(pairs.map((p) => [`${p.src}\u0000${p.dst}`, p]));
  const allowedSet = new Set(view.matrix.connections.map((c) => `${c.src}\u0000${c.dst}`));
  const explanation = (p: PairExplanation | undefined) =>
    p === undefined ? null : { egress: p.egress, ingress: p.ingress };
  const report = {
    apiVersion: API_VERSION,
    kind: 'ConnectivityReport',
    nodes: view.matrix.nodes.map(nodeToJson),
    connections: view.matrix.connections.map((c) => ({
      src: c.src,
      dst: c.dst,
      conns: connsToJson(c.conns),
      explanation: explanation(byPair.get(`${c.src}\u0000${c.dst}`)),
    })),
    ...(view.matrix.fqdn === undefined ? {} : { fqdn: view.matrix.fqdn.map(fqdnToJson) }),
    denied: pairs
      .filter((p) => !allowedSet.has(`${p.src}\u0000${p.dst}`))
      .map((p) => ({ src: p.src, dst: p.dst, explanation: explanation(p) })),
    diagnostics: diagnostics.map(diagnosticToJson),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
