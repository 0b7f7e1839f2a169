import type { Diagnostic, ObjectRef } from './diagnostics.js';
import { describeValue, isRecord, ObjectContext, readLabels, readRecord, readString } from './fields.js';
import { normalizeAdminPolicy } from './normalize-admin.js';
import { readApiServerAddresses } from './normalize-apiserver.js';
import { normalizeCiliumPolicy } from './normalize-cilium.js';
import { normalizeNode } from './normalize-node.js';
import { normalizePolicySpec } from './normalize-policy.js';
import { normalizeServiceSpec } from './normalize-service.js';
import {
  type PodInfo,
  type PodSpecInfo,
  readControllerOwner,
  readPod,
  readTemplate,
} from './normalize-workload.js';
import type { SourceLocator, SourceRef } from './source.js';
import type {
  AdminPolicy,
  AdminPolicyKind,
  CiliumPolicy,
  CiliumPolicyKind,
  Cluster,
  ClusterNode,
  Endpoint,
  Namespace,
  NetworkPolicy,
  Service,
  Workload,
  WorkloadKind,
} from './types.js';
import { checkDns1035Label, checkDns1123Label, checkDns1123Subdomain } from './validation.js';

/** One object as read from a source, before normalization. */
export interface RawObjectInput {
  readonly value: Readonly<Record<string, unknown>>;
  readonly source: SourceRef;
}

export interface NormalizeOptions {
  /** Namespace for objects without `metadata.namespace` (kubectl's current namespace). */
  readonly defaultNamespace?: string;
}

/** The label the API server puts on every namespace (NamespaceDefaultLabelName, GA in 1.22). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Policy kinds of other network plugins that kubereach reads but cannot evaluate: each one may
 * change any verdict, so each is a warning (never a quiet note), and verdicts say they were
 * computed without them. Keyed by API group.
 */
const UNEVALUATED_POLICY_KINDS: Readonly<Record<string, readonly string[]>> = {
  'cilium.io': ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'],
  'projectcalico.org': [
    'NetworkPolicy',
    'GlobalNetworkPolicy',
    'StagedNetworkPolicy',
    'StagedGlobalNetworkPolicy',
    'StagedKubernetesNetworkPolicy',
  ],
  'crd.projectcalico.org': ['NetworkPolicy', 'GlobalNetworkPolicy'],
  'crd.antrea.io': ['ClusterNetworkPolicy', 'NetworkPolicy'],
  'networking.gke.io': ['FQDNNetworkPolicy'],
  'policy.networking.k8s.io': ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'],
};

/** Whether an object is a policy of a kind (or API version) kubereach cannot evaluate. */
function isUnevaluatedPolicy(apiVersion: string | undefined, kind: string): boolean {
  const group = apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kinds = Object.hasOwn(UNEVALUATED_POLICY_KINDS, group) ? UNEVALUATED_POLICY_KINDS[group] : undefined;
  return kinds?.includes(kind) ?? false;
}

/** apiVersions each kind is read from; other groups with the same kind name are different APIs. */
const API_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  Namespace: ['v1'],
  Pod: ['v1'],
  Service: ['v1'],
  ReplicationController: ['v1'],
  Deployment: ['apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'extensions/v1beta1'],
  ReplicaSet: ['apps/v1', 'apps/v1beta2', 'extensions/v1beta1'],
  StatefulSet: ['apps/v1', 'apps/v1beta1', 'apps/v1beta2'],
  DaemonSet: ['apps/v1', 'apps/v1beta2', 'extensions/v1beta1'],
  Job: ['batch/v1'],
  CronJob: ['batch/v1', 'batch/v1beta1'],
  NetworkPolicy: ['networking.k8s.io/v1', 'extensions/v1beta1'],
  CiliumNetworkPolicy: ['cilium.io/v2'],
  CiliumClusterwideNetworkPolicy: ['cilium.io/v2'],
  Endpoints: ['v1'],
  EndpointSlice: ['discovery.k8s.io/v1', 'discovery.k8s.io/v1beta1'],
  AdminNetworkPolicy: ['policy.networking.k8s.io/v1alpha1'],
  BaselineAdminNetworkPolicy: ['policy.networking.k8s.io/v1alpha1'],
  ClusterNetworkPolicy: ['policy.networking.k8s.io/v1alpha2'],
  Node: ['v1'],
};

/** Kinds without a namespace. */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'Namespace',
  'CiliumClusterwideNetworkPolicy',
  'Node',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
]);

interface Collected<T> {
  readonly key: string;
  readonly value: T;
  readonly source: SourceRef;
}

interface WorkloadObject {
  readonly kind: Exclude<WorkloadKind, 'Pod'>;
  readonly namespace: string;
  readonly name: string;
  readonly template: PodSpecInfo;
  readonly owner?: { kind: string; name: string };
  readonly source: SourceRef;
}

interface PodObject extends PodInfo {
  readonly namespace: string;
  readonly name: string;
  readonly source: SourceRef;
}

/** What one object contributes, computed once per raw object (see `normalizeObjects`). */
type Entry =
  | { readonly into: 'namespaces'; readonly value: Namespace }
  | { readonly into: 'pods'; readonly value: PodObject }
  | { readonly into: 'services'; readonly value: Service }
  | { readonly into: 'policies'; readonly value: NetworkPolicy }
  | { readonly into: 'ciliumPolicies'; readonly value: CiliumPolicy }
  | { readonly into: 'apiServer'; readonly value: readonly string[] }
  | { readonly into: 'workloads'; readonly value: WorkloadObject }
  | { readonly into: 'adminPolicies'; readonly value: AdminPolicy }
  | { readonly into: 'nodes'; readonly value: ClusterNode };

interface Outcome {
  readonly diagnostics: readonly Diagnostic[];
  /** The namespace the object lives in (namespaced kinds), which must then exist. */
  readonly namespace?: string;
  readonly entry?: Entry & { readonly key: string; readonly ref: ObjectRef };
}

/**
 * Outcomes per raw object and default namespace. An editor re-normalizes after every edit;
 * objects the edit did not touch (the same raw object) are not read again.
 */
const outcomes = new WeakMap<
  RawObjectInput,
  { readonly defaultNamespace: string; readonly outcome: Outcome }
>();

/**
 * Turns raw objects into the validated, defaulted cluster model. This is the one place where
 * Kubernetes API defaults are applied. Never throws: an object the API server would reject is
 * reported (severity error) and left out; everything else loads.
 */
export function normalizeObjects(
  objects: readonly RawObjectInput[],
  locator: SourceLocator,
  options: NormalizeOptions = {},
): Cluster {
  const diagnostics: Diagnostic[] = [];
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const maps = {
    namespaces: new Map<string, Collected<Namespace>>(),
    workloads: new Map<string, Collected<WorkloadObject>>(),
    pods: new Map<string, Collected<PodObject>>(),
    services: new Map<string, Collected<Service>>(),
    policies: new Map<string, Collected<NetworkPolicy>>(),
    ciliumPolicies: new Map<string, Collected<CiliumPolicy>>(),
    apiServer: new Map<string, Collected<readonly string[]>>(),
    adminPolicies: new Map<string, Collected<AdminPolicy>>(),
    nodes: new Map<string, Collected<ClusterNode>>(),
  };
  const referenced = new Map<string, SourceRef>();

  for (const object of objects) {
    const cached = outcomes.get(object);
    let outcome: Outcome;
    if (cached !== undefined && cached.defaultNamespace === defaultNamespace) outcome = cached.outcome;
    else {
      outcome = normalizeObject(object, locator, defaultNamespace);
      outcomes.set(object, { defaultNamespace, outcome });
    }
    for (const d of outcome.diagnostics) diagnostics.push(d);
    if (outcome.namespace !== undefined && !referenced.has(outcome.namespace))
      referenced.set(outcome.namespace, object.source);
    const entry = outcome.entry;
    if (entry !== undefined)
      put(
        maps[entry.into] as Map<string, Collected<Entry['value']>>,
        entry.ref,
        object.source,
        entry.key,
        entry.value,
        diagnostics,
      );
  }

  const namespaceMap = new Map<string, Namespace>([...maps.namespaces].map(([k, c]) => [k, c.value]));
  for (const [name, source] of referenced) {
    if (namespaceMap.has(name)) continue;
    namespaceMap.set(name, {
      kind: 'Namespace',
      name,
      labels: { [NAMESPACE_NAME_LABEL]: name },
      implicit: true,
      source,
    });
    diagnostics.push({
      code: 'IMPLICIT_NAMESPACE',
      severity: 'info',
      message: `Namespace ${name} is used but not declared; assuming it exists with only the label ${NAMESPACE_NAME_LABEL}=${name}`,
      object: { kind: 'Namespace', name },
      source: locator.locate(source),
      hint: 'add the Namespace object to give it the labels your namespaceSelectors use',
    });
  }

  if (maps.ciliumPolicies.size > 0)
    diagnostics.push({
      code: 'CILIUM_PROFILE',
      severity: 'info',
      message:
        'the input holds Cilium policies: every policy is evaluated as Cilium enforces it (as with --cni cilium; --cni upstream overrides)',
    });
  const grouped = groupEndpointsOnce(
    [...maps.workloads.values()].map((c) => c.value),
    [...maps.pods.values()].map((c) => c.value),
  );
  return {
    namespaces: namespaceMap,
    endpoints: grouped.endpoints,
    workloads: grouped.workloads,
    services: [...maps.services.values()].map((c) => c.value),
    policies: [...maps.policies.values()].map((c) => c.value),
    adminPolicies: [...maps.adminPolicies.values()].map((c) => c.value),
    nodes: [...maps.nodes.values()].map((c) => c.value),
    ciliumPolicies: [...maps.ciliumPolicies.values()].map((c) => c.value),
    apiServerAddresses: [...new Set([...maps.apiServer.values()].flatMap((c) => c.value))],
    diagnostics,
    locator,
  };
}

/** Validates and defaults one object; its diagnostics are collected, not shared. */
function normalizeObject(object: RawObjectInput, locator: SourceLocator, defaultNamespace: string): Outcome {
  const diagnostics: Diagnostic[] = [];
  const header = readHeader(object, locator, diagnostics, defaultNamespace);
  if (header === undefined) return { diagnostics };
  const { kind, apiVersion, name, namespace, ctx, metadata } = header;
  const v = object.value;
  // Literals without spreads: one outcome per object, tens of thousands of them.
  const scoped = !CLUSTER_SCOPED.has(kind);
  const done = (entry?: Entry & { key: string }): Outcome => {
    if (entry === undefined) return scoped ? { diagnostics, namespace } : { diagnostics };
    const full = {
      into: entry.into,
      value: entry.value,
      key: entry.key,
      ref: ctx.ref,
    } as Outcome['entry'] & {};
    return scoped ? { diagnostics, namespace, entry: full } : { diagnostics, entry: full };
  };
  switch (kind) {
    case 'Namespace': {
      const labels = {
        ...readLabels(ctx, metadata.labels, ['metadata', 'labels']),
        [NAMESPACE_NAME_LABEL]: name,
      };
      reportObsoleteIsolation(ctx, metadata.annotations);
      if (ctx.errors > 0) return done();
      return done({
        into: 'namespaces',
        key: name,
        value: { kind: 'Namespace', name, labels, implicit: false, source: object.source },
      });
    }
    case 'Pod': {
      const pod = readPod(ctx, v);
      if (ctx.errors > 0) return done();
      if (pod.phase === 'Succeeded' || pod.phase === 'Failed') {
        ctx.report(
          'POD_NOT_RUNNING',
          'info',
          ['status', 'phase'],
          `pod has finished (${pod.phase}) and takes no traffic; left out`,
        );
        return done();
      }
      return done({
        into: 'pods',
        key: `${namespace}/${name}`,
        value: { ...pod, namespace, name, source: object.source },
      });
    }
    case 'Service': {
      readLabels(ctx, metadata.labels, ['metadata', 'labels']);
      const spec = normalizeServiceSpec(ctx, v.spec);
      if (ctx.errors > 0) return done();
      if (spec.type === 'ExternalName') {
        ctx.report(
          'EXTERNAL_NAME_SERVICE',
          'info',
          ['spec', 'type'],
          `ExternalName service (${spec.externalName ?? 'no name'}) is a DNS alias with no endpoints; NetworkPolicies see the resolved address`,
        );
      }
      return done({
        into: 'services',
        key: `${namespace}/${name}`,
        value: {
          kind: 'Service',
          id: `${namespace}/${name}`,
          namespace,
          name,
          ...spec,
          source: object.source,
        },
      });
    }
    case 'NetworkPolicy': {
      readLabels(ctx, metadata.labels, ['metadata', 'labels']);
      const spec = normalizePolicySpec(ctx, v.spec);
      if (ctx.errors > 0) {
        diagnostics.push(rejection(ctx, `${namespace}/${name}`, locator, object.source));
        return done();
      }
      return done({
        into: 'policies',
        key: `${namespace}/${name}`,
        value: {
          kind: 'NetworkPolicy',
          id: `${namespace}/${name}`,
          namespace,
          name,
          ...spec,
          source: object.source,
        },
      });
    }
    case 'CiliumNetworkPolicy':
    case 'CiliumClusterwideNetworkPolicy': {
      const policy = normalizeCilium(ctx, object, kind, name, namespace);
      if (policy === undefined) {
        diagnostics.push({
          code: 'POLICY_REJECTED',
          severity: 'error',
          message: `${kind} ${kind === 'CiliumNetworkPolicy' ? `${namespace}/` : ''}${name} is not enforced: Cilium rejects it (${ctx.errors} error${ctx.errors === 1 ? '' : 's'})`,
          object: ctx.ref,
          source: locator.locate(object.source),
          hint: 'fix the errors; verdicts are computed without this policy',
        });
        return done();
      }
      return done({ into: 'ciliumPolicies', key: policy.id, value: policy });
    }
    case 'Endpoints':
    case 'EndpointSlice': {
      const addresses = readApiServerAddresses(ctx, kind, v, namespace, name);
      if (addresses === undefined) {
        ctx.report(
          'UNSUPPORTED_KIND',
          'info',
          [],
          'only the endpoints of the Service default/kubernetes are used; skipped',
        );
        return done();
      }
      if (ctx.errors > 0) return done();
      return done({ into: 'apiServer', key: `${kind}/${name}`, value: addresses });
    }
    case 'AdminNetworkPolicy':
    case 'BaselineAdminNetworkPolicy':
    case 'ClusterNetworkPolicy': {
      readLabels(ctx, metadata.labels, ['metadata', 'labels']);
      const policy = normalizeAdminPolicy(ctx, { kind, apiVersion, name, source: object.source }, v.spec);
      if (policy === undefined || ctx.errors > 0) {
        diagnostics.push(rejection(ctx, name, locator, object.source));
        return done();
      }
      return done({ into: 'adminPolicies', key: policy.id, value: policy });
    }
    case 'Node': {
      const node = normalizeNode(ctx, name, metadata, v, object.source);
      if (ctx.errors > 0) return done();
      return done({ into: 'nodes', key: name, value: node });
    }
    default: {
      readLabels(ctx, metadata.labels, ['metadata', 'labels']);
      const template = readTemplate(ctx, v, kind);
      const owner = readControllerOwner(ctx, metadata);
      if (ctx.errors > 0) return done();
      return done({
        into: 'workloads',
        key: `${kind}/${namespace}/${name}`,
        value: {
          kind,
          namespace,
          name,
          template,
          ...(owner === undefined ? {} : { owner }),
          source: object.source,
        },
      });
    }
  }
}

type SupportedKind =
  | WorkloadKind
  | 'Namespace'
  | 'Service'
  | 'NetworkPolicy'
  | CiliumPolicyKind
  | 'Endpoints'
  | 'EndpointSlice'
  | AdminPolicyKind
  | 'Node';

/** The error that says a policy is left out whole, after the errors that reject it. */
function rejection(ctx: ObjectContext, name: string, locator: SourceLocator, source: SourceRef): Diagnostic {
  const errors = Math.max(ctx.errors, 1);
  return {
    code: 'POLICY_REJECTED',
    severity: 'error',
    message: `${ctx.ref.kind} ${name} is not applied: the API server rejects it (${errors} error${errors === 1 ? '' : 's'})`,
    object: ctx.ref,
    source: locator.locate(source),
    hint: 'fix the errors; verdicts are computed without this policy',
  };
}

function readHeader(
  object: RawObjectInput,
  locator: SourceLocator,
  diagnostics: Diagnostic[],
  defaultNamespace: string,
) {
  const v = object.value;
  const kind = v.kind;
  const at = { file: object.source.file, line: object.source.line, column: object.source.column };
  if (typeof kind !== 'string' || kind === '') {
    diagnostics.push({
      code: 'MISSING_KIND',
      severity: 'error',
      message:
        kind === undefined ? 'object has no kind' : `kind must be a string, not ${describeValue(kind)}`,
      source: at,
      hint: 'every manifest needs apiVersion and kind',
    });
    return undefined;
  }
  const metadata = isRecord(v.metadata) ? v.metadata : {};
  const rawName = typeof metadata.name === 'string' ? metadata.name : undefined;
  const rawNamespace =
    typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  const apiVersion = typeof v.apiVersion === 'string' ? v.apiVersion : undefined;
  // kubereach's own documents (test specs) live next to manifests; they are no cluster state.
  if (apiVersion === 'kubereach/v1') return undefined;
  // own keys only: a kind called `toString` is not a kind kubereach reads
  const versions = Object.hasOwn(API_VERSIONS, kind) ? API_VERSIONS[kind] : undefined;
  if (versions === undefined || (apiVersion !== undefined && !versions.includes(apiVersion))) {
    if (isUnevaluatedPolicy(apiVersion, kind)) {
      diagnostics.push({
        code: 'UNEVALUATED_POLICY',
        severity: 'warning',
        message: `${apiVersion} ${kind}${rawName === undefined ? '' : ` ${rawNamespace === undefined ? '' : `${rawNamespace}/`}${rawName}`} is a policy kubereach cannot evaluate yet; verdicts are computed without it and may be wrong where it applies`,
        object: {
          kind,
          name: rawName ?? '',
          ...(rawNamespace === undefined ? {} : { namespace: rawNamespace }),
        },
        source: at,
        hint: 'check its effect on the cluster itself; kubereach names it on every verdict',
      });
      return undefined;
    }
    diagnostics.push({
      code: 'UNSUPPORTED_KIND',
      severity: 'info',
      message: `${apiVersion ?? ''}${apiVersion === undefined ? '' : ' '}${kind}${rawName === undefined ? '' : ` ${rawNamespace === undefined ? '' : `${rawNamespace}/`}${rawName}`} is not used for reachability; skipped`,
      object: {
        kind,
        name: rawName ?? '',
        ...(rawNamespace === undefined ? {} : { namespace: rawNamespace }),
      },
      source: at,
    });
    return undefined;
  }
  const supported = kind as SupportedKind;
  const clusterScoped = CLUSTER_SCOPED.has(supported);
  const namespace = clusterScoped ? undefined : (rawNamespace ?? defaultNamespace);
  // `namespace: y` or `namespace: on` is a YAML 1.1 boolean, not a string: the API server rejects
  // the object; falling back to the default namespace would apply it in the wrong place.
  const badNamespace =
    metadata.namespace !== undefined && metadata.namespace !== null && typeof metadata.namespace !== 'string';
  const ref: ObjectRef = {
    kind,
    name: rawName ?? '<unnamed>',
    ...(namespace === undefined || badNamespace ? {} : { namespace }),
  };
  const ctx = new ObjectContext(ref, object.source, locator, diagnostics);
  if (apiVersion === undefined) {
    ctx.invalid('INVALID_TYPE', ['apiVersion'], 'apiVersion is not set', `write apiVersion: ${versions[0]}`);
    return undefined;
  }
  if (!isRecord(v.metadata)) {
    ctx.invalid('MISSING_NAME', ['metadata'], 'metadata is missing');
    return undefined;
  }
  if (badNamespace) {
    ctx.invalid(
      'INVALID_TYPE',
      ['metadata', 'namespace'],
      `must be a string, not ${describeValue(metadata.namespace)}`,
      'YAML reads y, n, yes, no, on and off as booleans: quote the namespace name',
    );
    return undefined;
  }
  const name = readString(ctx, metadata.name, ['metadata', 'name']);
  if (name === undefined || name === '') {
    const generate = typeof metadata.generateName === 'string';
    ctx.invalid(
      'MISSING_NAME',
      ['metadata', 'name'],
      generate
        ? 'generateName is set but name is not; a name is needed to refer to the object'
        : 'name is required',
    );
    return undefined;
  }
  const nameErr = checkObjectName(supported, name);
  if (nameErr !== undefined) {
    ctx.invalid('INVALID_NAME', ['metadata', 'name'], `name ${JSON.stringify(name)} ${nameErr}`);
    return undefined;
  }
  if (namespace !== undefined) {
    const nsErr = checkDns1123Label(namespace);
    if (nsErr !== undefined) {
      ctx.invalid(
        'INVALID_NAME',
        ['metadata', 'namespace'],
        `namespace ${JSON.stringify(namespace)} ${nsErr}`,
      );
      return undefined;
    }
    if (rawNamespace === undefined) {
      ctx.report(
        'DEFAULT_NAMESPACE',
        'warning',
        ['metadata'],
        `metadata.namespace is not set; assuming ${defaultNamespace}`,
        'kubectl applies it to the current namespace of your context; set metadata.namespace to be sure',
      );
    }
  }
  readRecord(ctx, v.metadata, ['metadata']);
  return { kind: supported, apiVersion, name, namespace: namespace ?? '', ctx, metadata };
}

/**
 * The name rule of each kind: the name function its ValidateObjectMeta call uses
 * (ValidateNamespaceName, ValidateServiceName, ValidateStatefulSetName, …), plus the CronJob
 * length limit of ValidateCronJobCreate.
 */
function checkObjectName(kind: SupportedKind, name: string): string | undefined {
  switch (kind) {
    case 'Namespace':
    case 'StatefulSet': // its pods are named <name>-<ordinal> and take that as their hostname
      return checkDns1123Label(name);
    case 'Service':
      return checkDns1035Label(name);
    case 'CronJob':
      return (
        checkDns1123Subdomain(name) ??
        (name.length > 52
          ? 'must be no more than 52 characters (the controller appends 11 to name its Jobs)'
          : undefined)
      );
    default:
      return checkDns1123Subdomain(name);
  }
}

/** A Cilium policy, or undefined when Cilium refuses it (its errors are on `ctx`). */
function normalizeCilium(
  ctx: ObjectContext,
  object: RawObjectInput,
  kind: CiliumPolicyKind,
  name: string,
  namespace: string,
): CiliumPolicy | undefined {
  readLabels(ctx, isRecord(object.value.metadata) ? object.value.metadata.labels : undefined, [
    'metadata',
    'labels',
  ]);
  const specs = normalizeCiliumPolicy(ctx, object.value, kind);
  const clusterwide = kind === 'CiliumClusterwideNetworkPolicy';
  if (ctx.errors > 0) return undefined;
  return {
    kind,
    id: clusterwide ? `ccnp/${name}` : `cnp/${namespace}/${name}`,
    namespace: clusterwide ? null : namespace,
    name,
    specs,
    source: object.source,
  };
}

function put<T>(
  into: Map<string, Collected<T>>,
  ref: ObjectRef,
  source: SourceRef,
  key: string,
  value: T,
  diagnostics: Diagnostic[],
): void {
  const previous = into.get(key);
  if (previous !== undefined) {
    const at = previous.source;
    diagnostics.push({
      code: 'DUPLICATE_OBJECT',
      severity: 'warning',
      message: `${ref.kind} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name} is defined twice (first at ${at.file}:${at.line}); the later one is used`,
      object: ref,
      source: { file: source.file, line: source.line, column: source.column },
      hint: 'applying both, the later one replaces the earlier',
    });
  }
  into.set(key, { key, value, source });
}

const WORKLOAD_OWNER_KINDS = new Set<string>([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
]);

let lastGrouping:
  | {
      readonly workloads: readonly WorkloadObject[];
      readonly pods: readonly PodObject[];
      readonly result: { endpoints: Endpoint[]; workloads: Workload[] };
    }
  | undefined;

/**
 * `groupEndpoints`, reusing the last result when the same workload and pod objects come again
 * (a policy edit): endpoint identities then stay the same, and the engine's caches keyed on
 * them stay warm.
 */
function groupEndpointsOnce(
  workloadObjects: readonly WorkloadObject[],
  podObjects: readonly PodObject[],
): { endpoints: Endpoint[]; workloads: Workload[] } {
  const last = lastGrouping;
  if (last !== undefined && sameItems(last.workloads, workloadObjects) && sameItems(last.pods, podObjects))
    return last.result;
  const result = groupEndpoints(workloadObjects, podObjects);
  lastGrouping = { workloads: workloadObjects, pods: podObjects, result };
  return result;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Builds endpoints and workloads. Pods with a controller owner join the owner's workload,
 * climbing to the top owner found in the input (ReplicaSet → Deployment, Job → CronJob); a
 * workload with no pods in the input stands in with its pod template.
 */
function groupEndpoints(
  workloadObjects: readonly WorkloadObject[],
  podObjects: readonly PodObject[],
): { endpoints: Endpoint[]; workloads: Workload[] } {
  const byKey = new Map(workloadObjects.map((w) => [`${w.kind}/${w.namespace}/${w.name}`, w]));
  const topOwner = (namespace: string, owner: { kind: string; name: string }, pod?: PodObject) => {
    let current = owner;
    for (let depth = 0; depth < 8; depth++) {
      const found = byKey.get(`${current.kind}/${namespace}/${current.name}`);
      if (found === undefined) {
        const inferred = inferOwner(byKey, namespace, current, pod);
        if (inferred === undefined) return current;
        current = inferred;
        continue;
      }
      if (found.owner === undefined || !WORKLOAD_OWNER_KINDS.has(found.owner.kind)) return current;
      current = found.owner;
    }
    return current;
  };

  interface Group {
    kind: string;
    namespace: string;
    name: string;
    labels: Readonly<Record<string, string>>;
    source: SourceRef;
    pods: PodObject[];
    template?: WorkloadObject;
  }
  const groups = new Map<string, Group>();
  // Workloads owned by another workload in the input (a Deployment's ReplicaSet) are not groups.
  for (const w of workloadObjects) {
    if (w.owner !== undefined && WORKLOAD_OWNER_KINDS.has(w.owner.kind)) {
      const top = topOwner(w.namespace, w.owner);
      if (byKey.has(`${top.kind}/${w.namespace}/${top.name}`)) continue;
    }
    groups.set(`${w.kind}/${w.namespace}/${w.name}`, {
      kind: w.kind,
      namespace: w.namespace,
      name: w.name,
      labels: w.template.labels,
      source: w.source,
      pods: [],
      template: w,
    });
  }
  for (const pod of podObjects) {
    const owner =
      pod.owner !== undefined && WORKLOAD_OWNER_KINDS.has(pod.owner.kind)
        ? topOwner(pod.namespace, pod.owner, pod)
        : undefined;
    const key =
      owner === undefined
        ? `Pod/${pod.namespace}/${pod.name}`
        : `${owner.kind}/${pod.namespace}/${owner.name}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = {
        kind: owner?.kind ?? 'Pod',
        namespace: pod.namespace,
        name: owner?.name ?? pod.name,
        labels: pod.labels,
        source: pod.source,
        pods: [],
      };
      groups.set(key, group);
    }
    group.pods.push(pod);
  }

  const groupList = [...groups.values()];
  const workloadIds = uniqueIds(groupList);
  const groupIndex = new Map(groupList.map((g, i) => [g, i]));
  const endpointSeeds: { group: Group; pod?: PodObject }[] = [];
  for (const group of groups.values()) {
    if (group.pods.length === 0) endpointSeeds.push({ group });
    else for (const pod of group.pods) endpointSeeds.push({ group, pod });
  }
  const endpointIds = uniqueIds(
    endpointSeeds.map((s) => ({
      kind: s.pod === undefined ? s.group.kind : 'Pod',
      namespace: s.group.namespace,
      name: s.pod?.name ?? s.group.name,
    })),
  );
  const workloads: Workload[] = [];
  const endpoints: Endpoint[] = [];
  const members = new Map<Group, string[]>();
  endpointSeeds.forEach((seed, i) => {
    const { group, pod } = seed;
    const id = endpointIds[i]!;
    endpoints.push(
      pod === undefined
        ? templateEndpoint(id, group.template!, workloadIds[groupIndex.get(group)!]!)
        : podEndpoint(id, pod, workloadIds[groupIndex.get(group)!]!),
    );
    const list = members.get(group) ?? [];
    list.push(id);
    members.set(group, list);
  });
  groupList.forEach((group, i) => {
    workloads.push({
      id: workloadIds[i]!,
      kind: group.kind as WorkloadKind,
      namespace: group.namespace,
      name: group.name,
      labels: group.template?.template.labels ?? group.pods[0]?.labels ?? group.labels,
      endpoints: members.get(group) ?? [],
      source: group.template?.source ?? group.source,
    });
  });
  return { endpoints, workloads };
}

/**
 * A running pod's endpoint. Built as one of two object literals (with and without `node`), never
 * with a spread: a spread in a literal builds each of tens of thousands of endpoints slowly, and
 * leaves them in a shape every later property read pays for.
 */
function podEndpoint(id: string, pod: PodObject, workload: string): Endpoint {
  const { namespace, name, labels, ports, hostNetwork, ips, node, source } = pod;
  return node === undefined
    ? { id, kind: 'Pod', namespace, name, labels, ports, hostNetwork, ips, workload, template: false, source }
    : {
        id,
        kind: 'Pod',
        namespace,
        name,
        labels,
        ports,
        hostNetwork,
        ips,
        node,
        workload,
        template: false,
        source,
      };
}

/** The endpoint standing in for a workload with no pods in the input: its pod template. */
function templateEndpoint(id: string, w: WorkloadObject, workload: string): Endpoint {
  const { labels, ports, hostNetwork } = w.template;
  return {
    id,
    kind: w.kind,
    namespace: w.namespace,
    name: w.name,
    labels,
    ports,
    hostNetwork,
    ips: [],
    workload,
    template: true,
    source: w.source,
  };
}

/**
 * Recovers an owner that is not in the input from naming conventions the controllers follow:
 * a Deployment's ReplicaSet is `<deployment>-<pod-template-hash>`, a CronJob's Job is
 * `<cronjob>-<scheduled time>`.
 */
function inferOwner(
  byKey: ReadonlyMap<string, WorkloadObject>,
  namespace: string,
  owner: { kind: string; name: string },
  pod: PodObject | undefined,
): { kind: string; name: string } | undefined {
  if (owner.kind === 'ReplicaSet') {
    const hash = pod?.labels['pod-template-hash'];
    if (hash !== undefined && owner.name.endsWith(`-${hash}`)) {
      const name = owner.name.slice(0, -hash.length - 1);
      if (byKey.has(`Deployment/${namespace}/${name}`)) return { kind: 'Deployment', name };
    }
  }
  if (owner.kind === 'Job') {
    const m = /^(.*)-\d+$/.exec(owner.name);
    if (m !== null && byKey.has(`CronJob/${namespace}/${m[1]}`)) return { kind: 'CronJob', name: m[1]! };
  }
  return undefined;
}

/** `namespace/name`, or `namespace/name[Kind]` for names two objects share. */
function uniqueIds(items: readonly { kind: string; namespace: string; name: string }[]): string[] {
  const keys = items.map((it) => `${it.namespace}/${it.name}`);
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return keys.map((k, i) => (counts.get(k)! > 1 ? `${k}[${items[i]!.kind}]` : k));
}

/** The namespace annotation of the beta NetworkPolicy API (Kubernetes 1.3–1.6). */
const OBSOLETE_ISOLATION = 'net.beta.kubernetes.io/network-policy';

/**
 * `net.beta.kubernetes.io/network-policy: {"ingress": {"isolation": "DefaultDeny"}}` isolated a
 * namespace under extensions/v1beta1; networking.k8s.io/v1 (Kubernetes 1.7) dropped it and every
 * implementation ignores it since. It is read, so it is said to isolate nothing.
 */
function reportObsoleteIsolation(ctx: ObjectContext, annotations: unknown): void {
  if (!isRecord(annotations) || !Object.hasOwn(annotations, OBSOLETE_ISOLATION)) return;
  ctx.report(
    'OBSOLETE_ISOLATION_ANNOTATION',
    'warning',
    ['metadata', 'annotations', OBSOLETE_ISOLATION],
    `the ${OBSOLETE_ISOLATION} annotation isolates nothing: Kubernetes ignores it since NetworkPolicy v1 (1.7)`,
    'to deny ingress by default, add a NetworkPolicy in the namespace with podSelector: {} and policyTypes: [Ingress]',
  );
}
