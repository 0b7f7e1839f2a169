/**
 * CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy in plain words, for `kubereach explain
 * policy cnp/NS/NAME` and `ccnp/NAME`. Pure functions from describe data to text; names are
 * sanitized here.
 */

import { splitCiliumSelector } from '../engine/cilium-labels.js';
import type {
  CiliumItemDescription,
  CiliumPeerDescription,
  CiliumPolicyDescription,
  CiliumRuleDescription,
} from '../explain/describe-cilium.js';
import { assertNever } from '../model/assert-never.js';
import type { CiliumPortRule, LabelSelector } from '../model/types.js';
import { where } from './explain-words.js';
import { joinOr, listWords, selectorWords } from './policy-words.js';
import { type Style, sanitize } from './style.js';

/** `in namespace dev2 (the policy's own)`, `in namespaces labelled team=a`, `in every namespace`. */
function namespaceScope(selector: LabelSelector | null, policyNamespace: string | undefined): string {
  if (selector === null)
    return policyNamespace === undefined
      ? 'in every namespace'
      : `in namespace ${sanitize(policyNamespace)} (the policy's own)`;
  const name = namespaceName(selector);
  if (name !== undefined) return `in namespace ${sanitize(name)}`;
  const words = selectorWords(selector);
  return words === '' ? 'in every namespace' : `in namespaces ${words}`;
}

/** The one namespace a selector over namespace labels names by `kubernetes.io/metadata.name`, if that is all it asks. */
function namespaceName(selector: LabelSelector): string | undefined {
  const key = 'kubernetes.io/metadata.name';
  const labels = Object.keys(selector.matchLabels);
  if (labels.length === 1 && labels[0] === key && selector.matchExpressions.length === 0)
    return selector.matchLabels[key];
  const [e] = selector.matchExpressions;
  if (
    labels.length === 0 &&
    selector.matchExpressions.length === 1 &&
    e?.key === key &&
    e.operator === 'In' &&
    e.values.length === 1
  )
    return e.values[0];
  return undefined;
}

/**
 * A Cilium entity as one side of a connection with a pod, in a few words: `host (the pod's own
 * node)`, `remote-node (another node)`, `kube-apiserver (the API server)`, `world (outside the
 * cluster)`; other entities by name.
 */
export function entitySideWords(entity: string): string {
  switch (entity) {
    case 'host':
      return "host (the pod's own node)";
    case 'remote-node':
      return 'remote-node (another node)';
    case 'kube-apiserver':
      return 'kube-apiserver (the API server)';
    case 'world':
      return 'world (outside the cluster)';
    default:
      return sanitize(entity);
  }
}

function podWords(selector: LabelSelector | null): string {
  const words = selector === null ? '' : selectorWords(selector);
  return words === '' ? 'every pod' : `pods ${words}`;
}

function peerWords(peer: CiliumPeerDescription, policyNamespace: string | undefined): string {
  switch (peer.type) {
    case 'endpoints':
      if (peer.reserved.length > 0) return `the entity ${joinOr(peer.reserved.map(sanitize))}`;
      return `${podWords(peer.pod)} ${namespaceScope(peer.namespace, policyNamespace)}`;
    case 'entity':
      return `the entity ${sanitize(peer.entity)}`;
    case 'cidr':
      return `addresses in ${sanitize(peer.cidr)}${peer.except.length === 0 ? '' : ` except ${peer.except.map(sanitize).join(', ')}`} (never pods or nodes)`;
    case 'fqdn':
      return `${peer.pattern ? 'names matching' : 'the name'} ${sanitize(peer.name)} (resolved at run time, by DNS)`;
    default:
      return assertNever(peer);
  }
}

function portWords(rule: CiliumPortRule): string {
  const ports =
    rule.ports === null
      ? 'every port'
      : joinOr(
          rule.ports.map((p) => {
            const protocols =
              p.protocols.length === 3
                ? 'TCP, UDP and SCTP'
                : p.protocols.join('/') || 'no evaluated protocol';
            if (p.port === null) return `every ${protocols} port`;
            if (typeof p.port === 'string') return `the port named ${sanitize(p.port)} (${protocols})`;
            return p.endPort !== undefined && p.endPort !== p.port
              ? `${protocols} ports ${p.port}-${p.endPort}`
              : `${protocols} port ${p.port}`;
          }),
        );
  if (rule.l7 === null) return ports;
  const what = rule.l7.matches.length === 0 ? '' : `: ${rule.l7.matches.map(sanitize).join(', ')}`;
  return `${ports}, each request judged at run time by ${sanitize(rule.l7.type)} rules${what}`;
}

/** `Deny from pods labelled app=a in namespace dev1, on TCP port 22`. */
export function ciliumItemWords(item: CiliumItemDescription, policyNamespace: string | undefined): string {
  const deny = item.section.endsWith('Deny');
  const prep = item.section.startsWith('ingress') ? 'from' : 'to';
  if (item.empty)
    return "`- {}`: allows nothing (in Cilium an empty rule is a default deny; NetworkPolicy's `- {}` allows everything)";
  const peers =
    item.peers === null
      ? `${prep} every peer`
      : item.peers.length === 0
        ? `${prep} nothing (an empty peer list selects nothing)`
        : joinOr(item.peers.map((p) => `${prep} ${peerWords(p, policyNamespace)}`));
  const ports = item.toPorts === null ? 'on every port' : `on ${joinOr(item.toPorts.map(portWords))}`;
  return `${deny ? 'Deny' : 'Allow'} ${peers}, ${ports}`;
}

function ruleLines(
  p: CiliumPolicyDescription,
  r: CiliumRuleDescription,
  style: Style,
  indent: string,
): string[] {
  const ns = p.policy.namespace;
  const lines: string[] = [];
  if (r.nodeSelector !== null) {
    const nodes = selectorWords(r.nodeSelector);
    lines.push(
      `${indent}${sanitize(r.path)}: a host policy for ${nodes === '' ? 'every node' : `nodes ${nodes}`}: it selects no pod, and kubereach does not evaluate host policies.  ${style.dim(where(r.at))}`,
    );
    return lines;
  }
  // the pod labels the endpointSelector asks for (a CNP's namespace is its own; a CCNP's is below)
  const split = r.endpointSelector === null ? null : splitCiliumSelector(r.endpointSelector);
  const selector = split?.pod == null ? '' : selectorWords(split.pod);
  const scope =
    ns === undefined
      ? namespaceScope(split?.namespace ?? null, undefined)
      : `in ${sanitize(ns)} only (a CiliumNetworkPolicy selects in its own namespace)`;
  lines.push(
    `${indent}${sanitize(r.path)}: applies to ${selector === '' ? 'every pod' : `pods ${selector}`} ${scope}.  ${style.dim(where(r.at))}`,
  );
  if (r.namespaceReplaced !== null)
    lines.push(
      `${indent}  ${style.warn('note:')} this CNP endpointSelector is namespace-local: the k8s:io.kubernetes.pod.namespace label you wrote there (${sanitize(r.namespaceReplaced)}) is replaced by the policy namespace (${sanitize(ns ?? '')})`,
    );
  lines.push(
    `${indent}  Selects now: ${r.selects.length === 0 ? 'no pod of the input' : listWords(r.selects)}.`,
  );
  for (const direction of ['ingress', 'egress'] as const) {
    const items = r.items.filter((i) => i.section.startsWith(direction));
    const Dir = direction === 'ingress' ? 'Ingress' : 'Egress';
    const isolation = r.isolates[direction]
      ? `isolated (default deny${r.defaultDenyExplicit[direction] ? ', enableDefaultDeny' : ''}): only what an allow rule of some policy admits, and no deny rule matches, gets ${direction === 'ingress' ? 'in' : 'out'}`
      : items.length === 0
        ? 'not isolated by this rule'
        : 'not isolated by this rule (enableDefaultDeny: false): its rules only add to and subtract from what others decide';
    lines.push(`${indent}  ${Dir}: ${isolation}.`);
    const denies = items.filter((i) => i.section.endsWith('Deny'));
    const allows = items.filter((i) => !i.section.endsWith('Deny'));
    if (denies.length > 0)
      lines.push(`${indent}    Deny rules first (deny beats every allow, of every policy of every kind):`);
    for (const i of denies) lines.push(...itemLines(i, ns, style, `${indent}      `));
    if (allows.length > 0 && denies.length > 0) lines.push(`${indent}    Allow rules:`);
    for (const i of allows)
      lines.push(...itemLines(i, ns, style, `${indent}${denies.length > 0 ? '      ' : '    '}`));
  }
  for (const u of r.unmodelled)
    lines.push(`${indent}  ${style.warn('not modelled:')} ${sanitize(u.path)}: ${sanitize(u.assumed)}`);
  return lines;
}

function itemLines(i: CiliumItemDescription, ns: string | undefined, style: Style, indent: string): string[] {
  const lines = [`${indent}${i.section}[${i.index}]: ${ciliumItemWords(i, ns)}.  ${style.dim(where(i.at))}`];
  const now = (i.peers ?? []).flatMap((p) => (p.type === 'endpoints' ? p.matchesNow : []));
  if ((i.peers ?? []).some((p) => p.type === 'endpoints' && p.reserved.length === 0))
    lines.push(
      `${indent}  matches now: ${now.length === 0 ? 'no pod of the input' : listWords([...new Set(now)].sort())}`,
    );
  return lines;
}

/** `kubereach explain policy cnp/NS/NAME`: one Cilium policy, rule by rule, in plain words. */
export function ciliumPolicyLines(p: CiliumPolicyDescription, style: Style, indent = ''): string[] {
  const lines = [`${indent}${style.bold(sanitize(p.policy.id))} (${p.kind})  ${style.dim(where(p.policy))}`];
  for (const r of p.rules) lines.push(...ruleLines(p, r, style, `${indent}  `));
  return lines;
}
