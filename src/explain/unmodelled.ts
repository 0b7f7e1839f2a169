import type { CompiledCluster } from '../engine/compile.js';
import type { CompiledCiliumPolicy } from '../engine/compile-cilium.js';
import { subjectSelects } from '../engine/match.js';
import type { MatrixNode } from '../engine/matrix.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { CiliumSection, Direction, Endpoint } from '../model/types.js';
import { policyRef } from './refs.js';
import type { MatrixCaveat, UnmodelledField } from './types.js';

/**
 * Fields of Cilium policies kubereach reads but does not evaluate (`toServices`,
 * `fromRequires`/`toRequires`, `fromNodes`/`toNodes`, `toGroups`, CIDR groups, `icmps`,
 * `authentication`, TLS interception, …), attached to the verdicts they could change: those
 * whose subject pod is selected by the rule holding the field, in that field's direction.
 * The load-time `NOT_MODELLED` warnings are the one source: each names the policy, the field
 * path and what kubereach assumed.
 */

/** A NOT_MODELLED warning placed at the rule (`spec` or `specs[i]`) and section that hold it. */
interface PlacedField {
  readonly policy: CompiledCiliumPolicy;
  readonly direction: Direction;
  readonly diagnostic: Diagnostic & { readonly path: string };
}

const FIELD_PATH = /^(spec|specs\[(\d+)\])\.(ingress|ingressDeny|egress|egressDeny)\[\d+\]/;

const placed = new WeakMap<CompiledCluster, readonly PlacedField[]>();

/** Every unmodelled field of the cluster's Cilium rules that can select pods, placed once. */
function placedFields(compiled: CompiledCluster): readonly PlacedField[] {
  let list = placed.get(compiled);
  if (list !== undefined) return list;
  const out: PlacedField[] = [];
  if (compiled.ciliumPolicies.length > 0) {
    for (const d of compiled.cluster.diagnostics) {
      if (d.code !== 'NOT_MODELLED' || d.path === undefined || d.object === undefined) continue;
      const m = FIELD_PATH.exec(d.path);
      if (m === null) continue;
      const specIndex = m[2] === undefined ? 0 : Number(m[2]);
      const section = m[3] as CiliumSection;
      const { kind, name, namespace } = d.object;
      const policy = compiled.ciliumPolicies.find(
        (cp) =>
          cp.policy.kind === kind &&
          cp.policy.name === name &&
          (cp.policy.namespace ?? undefined) === namespace &&
          cp.policy.specs.indexOf(cp.spec) === specIndex,
      );
      if (policy === undefined) continue; // a host policy or a rule that selects no pod
      out.push({
        policy,
        direction: section.startsWith('ingress') ? 'ingress' : 'egress',
        diagnostic: { ...d, path: d.path },
      });
    }
  }
  list = out;
  placed.set(compiled, list);
  return list;
}

/** The unmodelled fields that could change a verdict of `subject` in `direction`. */
export function unmodelledFor(
  compiled: CompiledCluster,
  subject: Endpoint,
  direction: Direction,
): UnmodelledField[] {
  const out: UnmodelledField[] = [];
  for (const f of placedFields(compiled)) {
    if (f.direction !== direction) continue;
    if (!subjectSelects(f.policy.subject, subject, compiled.namespaceLabels)) continue;
    out.push(fieldOf(compiled, f));
  }
  return out;
}

/**
 * Every unmodelled field of the cluster with the matrix nodes whose pods the rule holding it
 * selects (their connections in that direction may differ on the cluster): the matrix's caveats.
 */
export function matrixCaveats(compiled: CompiledCluster, nodes: readonly MatrixNode[]): MatrixCaveat[] {
  const out: MatrixCaveat[] = [];
  for (const f of placedFields(compiled)) {
    const parties = nodes
      .filter((n) => n.endpoints.some((e) => subjectSelects(f.policy.subject, e, compiled.namespaceLabels)))
      .map((n) => n.id);
    if (parties.length === 0) continue;
    out.push({
      field: fieldOf(compiled, f),
      direction: f.direction,
      parties,
    });
  }
  return out;
}

/** The diagnostic's message without its leading `Kind ns/name path: ` (the warning names them). */
function assumption(d: Diagnostic & { readonly path: string }): string {
  const at = d.message.indexOf(`${d.path}: `);
  return at < 0 ? d.message : d.message.slice(at + d.path.length + 2);
}

function fieldOf(compiled: CompiledCluster, f: PlacedField): UnmodelledField {
  return {
    policy: policyRef(compiled, f.policy.policy),
    path: f.diagnostic.path,
    severity: f.diagnostic.severity === 'info' ? 'info' : 'warning',
    assumed: assumption(f.diagnostic),
    ...(f.diagnostic.source === undefined ? {} : { source: f.diagnostic.source }),
  };
}
