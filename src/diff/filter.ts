import type { AnyPolicy } from '../engine/rules.js';
import type { ConnectivityDiff } from './types.js';

/**
 * Keeps what touches `namespace`: changes with an end in it, endpoints in it, policies in it.
 * Like `-n` everywhere, this filters what is shown, never what is evaluated.
 */
export function filterDiffNamespace(diff: ConnectivityDiff, namespace: string): ConnectivityDiff {
  const inNamespace = (id: string) => id === namespace || id.startsWith(`${namespace}/`);
  return {
    ...diff,
    changes: diff.changes.filter((c) => inNamespace(c.src) || inNamespace(c.dst)),
    endpoints: {
      added: diff.endpoints.added.filter((n) => inNamespace(n.id)),
      removed: diff.endpoints.removed.filter((n) => inNamespace(n.id)),
    },
    policies: {
      // cluster-scoped (admin) policies reach into every namespace: kept under any filter
      added: diff.policies.added.filter((p) => inPolicyNamespace(p, namespace)),
      removed: diff.policies.removed.filter((p) => inPolicyNamespace(p, namespace)),
      modified: diff.policies.modified.filter((m) => inPolicyNamespace(m.after, namespace)),
    },
  };
}

function inPolicyNamespace(p: AnyPolicy, namespace: string): boolean {
  return p.kind !== 'NetworkPolicy' || p.namespace === namespace;
}
