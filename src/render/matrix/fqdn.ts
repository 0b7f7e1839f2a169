import type { MatrixFqdn } from '../../engine/matrix-cilium.js';
import { connsToJson, formatConns } from '../../engine/port-set.js';
import type { CompiledRule } from '../../engine/rules.js';
import { ruleItemPath } from '../../explain/refs.js';
import { formatPath } from '../../model/source.js';
import { type Style, sanitize } from '../style.js';

/**
 * The matrix's marks of pairs a rule with FQDN peers (Cilium `toFQDNs`, admin `domainNames`)
 * could change at run time, as data (`fqdn` in JSON and YAML) and as lines under the tables.
 */

/** The names a rule's FQDN peers match (`matchName` values and `matchPattern` patterns). */
function fqdnNames(rule: CompiledRule): string[] {
  return (rule.peers ?? []).flatMap((p) => (p.type === 'domains' ? p.names : []));
}

/** One mark in JSON: the pair, the ports, and each rule by policy, path and names. */
export function fqdnToJson(m: MatrixFqdn): Record<string, unknown> {
  return {
    src: m.src,
    dst: m.dst,
    conns: connsToJson(m.conns),
    rules: m.rules.map((r) => ({
      policy: r.policy.id,
      path: formatPath(ruleItemPath(r)),
      names: fqdnNames(r),
    })),
  };
}

/**
 * One line per mark, under a table: `run time: dev1/demo1 → 0.0.0.0/0 TCP 443, decided by DNS
 * (cnp/dev1/to-api spec.egress[0]: api.example.com)`: the matrix allows none of these ports
 * statically, nor can it deny them.
 */
export function fqdnLines(
  marks: readonly MatrixFqdn[] | undefined,
  label: (id: string) => string,
  style: Style,
): string {
  let out = '';
  for (const m of marks ?? []) {
    const rules = m.rules
      .map((r) => `${r.policy.id} ${formatPath(ruleItemPath(r))}: ${fqdnNames(r).join(', ')}`)
      .join('; ');
    out += `${style.warn('run time:')} ${label(m.src)} → ${label(m.dst)} ${formatConns(m.conns)}, decided by DNS (${sanitize(rules)})\n`;
  }
  return out;
}
