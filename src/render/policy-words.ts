/**
 * Policies in plain words: selectors, peers, ports and policyTypes defaulting as sentences.
 * Pure functions from describe data to text; names are sanitized here.
 */
import type {
  DirectionDescription,
  NamespaceScope,
  PeerDescription,
  PodScope,
  PolicyDescription,
  PortDescription,
  RuleDescription,
} from '../explain/describe-types.js';
import { assertNever } from '../model/assert-never.js';
import type { LabelRequirement, LabelSelector } from '../model/types.js';
import { sanitize } from './style.js';

/** `a`, `a or b`, `a, b or c` */
export function joinOr(items: readonly string[], word = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

function requirementWords(req: LabelRequirement): string {
  const key = sanitize(req.key);
  const values = req.values.map(sanitize);
  switch (req.operator) {
    case 'In':
      return values.length === 1 ? `${key}=${values[0]}` : `${key} is ${joinOr(values)}`;
    case 'NotIn':
      return `${key} is not ${joinOr(values)} (or unset)`;
    case 'Exists':
      return `a label ${key} is set`;
    case 'DoesNotExist':
      return `no label ${key} is set`;
    default:
      return assertNever(req.operator);
  }
}

/**
 * `labelled app=web and tier=db`, or `where app=web and tier is a or b` when expressions are
 * involved. Empty for `{}`.
 */
export function selectorWords(selector: LabelSelector): string {
  const labels = Object.keys(selector.matchLabels)
    .sort()
    .map((k) => `${sanitize(k)}=${sanitize(selector.matchLabels[k]!)}`);
  if (selector.matchExpressions.length === 0)
    return labels.length === 0 ? '' : `labelled ${joinOr(labels, 'and')}`;
  return `where ${joinOr([...labels, ...selector.matchExpressions.map(requirementWords)], 'and')}`;
}

/** `every pod in dev2`, `pods in dev2 labelled app=web`. */
export function targetWords(namespace: string, selector: LabelSelector): string {
  const words = selectorWords(selector);
  return words === '' ? `every pod in ${sanitize(namespace)}` : `pods in ${sanitize(namespace)} ${words}`;
}

function namespaceWords(ns: NamespaceScope): string {
  switch (ns.scope) {
    case 'policy-namespace':
      return `in ${sanitize(ns.namespace)}`;
    case 'all':
      return 'in every namespace';
    case 'selector':
      return `in namespaces ${selectorWords(ns.selector)}`;
    default:
      return assertNever(ns);
  }
}

function podWords(pods: PodScope): string {
  return pods.scope === 'all' ? 'every pod' : `pods ${selectorWords(pods.selector)}`;
}

/** One peer: `every pod in namespaces labelled team=a`, `addresses in 10.0.0.0/8 except …`. */
export function peerWords(peer: PeerDescription): string {
  if (peer.type === 'ipBlock')
    return `addresses in ${peer.cidr}${peer.except.length === 0 ? '' : ` except ${joinOr([...peer.except], 'and')}`}`;
  return `${podWords(peer.pods)} ${namespaceWords(peer.namespaces)}`;
}

/** One port item: `TCP port 80`, `TCP ports 8000-8080`, `every UDP port`, `the TCP port named metrics`. */
export function portWords(port: PortDescription): string {
  if (port.port === null) return `every ${port.protocol} port`;
  if (typeof port.port === 'string') return `the ${port.protocol} port named ${sanitize(port.port)}`;
  if (port.endPort !== undefined && port.endPort !== port.port)
    return `${port.protocol} ports ${port.port}-${port.endPort}`;
  return `${port.protocol} port ${port.port}`;
}

/** `from every pod in …, on TCP port 80` (or `to …` for egress). */
export function ruleWords(rule: RuleDescription): string {
  const prep = rule.direction === 'ingress' ? 'from' : 'to';
  const peers =
    rule.peers === null
      ? `${prep} anywhere (every pod and every address outside the cluster)`
      : joinOr(rule.peers.map((p) => `${prep} ${peerWords(p)}`));
  const ports =
    rule.ports === null
      ? 'on every port'
      : rule.ports.length === 0
        ? 'on no port'
        : `on ${joinOr(rule.ports.map(portWords))}`;
  return `${peers}, ${ports}`;
}

const TYPE = { ingress: 'Ingress', egress: 'Egress' } as const;

/** What a policy does for one direction, as sentences. */
export function directionSentences(d: DirectionDescription): string[] {
  const dir = d.direction;
  const cap = dir === 'ingress' ? 'Ingress' : 'Egress';
  if (!d.isolates) {
    switch (d.code) {
      case 'NOT_LISTED':
        return d.ignoredRules === 0
          ? [`${cap} is not affected.`]
          : [
              `${cap} is not affected: policyTypes does not list ${TYPE[dir]}, so its ${d.ignoredRules} ${dir} rule${d.ignoredRules === 1 ? ' has' : 's have'} no effect.`,
            ];
      case 'EMPTY_LIST_NOT_IMPLIED':
        return [
          `${cap} is not affected: \`${dir}: []\` is empty, and an empty list does not imply ${TYPE[dir]} (list ${TYPE[dir]} in policyTypes to deny all ${dir}).`,
        ];
      case 'NOT_IMPLIED':
        return [`${cap} is not affected.`];
      case 'LISTED':
      case 'IMPLIED':
      case 'IMPLIED_BY_RULES':
        return [];
      default:
        return assertNever(d.code);
    }
  }
  const why =
    d.code === 'IMPLIED'
      ? ' (implied: policyTypes is not written)'
      : d.code === 'IMPLIED_BY_RULES'
        ? ' (implied by its egress rules: policyTypes is not written)'
        : '';
  const out = [`Isolates them for ${dir}${why}.`];
  if (d.rules.length === 0)
    out.push(`Allows no ${dir}: all ${dir} is denied unless another policy allows it.`);
  for (const r of d.rules) out.push(`Allows ${dir} ${ruleWords(r)}.`);
  return out;
}

/** The plain-words description of a policy: one sentence per line. */
export function policySentences(p: PolicyDescription): string[] {
  return [
    `Selects ${targetWords(p.policy.namespace ?? '', p.podSelector)}.`,
    ...directionSentences(p.ingress),
    ...directionSentences(p.egress),
  ];
}

/** `a, b, c, … and 5 more` */
export function listWords(items: readonly string[], max = 8): string {
  const shown = items.slice(0, max).map(sanitize);
  return items.length > max ? `${shown.join(', ')}, … and ${items.length - max} more` : shown.join(', ');
}
