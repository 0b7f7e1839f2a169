import { NAMESPACE_NAME_LABEL } from '../model/normalize.js';
import type { LabelRequirement, LabelSelector } from '../model/types.js';

/**
 * Cilium's identity labels, the one place that knows them. A pod's identity carries its labels
 * (source `k8s`), `io.kubernetes.pod.namespace` (its namespace) and
 * `io.cilium.k8s.namespace.labels.KEY` for each label of its namespace; reserved identities
 * (`reserved:host`, `reserved:world`, …) stand for the entities. A selector key may name its
 * source (`k8s:app`); without one it matches any source (pkg/labels, `any:`).
 */

/** The namespace label of every pod identity (k8sConst.PodNamespaceLabel). */
export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';

/** The prefix of namespace labels in pod identities (k8sConst.PodNamespaceMetaLabelsPrefix). */
export const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';

/** A selector key with its label source taken apart. */
export interface CiliumKey {
  /** `any` when the key names no source. */
  readonly source: string;
  readonly key: string;
}

const SOURCE = /^([a-z0-9-]+):(.*)$/;

/** Splits `k8s:app` into source and key; a key without a source matches any source. */
export function parseCiliumKey(text: string): CiliumKey {
  const m = SOURCE.exec(text);
  return m === null ? { source: 'any', key: text } : { source: m[1]!, key: m[2]! };
}

/** Whether a label of this source can be a pod's (k8s) label. */
function podSource(source: string): boolean {
  return source === 'any' || source === 'k8s';
}

/** Whether a selector key is the pod namespace label, with or without `k8s:`/`any:`. */
export function isNamespaceKey(text: string): boolean {
  const k = parseCiliumKey(text);
  return podSource(k.source) && k.key === POD_NAMESPACE_LABEL;
}

/** Whether a selector key is a namespace label (`io.cilium.k8s.namespace.labels.KEY`). */
export function isNamespaceLabelsKey(text: string): boolean {
  const k = parseCiliumKey(text);
  return podSource(k.source) && k.key.startsWith(NAMESPACE_LABELS_PREFIX);
}

/**
 * A Cilium endpoint selector, split into what it asks of a pod's namespace (as a selector over
 * namespace labels: the namespace name becomes `kubernetes.io/metadata.name`, which every
 * namespace carries), of the pod's own labels, and the reserved identities it names.
 * `impossible` is true when it requires a label no pod identity can carry (another source).
 */
export interface SplitSelector {
  readonly namespace: LabelSelector | null;
  readonly pod: LabelSelector | null;
  readonly reserved: readonly string[];
  readonly impossible: boolean;
  /** True when the selector names the namespace or namespace labels (it is not namespace-local). */
  readonly namesNamespace: boolean;
}

/** Splits a selector as written (see `SplitSelector`). */
export function splitCiliumSelector(selector: LabelSelector): SplitSelector {
  const ns: Requirement[] = [];
  const pod: Requirement[] = [];
  const reserved: string[] = [];
  let impossible = false;
  let namesNamespace = false;
  const all: Requirement[] = [
    ...Object.entries(selector.matchLabels).map(
      ([key, v]): Requirement => ({ key, operator: 'In', values: [v] }),
    ),
    ...selector.matchExpressions,
  ];
  for (const r of all) {
    const k = parseCiliumKey(r.key);
    if (k.source === 'reserved') {
      if (r.operator === 'In' || r.operator === 'Exists') reserved.push(k.key);
      else if (r.operator !== 'NotIn' && r.operator !== 'DoesNotExist') impossible = true;
      continue;
    }
    if (!podSource(k.source)) {
      // a label of a source no pod has: requiring it matches nothing, excluding it excludes nothing
      if (r.operator === 'In' || r.operator === 'Exists') impossible = true;
      continue;
    }
    if (k.key === POD_NAMESPACE_LABEL) {
      namesNamespace = true;
      ns.push({ ...r, key: NAMESPACE_NAME_LABEL });
    } else if (k.key.startsWith(NAMESPACE_LABELS_PREFIX)) {
      namesNamespace = true;
      ns.push({ ...r, key: k.key.slice(NAMESPACE_LABELS_PREFIX.length) });
    } else pod.push({ ...r, key: k.key });
  }
  return {
    namespace: ns.length === 0 ? null : { matchLabels: {}, matchExpressions: ns },
    pod: pod.length === 0 ? null : { matchLabels: {}, matchExpressions: pod },
    reserved,
    impossible,
    namesNamespace,
  };
}

type Requirement = LabelRequirement;

/**
 * A CNP's endpointSelector after Cilium's rewrite (ParseToCiliumRule): the policy namespace is
 * set under `k8s:io.kubernetes.pod.namespace`, replacing the value written under that exact key
 * (`replaced`); any other namespace requirement stays, and must hold as well. The caller binds
 * the returned selector to the policy namespace.
 */
export function rewriteCnpSubject(selector: LabelSelector): {
  readonly selector: LabelSelector;
  readonly replaced: string | undefined;
} {
  const key = `k8s:${POD_NAMESPACE_LABEL}`;
  const replaced = selector.matchLabels[key];
  if (replaced === undefined) return { selector, replaced };
  const { [key]: _dropped, ...matchLabels } = selector.matchLabels;
  return { selector: { matchLabels, matchExpressions: selector.matchExpressions }, replaced };
}
