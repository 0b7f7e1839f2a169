import type { PolicyDescription, RuleDescription, TargetDescription } from '../explain/describe-types.js';
import { ruleAtText, where } from './explain-words.js';
import { listWords, peerWords, policySentences, portWords, targetWords } from './policy-words.js';
import { type Style, sanitize } from './style.js';
import { renderTable } from './table.js';

/**
 * `kubereach explain`: policies grouped per target (namespace and podSelector), each target
 * with the pods it selects now and whether it is isolated per direction, then each policy in
 * plain words with what each rule matches now.
 */
export function renderTargetsText(targets: readonly TargetDescription[], style: Style): string {
  if (targets.length === 0) return 'No NetworkPolicies in the input: every pod may reach every other.\n';
  const blocks = targets.map((t) => {
    const lines = [style.bold(`${capitalize(targetWords(t.namespace, t.podSelector))}`)];
    lines.push(`  selects now: ${t.selects.length === 0 ? 'no pod of the input' : listWords(t.selects)}`);
    lines.push(`  ingress: ${isolation(t.ingressIsolatedBy)}`);
    lines.push(`  egress: ${isolation(t.egressIsolatedBy)}`);
    for (const p of t.policies) lines.push('', ...policyLines(p, style, '  ', false));
    return lines.join('\n');
  });
  const count = targets.reduce((n, t) => n + t.policies.length, 0);
  return `${blocks.join('\n\n')}\n\n${style.dim(`${count} ${count === 1 ? 'policy' : 'policies'} on ${targets.length} ${targets.length === 1 ? 'target' : 'targets'}.`)}\n`;
}

/** `kubereach explain policy NS/NAME`: one policy in plain words, with what it selects and matches now. */
export function renderPolicyText(p: PolicyDescription, style: Style): string {
  return `${policyLines(p, style, '', true).join('\n')}\n`;
}

function isolation(by: readonly string[]): string {
  return by.length === 0 ? 'not isolated by these policies' : `isolated by ${by.map(sanitize).join(', ')}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function policyLines(p: PolicyDescription, style: Style, indent: string, withSelection: boolean): string[] {
  const lines = [`${indent}${style.bold(sanitize(p.policy.id))}  ${style.dim(where(p.policy))}`];
  for (const s of policySentences(p)) lines.push(`${indent}  ${s}`);
  if (withSelection)
    lines.push(
      `${indent}  Selects now: ${p.selects.length === 0 ? 'no pod of the input' : listWords(p.selects)}.`,
    );
  if (p.hostNetworkSkipped.length > 0)
    lines.push(
      `${indent}  ${style.warn('note:')} ${listWords(p.hostNetworkSkipped)} use${p.hostNetworkSkipped.length === 1 ? 's' : ''} the host network: NetworkPolicies do not apply to ${p.hostNetworkSkipped.length === 1 ? 'it' : 'them'}.`,
    );
  for (const r of [...p.ingress.rules, ...p.egress.rules])
    lines.push(...ruleNowLines(r, style, `${indent}  `));
  return lines;
}

function ruleNowLines(r: RuleDescription, style: Style, indent: string): string[] {
  const path = ruleAtText(r);
  const now =
    r.peers === null
      ? 'every pod and every address outside the cluster'
      : (r.matchesNow.length === 0 ? 'no pod of the input' : listWords(r.matchesNow)) +
        (r.peers.some((p) => p.type === 'ipBlock') ? ', and the addresses of its ipBlocks' : '');
  const lines = [`${indent}${path} matches now: ${now}  ${style.dim(where(r.at))}`];
  for (const port of r.ports ?? []) {
    if (port.named === undefined) continue;
    const parts = port.named.resolves.map((x) => `${x.port} on ${listWords(x.pods, 4)}`);
    if (port.named.undeclared.length > 0)
      parts.push(`not declared by ${listWords(port.named.undeclared, 4)}`);
    if (parts.length > 0) lines.push(`${indent}  port ${sanitize(String(port.port))} is ${parts.join('; ')}`);
  }
  return lines;
}

/**
 * The table form, one row per rule, as policy-assistant's explain lays it out: direction,
 * target, policy and rule, peer, ports, and the pods the rule matches now.
 */
export function renderTargetsTable(targets: readonly TargetDescription[]): string {
  const rows: string[][] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    for (const t of targets) {
      const target = targetWords(t.namespace, t.podSelector);
      for (const p of t.policies) {
        const d = p[direction];
        if (!d.isolates) continue;
        if (d.rules.length === 0)
          rows.push([direction, target, sanitize(p.policy.id), 'none (isolates only)', '-', '-']);
        for (const r of d.rules) {
          const peers = r.peers === null ? ['anywhere'] : r.peers.map(peerWords);
          const ports = r.ports === null ? 'every port' : r.ports.map(portWords).join(', ');
          const now =
            r.peers === null
              ? 'everything'
              : r.matchesNow.length > 0
                ? listWords(r.matchesNow, 4)
                : r.peers.some((x) => x.type === 'ipBlock')
                  ? 'outside addresses only'
                  : 'nothing';
          const rule = `${sanitize(p.policy.id)} ${ruleAtText(r)}`;
          rows.push([direction, target, rule, peers[0] ?? '', ports, now]);
          for (const peer of peers.slice(1)) rows.push(['', '', '', peer, '', '']);
        }
      }
    }
  }
  if (rows.length === 0) return 'No NetworkPolicies in the input.\n';
  return renderTable(['TYPE', 'TARGET', 'POLICY RULE', 'PEER', 'PORTS', 'MATCHES NOW'], rows);
}
