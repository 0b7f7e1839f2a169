/**
 * Admin and baseline policies (AdminNetworkPolicy, BaselineAdminNetworkPolicy,
 * ClusterNetworkPolicy) in plain words, for `kubereach explain`. Pure functions from describe
 * data to text; names are sanitized here.
 */
import type {
  AdminPeerDescription,
  AdminPolicyDescription,
  AdminRuleDescription,
} from '../explain/describe-admin.js';
import { assertNever } from '../model/assert-never.js';
import type { AdminPort, AdminSubject } from '../model/types.js';
import { actionName, rulePathText, where } from './explain-words.js';
import { joinOr, listWords, selectorWords } from './policy-words.js';
import { type Style, sanitize } from './style.js';

/** `in every namespace`, `in namespaces labelled team=a`. */
function namespacesWords(selector: Parameters<typeof selectorWords>[0]): string {
  const words = selectorWords(selector);
  return words === '' ? 'in every namespace' : `in namespaces ${words}`;
}

/** `every pod in namespaces labelled env=prod`, `pods labelled app=web in every namespace`. */
export function adminSubjectWords(subject: AdminSubject): string {
  if (subject.type === 'namespaces') return `every pod ${namespacesWords(subject.namespaceSelector)}`;
  const pods = selectorWords(subject.podSelector);
  return `${pods === '' ? 'every pod' : `pods ${pods}`} ${namespacesWords(subject.namespaceSelector)}`;
}

function peerWords(peer: AdminPeerDescription): string {
  switch (peer.type) {
    case 'namespaces':
      return `every pod ${namespacesWords(peer.namespaceSelector)}`;
    case 'pods': {
      const pods = selectorWords(peer.podSelector);
      return `${pods === '' ? 'every pod' : `pods ${pods}`} ${namespacesWords(peer.namespaceSelector)}`;
    }
    case 'nodes': {
      const nodes = selectorWords(peer.nodeSelector);
      return `the addresses of ${nodes === '' ? 'every node' : `nodes ${nodes}`}`;
    }
    case 'networks':
      return `addresses in ${joinOr(peer.cidrs.map(sanitize))} (pod addresses included)`;
    case 'domainNames':
      return `the domains ${joinOr(peer.domainNames.map(sanitize))} (resolved at run time)`;
    case 'unknown':
      return peer.failClosed
        ? 'a peer kubereach does not know (failing closed: every party)'
        : 'a peer kubereach does not know (failing closed: nothing)';
    default:
      return assertNever(peer);
  }
}

function portWords(port: AdminPort): string {
  if (typeof port.port === 'string')
    return `the port named ${sanitize(port.port)}${port.protocol === null ? '' : ` (${port.protocol})`}`;
  const protocol = port.protocol ?? 'TCP';
  if (port.endPort !== undefined && port.endPort !== port.port)
    return `${protocol} ports ${port.port}-${port.endPort}`;
  return `${protocol} port ${port.port}`;
}

/** `Deny from every pod in namespaces labelled team=a, on TCP port 80`. */
export function adminRuleWords(rule: AdminRuleDescription): string {
  const prep = rule.direction === 'ingress' ? 'from' : 'to';
  const peers = joinOr(rule.peers.map((p) => `${prep} ${peerWords(p)}`));
  const ports = rule.ports === null ? 'on every port' : `on ${joinOr(rule.ports.map(portWords))}`;
  return `${actionName(rule.action)} ${peers}, ${ports}`;
}

function tierWords(p: AdminPolicyDescription): string {
  const tier =
    p.tier === 'admin' ? 'Admin tier (before NetworkPolicies)' : 'Baseline tier (after NetworkPolicies)';
  const priority = p.kind === 'BaselineAdminNetworkPolicy' ? '' : `, priority ${p.priority}`;
  return `${p.kind}, ${tier}${priority}`;
}

/** `kubereach explain policy anp/NAME`: one admin policy, its subject and its rules in order. */
export function adminPolicyLines(p: AdminPolicyDescription, style: Style, indent = ''): string[] {
  const lines = [
    `${indent}${style.bold(sanitize(p.policy.id))} (${tierWords(p)})  ${style.dim(where(p.policy))}`,
  ];
  lines.push(`${indent}  Applies to ${adminSubjectWords(p.subject)}.`);
  lines.push(
    `${indent}  Selects now: ${p.selects.length === 0 ? 'no pod of the input' : listWords(p.selects)}.`,
  );
  for (const [direction, rules] of [
    ['ingress', p.ingress],
    ['egress', p.egress],
  ] as const) {
    if (rules.length === 0) {
      lines.push(
        `${indent}  ${direction === 'ingress' ? 'Ingress' : 'Egress'}: no rules; ${direction} is left to the next tiers.`,
      );
      continue;
    }
    lines.push(
      `${indent}  ${direction === 'ingress' ? 'Ingress' : 'Egress'}, in order (the first rule that matches a port decides it${p.tier === 'admin' ? '; Pass hands it to the NetworkPolicies' : '; Pass hands it to the default allow'}):`,
    );
    for (const r of rules) {
      const name = r.name === null ? '' : ` "${sanitize(r.name)}"`;
      lines.push(
        `${indent}    ${rulePathText(r.direction, r.index)}${name}: ${adminRuleWords(r)}.  ${style.dim(where(r.at))}`,
      );
      const now = r.peers
        .filter((x) => x.type !== 'domainNames' && x.type !== 'unknown')
        .flatMap((x) => ('matchesNow' in x ? x.matchesNow : []));
      if (r.peers.some((x) => x.type === 'namespaces' || x.type === 'pods' || x.type === 'nodes'))
        lines.push(
          `${indent}      matches now: ${now.length === 0 ? 'nothing in the input' : listWords([...new Set(now)].sort())}`,
        );
    }
  }
  if (p.samePriority.length > 0)
    lines.push(
      `${indent}  ${style.warn('note:')} ${listWords(p.samePriority.map((o) => o.id))} share${p.samePriority.length === 1 ? 's' : ''} this tier and priority and select some of the same pods: where their rules match the same connection the API leaves the outcome undefined (kubereach applies kind, then name order).`,
    );
  return lines;
}

/** Every admin policy in evaluation order, as text. */
export function renderAdminPoliciesText(policies: readonly AdminPolicyDescription[], style: Style): string {
  return policies.map((p) => adminPolicyLines(p, style).join('\n')).join('\n\n');
}
