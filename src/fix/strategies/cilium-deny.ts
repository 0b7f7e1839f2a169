import { rulePathOf } from '../../diff/rule-path.js';
import type { Party } from '../../engine/evaluate.js';
import { connsAllow } from '../../engine/port-set.js';
import type { AnyPolicy } from '../../engine/rules.js';
import { formatPath, type PathSegment } from '../../model/source.js';
import type { CiliumPeer } from '../../model/types.js';
import type { Edit } from '../edit.js';
import { failingSides } from '../sides.js';
import { workloadSelector } from '../stable-labels.js';
import { type CiliumDenyHit, ciliumDenyHits } from '../tiers.js';
import type { Candidate, FixContext, FixStrategy } from '../types.js';
import { candidateFor } from './add-policy.js';

/**
 * A Cilium deny rule (ingressDeny/egressDeny) decides the connection: deny beats every allow of
 * every policy, so adding an allow is useless. The edits: remove the peer that matches from the
 * deny rule (when it names others), narrow an endpoint selector so it leaves the peer's pods
 * out, or remove the deny rule. Where nothing allows the connection once the deny is gone (the
 * pod is isolated), a new policy for exactly this connection completes the edit.
 */
export const ciliumDeny: FixStrategy = {
  id: 'cilium-deny',
  want: 'allowed',
  summary: 'narrow or remove the Cilium deny rule that decides the connection (no allow can beat it)',
  propose(ctx) {
    const hits = ciliumDenyHits(ctx.failing, ctx.request.protocol);
    const single = hits.flatMap((hit) =>
      denyEdits(ctx, hit).map((c) => completeSide(ctx, hit, c, REMOVALS.has(c))),
    );
    if (hits.length < 2) return single;
    // Several deny rules decide (both sides, or two policies): lift them all at once.
    const removals = hits.map((hit) => completeSide(ctx, hit, removal(hit), true));
    const edits = removals.flatMap((c) => c.edits);
    // removals in written order: they are applied from the last, so indices stay valid
    const unique = edits
      .filter((e, i) => edits.findIndex((f) => JSON.stringify(f) === JSON.stringify(e)) === i)
      .sort(byPosition);
    return [
      ...single,
      {
        strategy: ciliumDeny.id,
        nearMiss: false,
        title: [...new Set(removals.map((c) => c.title))].join('; and '),
        edits: unique,
      },
    ];
  },
};

function describeRule(hit: CiliumDenyHit): { name: string; at: PathSegment[] } {
  const policy = hit.rule.policy;
  const at = rulePathOf(hit.rule);
  const ns = policy.namespace === null ? '' : `${policy.namespace}/`;
  return { name: `${policy.kind} ${ns}${policy.name} ${formatPath(at)}`, at };
}

/** The candidates that remove a whole deny rule (they may end the pod's isolation). */
const REMOVALS = new WeakSet<Candidate>();

/** Removes the deny rule (the item of its section). */
function removal(hit: CiliumDenyHit): Candidate {
  const { name, at } = describeRule(hit);
  const policy = hit.rule.policy;
  const candidate: Candidate = {
    strategy: ciliumDeny.id,
    nearMiss: false,
    side: hit.direction,
    title: `remove the deny rule ${name}`,
    at: { policy, path: at },
    edits: [{ type: 'remove', object: policy.source, path: at }],
  };
  REMOVALS.add(candidate);
  return candidate;
}

function denyEdits(ctx: FixContext, hit: CiliumDenyHit): Candidate[] {
  const { rule } = hit;
  const policy = rule.policy;
  const item = rule.rule;
  const { name, at } = describeRule(hit);
  const object = policy.source;
  const base = { strategy: ciliumDeny.id, nearMiss: false, side: hit.direction } as const;
  const out: Candidate[] = [];
  const peer =
    hit.peerIndex === null ? undefined : (rule.peers?.[hit.peerIndex]?.source as CiliumPeer | undefined);
  if (peer !== undefined && item.peers !== null) {
    const peerAt: PathSegment[] = [...at, peer.field, peer.index];
    if (item.peers.length > 1)
      out.push({
        ...base,
        title: `remove ${peer.field}[${peer.index}] (${peerWords(peer)}) from the deny rule ${name}`,
        at: { policy, path: peerAt },
        edits: [{ type: 'remove', object, path: peerAt }],
      });
    const other = otherParty(hit);
    if (peer.type === 'endpoints' && other.type === 'endpoint') {
      const labels = Object.entries(workloadSelector(ctx.cluster, other.endpoint));
      const [key, value] = labels[0] ?? [];
      if (key !== undefined && value !== undefined)
        out.push({
          ...base,
          title: `narrow ${peer.field}[${peer.index}] of the deny rule ${name} to leave out ${other.endpoint.workload} (${key} NotIn [${value}])`,
          at: { policy, path: peerAt },
          edits: [
            {
              type: 'append',
              object,
              path: [...peerAt, 'matchExpressions'],
              value: { key, operator: 'NotIn', values: [value] },
            },
          ],
        });
    }
  }
  out.push(removal(hit));
  return out;
}

/** The other side of the connection, seen from the policy's pod. */
function otherParty(hit: CiliumDenyHit): Party {
  return hit.direction === 'ingress' ? hit.probe.src : hit.probe.dst;
}

/**
 * When no allow rule admits the port on this side and the pod stays isolated after the edit,
 * lifting the deny is not enough: a new policy for exactly this connection goes with it. A
 * removed deny rule stops isolating when it was all that isolated the pod (a deny-only policy
 * isolates).
 */
function completeSide(ctx: FixContext, hit: CiliumDenyHit, c: Candidate, removesRule: boolean): Candidate {
  const evaluation = hit.direction === 'ingress' ? hit.probe.evaluation.ingress : hit.probe.evaluation.egress;
  const allowed = evaluation.matches.some(
    (m) => m.rule.action === 'allow' && connsAllow(m.ports, ctx.request.protocol, hit.probe.port),
  );
  if (allowed || evaluation.state !== 'isolated') return c;
  if (removesRule && !isolatesWithout(ctx, hit, evaluation.policies)) return c;
  const side = failingSides(ctx).find((s) => s.direction === hit.direction);
  if (side === undefined) return c;
  const extra = candidateFor(ctx, side);
  return { ...c, title: `${c.title}; and ${extra.title}`, edits: [...c.edits, ...extra.edits] };
}

/** Whether the pod stays isolated for the direction once the deny rule is removed. */
function isolatesWithout(ctx: FixContext, hit: CiliumDenyHit, isolating: readonly AnyPolicy[]): boolean {
  const policy = hit.rule.policy;
  if (isolating.some((p) => p !== policy)) return true;
  const item = hit.rule.rule;
  const direction = hit.direction;
  // the rule's own spec: other items in the direction, or an explicit enableDefaultDeny
  const own = ctx.compiled.ciliumPolicies.find(
    (cp) => cp.policy === policy && cp.spec[item.section].includes(item),
  );
  if (own === undefined) return true;
  const sections =
    direction === 'ingress' ? (['ingress', 'ingressDeny'] as const) : (['egress', 'egressDeny'] as const);
  const others = sections.flatMap((s) => own.spec[s]).filter((x) => x !== item);
  const explicit = own.spec.defaultDenyExplicit[direction] && own.spec.defaultDeny[direction];
  // other rules of the same policy selecting the pod
  const siblings = ctx.compiled.ciliumPolicies.some(
    (cp) => cp.policy === policy && cp !== own && (direction === 'ingress' ? cp.ingress : cp.egress),
  );
  return others.length > 0 || explicit || siblings;
}

function peerWords(peer: CiliumPeer): string {
  switch (peer.type) {
    case 'entity':
      return peer.entity;
    case 'cidr':
      return peer.cidr;
    case 'fqdn':
      return peer.matchName ?? peer.matchPattern ?? '';
    case 'endpoints':
      return 'an endpoint selector';
    default:
      return peer satisfies never;
  }
}

function byPosition(a: Edit, b: Edit): number {
  if (a.type === 'add-object' || b.type === 'add-object') return 0;
  const x = [a.object.file, a.object.doc, ...a.path];
  const y = [b.object.file, b.object.doc, ...b.path];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    return typeof p === 'number' && typeof q === 'number' ? p - q : String(p) < String(q) ? -1 : 1;
  }
  return x.length - y.length;
}
