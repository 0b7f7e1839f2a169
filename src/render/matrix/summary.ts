import type { MatrixCaveat } from '../../explain/types.js';
import type { MatrixView } from '../../focus/focus.js';
import { type Style, sanitize } from '../style.js';
import { plural, unitNoun } from '../words.js';

/** `4 workloads, 1 external node`: what the view's nodes are. */
export function describeNodes(view: MatrixView): string {
  const external = view.matrix.nodes.filter((n) => n.kind === 'External').length;
  const entities = view.matrix.nodes.filter((n) => n.kind === 'Entity').length;
  const internal = view.matrix.nodes.length - external - entities;
  const parts = [plural(internal, unitNoun(view.matrix.granularity))];
  if (external > 0) parts.push(plural(external, 'external node'));
  if (entities > 0) parts.push(plural(entities, 'Cilium entity', 'Cilium entities'));
  return parts.join(', ');
}

/**
 * One sentence about the view: how many of the pairs it covers have something allowed, and,
 * when filters narrowed it, out of how many connections.
 */
export function summarizeView(view: MatrixView): string {
  const n = view.matrix.connections.length;
  let text = `${n} of ${plural(view.pairs, 'pair')} ${n === 1 ? 'has' : 'have'} allowed connections (${describeNodes(view)})`;
  if (view.filtered) text += `; filters show ${n} of ${view.totalConnections} connections`;
  return `${text}.`;
}

/**
 * One line per caveat: a field of a Cilium rule kubereach does not evaluate and the nodes whose
 * connections it could change (`warning: cnp/dev1/api spec.egress[0].toServices (egress of
 * dev1/demo1): …`).
 */
export function caveatLines(caveats: readonly MatrixCaveat[], style: Style): string {
  let out = '';
  for (const c of caveats) {
    const parties = c.parties.length > 5 ? `${c.parties.slice(0, 5).join(', ')}, …` : c.parties.join(', ');
    out += `${style.warn(`${c.field.severity}:`)} ${sanitize(c.field.policy.id)} ${sanitize(c.field.path)} (${c.direction} of ${sanitize(parties)}): ${sanitize(c.field.assumed)}\n`;
  }
  return out;
}
