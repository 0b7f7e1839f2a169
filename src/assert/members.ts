import { matchesSelector } from '../engine/label-selector.js';
import { resolveTarget, type Target } from '../engine/targets.js';
import type { Cluster, Endpoint, Workload } from '../model/types.js';
import type { EndpointSpec } from './types.js';

export type MemberResolution =
  | {
      readonly ok: true;
      /** True for `NAMESPACE/*` and selector groups: every member must meet the expectation. */
      readonly group: boolean;
      readonly members: readonly Target[];
      /** A note about how a name was read (e.g. a workload that is also a Service). */
      readonly note?: string;
    }
  | {
      readonly ok: false;
      readonly code: 'UNKNOWN_ENDPOINT' | 'EMPTY_GROUP';
      readonly message: string;
      readonly hint?: string;
    };

/**
 * The targets an endpoint of a test stands for: the one target a name resolves to (as in
 * `check`), or every workload of a group (a bare pod is its own workload). A group that selects
 * nothing is an error, never a test that passes vacuously.
 */
export function resolveEndpointSpec(
  cluster: Cluster,
  spec: EndpointSpec,
  defaultNamespace = 'default',
): MemberResolution {
  switch (spec.type) {
    case 'name': {
      const r = resolveTarget(cluster, spec.text, defaultNamespace);
      if (!r.ok)
        return {
          ok: false,
          code: 'UNKNOWN_ENDPOINT',
          message: r.message,
          ...(r.hint === undefined ? {} : { hint: r.hint }),
        };
      return {
        ok: true,
        group: false,
        members: [r.target],
        ...(r.note === undefined ? {} : { note: r.note }),
      };
    }
    case 'namespace': {
      if (!cluster.namespaces.has(spec.namespace))
        return {
          ok: false,
          code: 'UNKNOWN_ENDPOINT',
          message: `namespace ${spec.namespace} is not in the input`,
        };
      const members = workloadTargets(cluster, (w) => w.namespace === spec.namespace);
      if (members.length === 0)
        return {
          ok: false,
          code: 'EMPTY_GROUP',
          message: `namespace ${spec.namespace} has no pods or workloads`,
        };
      return { ok: true, group: true, members };
    }
    case 'selector': {
      let namespaces: string[];
      if (spec.namespace !== undefined) {
        if (!cluster.namespaces.has(spec.namespace))
          return {
            ok: false,
            code: 'UNKNOWN_ENDPOINT',
            message: `namespace ${spec.namespace} is not in the input`,
          };
        namespaces = [spec.namespace];
      } else {
        const selector = spec.namespaceSelector ?? { matchLabels: {}, matchExpressions: [] };
        namespaces = [...cluster.namespaces.values()]
          .filter((ns) => matchesSelector(selector, ns.labels))
          .map((ns) => ns.name);
        if (namespaces.length === 0)
          return { ok: false, code: 'EMPTY_GROUP', message: `no namespace matches ${spec.text}` };
      }
      const inScope = new Set(namespaces);
      const members = workloadTargets(
        cluster,
        (w) => inScope.has(w.namespace) && matchesSelector(spec.selector, w.labels),
      );
      if (members.length === 0) {
        const labels = [
          ...new Set(
            cluster.workloads
              .filter((w) => inScope.has(w.namespace))
              .flatMap((w) => Object.entries(w.labels).map(([k, v]) => `${k}=${v}`)),
          ),
        ].sort();
        return {
          ok: false,
          code: 'EMPTY_GROUP',
          message: `no workload matches ${spec.text}`,
          ...(labels.length === 0
            ? {}
            : { hint: `labels there: ${labels.slice(0, 8).join(', ')}${labels.length > 8 ? ', …' : ''}` }),
        };
      }
      return { ok: true, group: true, members };
    }
  }
}

function workloadTargets(cluster: Cluster, keep: (w: Workload) => boolean): Target[] {
  const byId = new Map(cluster.endpoints.map((e) => [e.id, e]));
  const out: Target[] = [];
  const sorted = cluster.workloads
    .filter(keep)
    .sort((a, b) =>
      a.namespace < b.namespace
        ? -1
        : a.namespace > b.namespace
          ? 1
          : a.name < b.name
            ? -1
            : a.name > b.name
              ? 1
              : 0,
    );
  for (const w of sorted) {
    const endpoints = w.endpoints.map((id) => byId.get(id)).filter((e): e is Endpoint => e !== undefined);
    if (endpoints.length === 0) continue;
    out.push(
      endpoints.length === 1
        ? { type: 'endpoint', endpoint: endpoints[0]! }
        : { type: 'workload', workload: w, endpoints },
    );
  }
  return out;
}

/** The workload a target belongs to, to leave a group's members out of pairs with themselves. */
export function targetWorkload(t: Target): string | undefined {
  switch (t.type) {
    case 'endpoint':
      return t.endpoint.workload;
    case 'workload':
      return t.workload.id;
    default:
      return undefined;
  }
}
