import type { ConnectivityDiff, PolicyCause } from '../diff/types.js';
import { connsToJson } from '../engine/port-set.js';
import type { AnyPolicy } from '../engine/rules.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { countDiff } from './diff-common.js';
import { API_VERSION, diagnosticToJson, nodeToJson } from './json.js';

/** What each side of the diff was read from, for the report. */
export interface DiffSides {
  readonly before: string;
  readonly after: string;
}

/**
 * The `ConnectivityDiff` document: changes with `before`/`after` conns exactly as in the
 * matrix contract and the policies responsible, endpoints added and removed, policies added,
 * removed and modified, and the diagnostics of each side.
 */
export function diffToJson(
  diff: ConnectivityDiff,
  sides: DiffSides,
  diagnostics: { readonly before: readonly Diagnostic[]; readonly after: readonly Diagnostic[] },
): Record<string, unknown> {
  return {
    apiVersion: API_VERSION,
    kind: 'ConnectivityDiff',
    granularity: diff.granularity,
    before: { source: sides.before },
    after: { source: sides.after },
    summary: countDiff(diff),
    changes: diff.changes.map((c) => ({
      type: c.type,
      src: c.src,
      dst: c.dst,
      before: connsToJson(c.before),
      after: connsToJson(c.after),
      // namespaces: how many pod pairs the ports before and after stand for
      ...(diff.granularity !== 'namespace' || c.pairs === undefined ? {} : { pairs: c.pairs }),
      policies: c.causes.map(causeToJson),
    })),
    endpoints: {
      added: diff.endpoints.added.map(nodeToJson),
      removed: diff.endpoints.removed.map(nodeToJson),
    },
    policies: {
      added: diff.policies.added.map(policyRef),
      removed: diff.policies.removed.map(policyRef),
      modified: diff.policies.modified.map((m) => policyRef(m.after)),
    },
    diagnostics: {
      before: diagnostics.before.map(diagnosticToJson),
      after: diagnostics.after.map(diagnosticToJson),
    },
  };
}

function causeToJson(c: PolicyCause): Record<string, unknown> {
  return {
    policy: c.policy.id,
    direction: c.direction,
    effect: c.effect,
    status: c.status,
    version: c.version,
    rules: c.rulePaths,
    source: { file: c.source.file, line: c.source.line, column: c.source.column },
  };
}

function policyRef(p: AnyPolicy): Record<string, unknown> {
  if (p.kind === 'NetworkPolicy') return { namespace: p.namespace, name: p.name };
  if (p.kind === 'CiliumNetworkPolicy') return { kind: p.kind, namespace: p.namespace, name: p.name };
  return { kind: p.kind, name: p.name };
}

/**
 * The document as text: mappings indented by two spaces, every list item (a change, a node, a
 * diagnostic) compact on its own line, so the text diffs and greps well.
 */
export function renderDiffJson(...args: Parameters<typeof diffToJson>): string {
  return `${formatJson(diffToJson(...args), '')}\n`;
}

function formatJson(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = `${indent}  `;
    return `[\n${value.map((v) => `${inner}${JSON.stringify(v)}`).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
