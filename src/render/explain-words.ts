/**
 * The words of explanations: one phrase per reason, hint and near-miss code. Shared by the
 * check, explain and matrix renderers so a reason reads the same everywhere. Phrases are plain
 * text; callers sanitize for terminals. Names come from the input and are sanitized here.
 */

import { formatRequirement } from '../engine/label-selector.js';
import type {
  CheckExplanation,
  CiliumIdentityRef,
  DirectionExplanation,
  Hint,
  Location,
  NearMiss,
  PeerReason,
  PortRanges,
  PortReason,
  SelectorFailure,
  TierStep,
} from '../explain/types.js';
import { assertNever } from '../model/assert-never.js';
import { formatPath, formatPosition } from '../model/source.js';
import type { LabelSelector, Labels, Protocol } from '../model/types.js';
import { sanitize, sanitizeLine } from './style.js';

/** `file:line` of a location. */
export function where(at: Location | { readonly source: Location['source'] }): string {
  return sanitizeLine(formatPosition(at.source, false));
}

/** `{app: web, tier in (a,b), !legacy}`; `{}` selects everything. */
export function formatSelector(selector: LabelSelector): string {
  const parts = Object.keys(selector.matchLabels)
    .sort()
    .map((k) => `${k}: ${selector.matchLabels[k]}`);
  for (const req of selector.matchExpressions) parts.push(formatRequirement(req, ', '));
  return sanitize(`{${parts.join(', ')}}`);
}

/** `{k: v, …}` sorted by key. */
export function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  return sanitize(`{${keys.map((k) => `${k}: ${labels[k]}`).join(', ')}}`);
}

/** `whose labels are {…}`, or `which has no labels`. */
function whoseLabels(labels: Labels): string {
  return Object.keys(labels).length === 0
    ? 'which has no labels'
    : `whose labels are ${formatLabels(labels)}`;
}

/** How one requirement fails: `no label name`, `team is web, not shop`. */
export function formatFailure(f: SelectorFailure): string {
  const { key, operator, values } = f.requirement;
  const k = sanitize(key);
  const actual = f.actual === null ? null : sanitize(f.actual);
  switch (operator) {
    case 'In': {
      if (actual === null) return `no label ${k}`;
      const wanted = values.length === 1 ? sanitize(values[0]!) : `one of (${sanitize(values.join(', '))})`;
      return `${k} is ${actual}, not ${wanted}`;
    }
    case 'NotIn':
      return `${k} is ${actual}, which notin excludes`;
    case 'Exists':
      return `no label ${k}`;
    case 'DoesNotExist':
      return `it has ${k}${actual === null ? '' : `: ${actual}`}, which !${k} excludes`;
    default:
      return assertNever(operator);
  }
}

function failures(list: readonly SelectorFailure[]): string {
  return list.map(formatFailure).join('; ');
}

/** `80/TCP`, `8000-8080/TCP`, `every UDP port`, `named port metrics (TCP)`. */
export function formatRulePort(protocol: Protocol, port: number | string | null, endPort?: number): string {
  if (port === null) return `every ${protocol} port`;
  if (typeof port === 'string') return `named port ${sanitize(port)} (${protocol})`;
  return endPort === undefined || endPort === port ? `${port}/${protocol}` : `${port}-${endPort}/${protocol}`;
}

/** `TCP 80,443; UDP all`, `none`, `all`: short form of port ranges. */
export function formatPortRanges(ranges: PortRanges): string {
  if (ranges.length === 0) return 'none';
  if (ranges.length === 3 && ranges.every((r) => r.ports === undefined)) return 'all';
  return ranges
    .map((r) =>
      r.ports === undefined
        ? `${r.protocol} all`
        : `${r.protocol} ${r.ports.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',')}`,
    )
    .join('; ');
}

/** One phrase for a peer reason. */
export function peerPhrase(r: PeerReason): string {
  switch (r.code) {
    case 'PEER_MATCHES': {
      if (r.endpointSelector !== undefined)
        return `endpoint selector ${formatSelector(r.endpointSelector)} matches ${sanitize(r.pod)}${r.namespaceScope === 'policy-namespace' ? " in the policy's namespace" : ''}`;
      const pod =
        r.podSelector === null
          ? ''
          : `podSelector ${formatSelector(r.podSelector)} matches pod ${sanitize(r.pod)}`;
      if (r.namespaceScope === 'policy-namespace')
        return pod === '' ? `matches ${sanitize(r.pod)}` : `${pod} in the policy's namespace`;
      const ns = `namespaceSelector ${formatSelector(r.namespaceSelector!)} matches namespace ${sanitize(r.namespace)}`;
      return pod === '' ? ns : `${ns}, and ${pod}`;
    }
    case 'PEER_NAMESPACE_MISMATCH':
      if (r.endpointSelector !== undefined)
        return (
          `endpoint selector ${formatSelector(r.endpointSelector)} does not match namespace ${sanitize(r.namespace)}, ` +
          `${whoseLabels(r.labels)}: ${failures(r.failures)}`
        );
      return (
        `namespaceSelector ${formatSelector(r.selector)} does not match namespace ${sanitize(r.namespace)}, ` +
        `${whoseLabels(r.labels)}: ${failures(r.failures)}` +
        (r.selects.length === 0 ? ' (it selects no namespace of the input)' : '')
      );
    case 'PEER_POD_MISMATCH':
      if (r.endpointSelector !== undefined)
        return `endpoint selector ${formatSelector(r.endpointSelector)} does not match pod ${sanitize(r.pod)}, ${whoseLabels(r.labels)}: ${failures(r.failures)}`;
      return `podSelector ${formatSelector(r.selector)} does not match pod ${sanitize(r.pod)}, ${whoseLabels(r.labels)}: ${failures(r.failures)}`;
    case 'PEER_NOT_IN_POLICY_NAMESPACE':
      if (r.endpointSelector !== undefined)
        return `an endpoint selector without a namespace label (k8s:io.kubernetes.pod.namespace) selects pods in ${sanitize(r.policyNamespace)} only; ${sanitize(r.pod)} is in ${sanitize(r.namespace)}`;
      return `a podSelector without namespaceSelector selects pods in ${sanitize(r.policyNamespace)} only; ${sanitize(r.pod)} is in ${sanitize(r.namespace)}`;
    case 'PEER_HOST_NETWORK':
      return `${sanitize(r.pod)} uses the host network; pod and namespace selectors never select it`;
    case 'PEER_EXTERNAL':
      return r.identity === undefined
        ? `${sanitize(r.address)} is outside the cluster; pod and namespace selectors select only pods`
        : `${sanitize(r.address)} is ${ENTITY_PARTY[r.identity]}; endpoint selectors select only pods`;
    case 'IPBLOCK_MATCHES':
      return `ipBlock ${r.cidr}${r.except.length === 0 ? '' : ` except ${r.except.join(', ')}`} holds ${sanitize(r.address)}`;
    case 'IPBLOCK_MISMATCH':
      return `ipBlock ${r.cidr} does not hold ${r.addresses.map(sanitize).join(', ')}`;
    case 'IPBLOCK_EXCEPTED':
      return `ipBlock ${r.cidr} holds ${sanitize(r.address)} but excepts ${r.except}`;
    case 'IPBLOCK_POD_IP_IGNORED':
      return `with the ${r.cni} CNI profile ipBlock does not match pod addresses, and ${sanitize(r.pod)} is a pod`;
    case 'IPBLOCK_NO_POD_IP':
      return `${sanitize(r.pod)} has no known IP address, so no ipBlock holds it`;
    case 'PEER_NODES_MATCH':
      return `the selected nodes' addresses hold ${r.addresses.map(sanitize).join(', ')}`;
    case 'PEER_NODES_MISMATCH':
      return `the selected nodes' addresses do not hold ${r.addresses.map(sanitize).join(', ') || 'this party'}`;
    case 'PEER_ENTITY':
      return `entity ${sanitize(r.entity)} ${r.matched ? 'includes' : 'does not include'} ${ENTITY_PARTY[r.party]}`;
    case 'PEER_DOMAIN_NAMES':
      return `${r.field ?? 'domainNames'} ${r.names.map(sanitize).join(', ')} are resolved at run time (DNS): not statically decidable`;
    case 'PEER_UNKNOWN':
      return `a peer with no field kubereach knows${r.fields.length === 0 ? '' : ` (${r.fields.map(sanitize).join(', ')})`} fails closed: ${r.failClosed ? 'it matches every party in a deny or pass rule' : 'it matches nothing in an allow rule'}`;
    default:
      return assertNever(r);
  }
}

/** An address as Cilium sees it: `the node n1 (remote-node)`, `outside the cluster (world, kube-apiserver)`. */
function addressIdentity(id: CiliumIdentityRef): string {
  const api = id.apiServer ? ', kube-apiserver' : '';
  const node = id.node === undefined ? '' : ` ${sanitize(id.node)}`;
  switch (id.relation) {
    case 'host':
      return `the pod's own node${node} (host${api})`;
    case 'remote-node':
      return `the node${node} (remote-node${api})`;
    case 'world':
      return `outside the cluster (world${api})`;
    case 'pod':
      return `a pod${api}`;
    default:
      return assertNever(id.relation);
  }
}

/** What a party is to Cilium, in words. */
const ENTITY_PARTY: Readonly<Record<'pod' | 'host' | 'remote-node' | 'world', string>> = {
  pod: 'a pod',
  host: "the pod's own node (host)",
  'remote-node': 'another node (remote-node)',
  world: 'an address outside the cluster (world)',
};

/** A tier as users see it: `Admin`, `NetworkPolicy`, `Baseline`, `Default`. */
export function tierName(tier: TierStep['tier']): string {
  switch (tier) {
    case 'admin':
      return 'Admin';
    case 'namespace':
      return 'NetworkPolicy';
    case 'baseline':
      return 'Baseline';
    case 'default':
      return 'Default';
    default:
      return assertNever(tier);
  }
}

/** An action as the admin APIs write it. */
export function actionName(action: TierStep['action']): string {
  switch (action) {
    case 'allow':
      return 'Allow';
    case 'deny':
      return 'Deny';
    case 'pass':
      return 'Pass';
    default:
      return assertNever(action);
  }
}

/**
 * One step of the walk through the tiers, without position:
 * `[Admin] anp/cluster-guard priority 10 ingress[1] Pass`, `[NetworkPolicy] dev2/web ingress[0] Allow`,
 * `[NetworkPolicy] isolated by dev2/deny-all, no rule admits it: Deny`, `[Default] no tier decides: Allow`.
 */
export function tierStepPhrase(
  step: TierStep,
  direction: 'ingress' | 'egress',
  isolatedBy: readonly string[],
): string {
  const cilium = step.policy?.kind.startsWith('Cilium') === true;
  const tier = `[${cilium ? step.policy!.kind : tierName(step.tier)}]`;
  switch (step.cause) {
    case 'rule': {
      if (cilium && step.action === 'deny') return ciliumDenyPhrase(step, 'it');
      const p = step.policy;
      const priority = p?.priority === undefined ? '' : ` priority ${p.priority}`;
      const rule = step.rule === null ? '' : ` ${ruleAtText({ direction, ...step.rule })}`;
      const name = step.rule?.name == null ? '' : ` "${sanitize(step.rule.name)}"`;
      return `${tier} ${sanitize(p?.id ?? '')}${priority}${rule}${name} ${actionName(step.action)}`;
    }
    case 'isolated':
      return `${tier} isolated by ${isolatedBy.map(sanitize).join(', ') || 'a policy'}, no rule allows it: Deny`;
    case 'default':
      return `${tier} no tier decides: Allow`;
    default:
      return assertNever(step.cause);
  }
}

/**
 * A Cilium deny rule that decided: `ingressDeny of cnp/dev2/web rule 0 denies 22/TCP: deny beats
 * every allow` (of every policy, of every kind).
 */
export function ciliumDenyPhrase(step: TierStep, what: string): string {
  const path = step.rule?.at.path ?? [];
  const section = String(path[path.length - 2] ?? `${step.tier}Deny`);
  return `${sanitize(section)} of ${sanitize(step.policy?.id ?? '')} rule ${step.rule?.index ?? 0} denies ${what}: deny beats every allow`;
}

/** The location that best answers "which line": the first failing requirement, else the reason's. */
export function peerLocation(r: PeerReason): Location | undefined {
  if (r.code === 'PEER_MATCHES') return undefined;
  if (r.code === 'PEER_NAMESPACE_MISMATCH' || r.code === 'PEER_POD_MISMATCH')
    return r.failures[0]?.at ?? r.at;
  return r.at;
}

/** One phrase for a port reason. */
export function portPhrase(r: PortReason): string {
  switch (r.code) {
    case 'PORT_MATCHES':
      if (typeof r.rulePort === 'string')
        return `${r.port}/${r.protocol} is named port ${sanitize(r.rulePort)} on ${sanitize(r.pod ?? '')}`;
      return `${r.port}/${r.protocol} in ${formatRulePort(r.protocol, r.rulePort, r.endPort)}`;
    case 'PORT_MISMATCH':
      return `${r.port}/${r.protocol} not in ${formatRulePort(r.protocol, r.rulePort, r.endPort)}`;
    case 'PROTOCOL_MISMATCH':
      return `${r.port}/${r.protocol} not in ${formatRulePort(r.ruleProtocol, r.rulePort, r.endPort)}`;
    case 'NAMED_PORT_NOT_DECLARED': {
      const declared =
        r.declared.length === 0
          ? 'it declares no ports'
          : `it declares ${r.declared.map((c) => `${c.name === undefined ? '' : `${sanitize(c.name)} `}${c.port}/${c.protocol}`).join(', ')}`;
      return `named port ${sanitize(r.name)} not declared by ${sanitize(r.pod)} for ${r.protocol} (${declared})`;
    }
    case 'NAMED_PORT_OTHER_NUMBER':
      return `named port ${sanitize(r.name)} is ${r.resolved}/${r.protocol} on ${sanitize(r.pod)}, not ${r.port}`;
    case 'NAMED_PORT_EXTERNAL':
      return `named port ${sanitize(r.name)} cannot match ${sanitize(r.address)}: only pods declare port names`;
    case 'PORT_LISTED':
      return `opens ${formatRulePort(r.protocol, r.rulePort, r.endPort)}`;
    case 'NAMED_PORT_RESOLVES':
      return `named port ${sanitize(r.name)} is ${r.resolved}/${r.protocol} on ${sanitize(r.pod)}`;
    default:
      return assertNever(r);
  }
}

/** One sentence for a hint, ending with the line to change where there is one. */
export function hintPhrase(h: Hint): string {
  switch (h.code) {
    case 'LABEL_KEY_DIFFERS': {
      const key = sanitize(h.key);
      const suggested = sanitize(h.suggestedKey);
      const value = sanitize(h.value);
      const lead =
        h.target === 'namespace' && h.suggestedKey === 'kubernetes.io/metadata.name'
          ? `namespaces carry ${suggested} (the API server sets it), not ${key}`
          : `${h.target} ${sanitize(h.object)} carries ${value} under ${suggested}, not ${key}`;
      return `${lead}: write \`${suggested}: ${value}\` at ${where(h.at)}`;
    }
    case 'LABEL_NOT_CARRIED': {
      const kind = h.target === 'namespace' ? 'namespace' : 'pod';
      let out = `no ${kind} of the input carries the label ${sanitize(h.key)}`;
      if (h.closestKey !== null) out += ` (did you mean ${sanitize(h.closestKey)}?)`;
      out += ', so the selector selects nothing';
      if (h.suggestion !== null)
        out += `; ${kind} ${sanitize(h.suggestion.object)} carries \`${sanitize(h.suggestion.key)}: ${sanitize(h.suggestion.value)}\``;
      return `${out}: change ${where(h.at)}`;
    }
    case 'LABEL_VALUE_CLOSE':
      return `${h.target} ${sanitize(h.object)} has ${sanitize(h.key)}: ${sanitize(h.actual)}, one typo away from ${sanitize(h.value)}: check ${where(h.at)}`;
    case 'POD_SELECTOR_NAMESPACE_LOCAL':
      if (h.endpointSelector !== undefined)
        return (
          `an endpoint selector without a namespace label selects pods in the policy's own namespace (${sanitize(h.policyNamespace)}); ` +
          `to admit pods of ${sanitize(h.namespace)}, add \`k8s:io.kubernetes.pod.namespace: ${sanitize(h.namespace)}\` to its matchLabels at ${where(h.at)}`
        );
      return (
        `a podSelector alone selects pods in the policy's own namespace (${sanitize(h.policyNamespace)}); ` +
        `to admit pods of ${sanitize(h.namespace)}, add \`namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${sanitize(h.namespace)}}}\` ` +
        `to the same item (no dash: both must hold) at ${where(h.at)}`
      );
    case 'PEER_AND_NOT_OR': {
      const other = h.holds === 'namespaceSelector' ? 'podSelector' : 'namespaceSelector';
      return (
        `this item has a namespaceSelector and a podSelector, so both must hold (AND); only the ${h.holds} does. ` +
        `If either should be enough (OR), give the ${other} its own dash at ${where(h.at)}`
      );
    }
    case 'PEERS_OR_NOT_AND': {
      const field = h.direction === 'ingress' ? 'from' : 'to';
      return (
        `${field}[${h.namespacePeer}] is a namespaceSelector alone and admits every pod of those namespaces; ` +
        `${field}[${h.podPeer}] is a separate peer (OR). If only pods matching its podSelector should get in, ` +
        `remove the dash before podSelector at ${where(h.at)} so both form one item (AND)`
      );
    }
    case 'NAMED_PORT_OTHER_PROTOCOL':
      return `${sanitize(h.pod)} declares ${sanitize(h.name)} for ${h.declaredProtocol}, not ${h.protocol}: fix the protocol at ${where(h.at)}`;
    case 'SERVICE_PORT_CHOICE':
      if (h.targetOf !== undefined)
        return `${h.port} is the target port of ${sanitize(h.service)} port ${h.targetOf}: clients connect to the Service on ${h.targetOf} — try --port ${h.targetOf}`;
      if (h.portGiven === false || (h.portGiven === undefined && h.port === 80))
        return `${sanitize(h.service)} exposes ${h.ports.join(', ')}; curl without a port uses 80 — try --port ${h.ports[0]}`;
      return `${sanitize(h.service)} exposes ${h.ports.join(', ')}, not ${sanitize(String(h.port))} — try --port ${h.ports[0]}`;
    default:
      return assertNever(h);
  }
}

/** One sentence for a near miss of a direction. */
export function nearMissPhrase(n: NearMiss, direction: 'ingress' | 'egress'): string {
  const policy = sanitize(n.policy.id);
  switch (n.code) {
    case 'POLICY_DOES_NOT_SELECT':
      return (
        `${policy} ${rulesText(direction, n.rules)} would allow this, but its podSelector ${formatSelector(n.selector)} ` +
        `does not select ${sanitize(n.pod)}, ${whoseLabels(n.labels)}: ${failures(n.failures)} (${where(n.failures[0]?.at ?? n.at)})`
      );
    case 'POLICY_TYPES_EXCLUDE':
      return (
        `${policy} has ${n.ruleCount} ${n.direction} rule${n.ruleCount === 1 ? '' : 's'} with no effect: ` +
        `its policyTypes [${n.policyTypes.join(', ')}] leaves ${n.direction === 'ingress' ? 'Ingress' : 'Egress'} out (${where(n.at)})`
      );
    case 'POLICY_IN_OTHER_NAMESPACE':
      return (
        `${policy} ${rulesText(direction, n.rules)} would allow this, but a policy applies only to pods of its own namespace; ` +
        `rules for pods in ${sanitize(n.namespace)} belong in a policy in ${sanitize(n.namespace)} (${where(n.at)})`
      );
    default:
      return assertNever(n);
  }
}

function rulesText(direction: 'ingress' | 'egress', rules: readonly number[]): string {
  return rules.map((i) => rulePathText(direction, i)).join(', ');
}

/** `spec.ingress[0]` */
export function rulePathText(direction: 'ingress' | 'egress', index: number): string {
  return formatPath(['spec', direction, index]);
}

/**
 * Where an explained rule is written, from its location: `spec.ingress[0]`, or for a Cilium
 * rule its section and rule (`spec.egressDeny[1]`, `specs[2].ingress[0]`).
 */
export function ruleAtText(rule: {
  readonly direction: 'ingress' | 'egress';
  readonly index: number;
  readonly at: { readonly path: readonly (string | number)[] };
}): string {
  return rule.at.path.length > 0 ? formatPath(rule.at.path) : rulePathText(rule.direction, rule.index);
}

/**
 * What decided a direction, in one sentence (after `egress of X: allowed — `): the tier walk
 * when an admin or baseline rule decided or passed, isolation and rules in the NetworkPolicy
 * tier, or why nothing applies. `port` is the probed port as text (`80/TCP`, or `these ports`);
 * `dim` styles the positions inside the sentence (the CLI greys them, the studio does not).
 * The CLI and the studio both word directions with this function.
 */
export function directionSummary(
  d: DirectionExplanation,
  port: string,
  dim: (text: string) => string = (t) => t,
): string {
  const subject = sanitize(d.subject.id);
  const peer = sanitize(d.peer.id);
  const isolatedBy = d.policies.map((p) => p.policy.id);
  const steps = d.tiers.filter((t) => t.holdsQuery !== false);
  const tiered = steps.some((t) => t.tier === 'admin' || t.tier === 'baseline');
  const passes = steps.filter((t) => t.action === 'pass');
  const prefix = tiered ? passes.map((t) => `${tierStepPhrase(t, d.direction, isolatedBy)} → `).join('') : '';
  switch (d.code) {
    case 'ADMIN_ALLOWS':
    case 'ADMIN_DENIES':
    case 'BASELINE_ALLOWS':
    case 'BASELINE_DENIES':
    case 'NAMESPACE_DENIES':
      return steps.map((t) => tierStepPhrase(t, d.direction, isolatedBy)).join(' → ');
    case 'NOT_ISOLATED':
      return tiered
        ? `${prefix}no policy of any tier selects ${subject} for ${d.direction} or decides ${port}: allowed`
        : `no ${d.cilium === undefined ? 'NetworkPolicy' : 'policy'} selects ${subject} for ${d.direction}: all ${d.direction} allowed`;
    case 'HOST_NETWORK':
      return d.cilium === undefined
        ? `${subject} uses the host network: NetworkPolicies do not select it (implementation-defined), all ${d.direction} allowed`
        : `${subject} uses the host network: to Cilium it is its node${d.cilium.subject.node === undefined ? '' : ` ${sanitize(d.cilium.subject.node)}`}, which no pod policy selects: all ${d.direction} allowed`;
    case 'EXTERNAL':
      return d.cilium === undefined
        ? `${subject} is outside the cluster: no NetworkPolicy applies to it`
        : `${subject} is ${addressIdentity(d.cilium.subject)}: no policy applies to its side`;
    case 'OWN_NODE':
      return `the source is the node ${subject} runs on: Cilium always admits its own node (allow-localhost), all ingress allowed`;
    case 'RULE_ALLOWS':
    case 'NO_RULES':
    case 'NO_PEER_MATCH':
    case 'NO_PORT_MATCH': {
      const by = d.policies.map((p) => `${sanitize(p.policy.id)} (${dim(where(p.policy))})`).join(', ');
      const tail =
        d.code === 'RULE_ALLOWS'
          ? ''
          : d.code === 'NO_RULES'
            ? `; ${d.policies.length === 1 ? 'it has' : 'they have'} no ${d.direction} rules, so all ${d.direction} is denied`
            : d.code === 'NO_PEER_MATCH'
              ? `; no ${d.direction} rule ${d.direction === 'ingress' ? `admits ${peer}` : `lets it reach ${peer}`}`
              : `; the rules that match ${peer} do not open ${port}`;
      return `${prefix}isolated by ${by}${tail}`;
    }
    default:
      return assertNever(d.code);
  }
}

/** The steps of the tier walk worth a line of their own (rules that decided or passed the port). */
export function ruleSteps(d: DirectionExplanation): TierStep[] {
  const steps = d.tiers.filter((t) => t.holdsQuery !== false && t.rule !== null);
  const tiered = steps.some((t) => t.tier === 'admin' || t.tier === 'baseline' || t.action === 'deny');
  return tiered ? steps.filter((t) => t.tier !== 'namespace' || t.action === 'deny') : [];
}

/**
 * Warnings a direction carries: fields of the Cilium rules selecting the subject that kubereach
 * does not evaluate, each with what it assumed (`cnp/dev1/api spec.egress[0].toServices: …`).
 */
export function directionWarnings(d: DirectionExplanation): string[] {
  return (d.unmodelled ?? []).map(
    (u) => `${sanitize(u.policy.id)} ${sanitize(u.path)}: ${sanitize(u.assumed)}`,
  );
}

/** Notes a direction carries: same-priority ties (undefined upstream) and run-time (FQDN, L7) verdicts. */
export function directionNotes(d: DirectionExplanation): string[] {
  const notes = d.ties.map(
    (t) =>
      `${[t.applied, ...t.others].map((p) => sanitize(p.id)).join(', ')} share ${t.tier} priority ${t.priority} and match this differently: the API leaves the outcome undefined; kubereach applies ${sanitize(t.applied.id)} (kind, then name)`,
  );
  for (const l7 of d.l7)
    notes.push(
      `an L7 rule (${sanitize(l7.type)}${l7.matches.length === 0 ? '' : `: ${l7.matches.map(sanitize).join(', ')}`}) allows this at L4 only; each request is judged at run time by the proxy`,
    );
  for (const n of d.cilium?.selectorNamespaces ?? [])
    notes.push(
      `${sanitize(n.policy.id)}: this CNP endpointSelector is namespace-local: the k8s:io.kubernetes.pod.namespace label you wrote there (${sanitize(n.written)}) is replaced by the policy namespace (${sanitize(n.namespace)})`,
    );
  for (const f of d.fqdn ?? [])
    notes.push(
      `${sanitize(f.policy.id)} ${sanitize(formatPath(f.at.path))} allows ${f.names.map((n) => sanitize(n)).join(', ')}: whether this address is one of them is decided at run time (DNS); the verdict above is the static answer only`,
    );
  if (d.undecidable && d.l7.length === 0 && (d.fqdn ?? []).length === 0)
    notes.push(
      'a rule with domain names decides this at run time (DNS): the verdict above is the static answer only',
    );
  return notes;
}

/**
 * For a verdict no policy decided (no such port, no endpoints, no such named port): what is
 * missing, in one phrase. Undefined for policy verdicts.
 */
export function reasonText(e: CheckExplanation): string | undefined {
  if (e.verdict === 'allowed' || e.verdict === 'denied' || e.verdict === 'partial') return undefined;
  for (const r of e.reasons) {
    switch (r.code) {
      case 'SERVICE_HOP':
        continue;
      case 'NO_SUCH_SERVICE_PORT':
        return r.ports.length === 0
          ? 'the service has no ports'
          : `the service exposes ${r.ports.map((p) => `${p.port}/${p.protocol}${p.name === null ? '' : ` (${sanitize(p.name)})`}`).join(', ')}`;
      case 'NO_ENDPOINTS':
        return r.selector === null
          ? 'the service has no selector; its endpoints are managed by hand and are not in the input'
          : `no pod in ${sanitize(r.service.split('/')[0] ?? '')} matches the selector ${Object.entries(
              r.selector,
            )
              .map(([k, v]) => `${sanitize(k)}=${sanitize(v)}`)
              .join(',')}`;
      case 'TARGET_PORT_NOT_DECLARED':
        return `targetPort ${sanitize(r.targetPort)} is not a ${r.protocol} port name declared by any selected pod`;
      case 'NO_SOURCE_PODS':
        return 'the source stands for no pod (a Service that selects none)';
      case 'NO_SUCH_NAMED_PORT':
        return `no destination pod declares a ${r.protocol} port named ${sanitize(r.name)}`;
      default:
        return assertNever(r);
    }
  }
  return undefined;
}
