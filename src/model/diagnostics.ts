import type { SourcePosition } from './source.js';

/** How much a diagnostic matters: errors exclude an object, warnings and infos do not. */
export type Severity = 'error' | 'warning' | 'info';

/** Every problem kubereach reports while reading input has one of these codes. */
export type DiagnosticCode =
  // reading and parsing
  | 'READ_ERROR'
  | 'NEEDS_RENDERING'
  | 'BINARY_INPUT'
  | 'EMPTY_INPUT'
  | 'YAML_SYNTAX'
  | 'JSON_SYNTAX'
  | 'TOO_LARGE'
  | 'TOO_MANY_ALIASES'
  | 'TOO_DEEP'
  | 'NOT_AN_OBJECT'
  | 'MISSING_KIND'
  | 'UNSUPPORTED_KIND'
  | 'UNSUPPORTED_API_VERSION'
  | 'UNEVALUATED_POLICY'
  // object identity
  | 'MISSING_NAME'
  | 'INVALID_NAME'
  | 'DUPLICATE_OBJECT'
  | 'DEFAULT_NAMESPACE'
  | 'IMPLICIT_NAMESPACE'
  // field validation (the API server would reject these)
  | 'INVALID_TYPE'
  | 'INVALID_LABEL'
  | 'INVALID_SELECTOR'
  | 'INVALID_PEER'
  | 'INVALID_CIDR'
  | 'EXCEPT_OUTSIDE_CIDR'
  | 'INVALID_PORT'
  | 'INVALID_END_PORT'
  | 'INVALID_PROTOCOL'
  | 'INVALID_POLICY_TYPE'
  | 'INVALID_IP'
  | 'INVALID_OWNER_REFERENCE'
  | 'INVALID_ENTITY'
  | 'INVALID_CILIUM_RULE'
  | 'INVALID_PRIORITY'
  | 'INVALID_TIER'
  | 'INVALID_SUBJECT'
  | 'INVALID_ACTION'
  | 'INVALID_RULE_NAME'
  | 'INVALID_DOMAIN_NAME'
  | 'TOO_MANY_ITEMS'
  | 'DUPLICATE_ITEM'
  | 'NAMED_PORT_WITHOUT_PODS'
  // accepted but noteworthy
  | 'NON_CANONICAL_CIDR'
  | 'EXTERNAL_NAME_SERVICE'
  | 'HOST_NETWORK_POD'
  | 'POD_NOT_RUNNING'
  | 'WORKLOAD_PODS_DIFFER'
  | 'OWNER_NOT_FOUND'
  | 'UNKNOWN_FIELD'
  | 'OBSOLETE_ISOLATION_ANNOTATION'
  | 'UNKNOWN_PEER'
  | 'DOMAIN_NAMES_OUTSIDE_ALLOW'
  | 'POLICY_REJECTED'
  | 'NOT_MODELLED'
  | 'CILIUM_PROFILE'
  // reachability test specs (`kubereach test`)
  | 'MISSING_FIELD'
  | 'INVALID_VALUE'
  | 'UNKNOWN_ENDPOINT'
  | 'EMPTY_GROUP';

/** A reference to a Kubernetes object, as messages name it. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/**
 * A problem found in the input, as data. Messages name the object and field but never the file
 * position: renderers add `source` in one place.
 */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly object?: ObjectRef;
  /** Field path inside the object, e.g. `spec.ingress[0].ports[1].endPort`. */
  readonly path?: string;
  readonly source?: SourcePosition;
  readonly hint?: string;
  /**
   * The source line at `source` as written (without its line break), for syntax errors: the
   * renderer shows it with a caret under `source.column`.
   */
  readonly excerpt?: string;
}

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function formatObjectRef(ref: ObjectRef): string {
  return ref.namespace === undefined ? `${ref.kind} ${ref.name}` : `${ref.kind} ${ref.namespace}/${ref.name}`;
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
