import { cidrSet, type IpSet, intersectIps, ipsContain, isEmptyIps, unionIps } from '../engine/ip-set.js';
import type { MatrixNode } from '../engine/matrix.js';
import { kindOfAlias } from '../engine/targets.js';
import { parseCidr, parseIp } from '../model/ip.js';
import type { Endpoint, Service, Workload } from '../model/types.js';

/**
 * A parsed endpoint pattern of `--from` / `--to`. Forms:
 * - `NS` or `NS/*`: every node of namespace NS (globs allowed: `team-*`);
 * - `NS/NAME`: a pod, workload or namespace node by name (globs: `shop/cart-*`, `* /redis`);
 * - `NS/KIND/NAME`: the same, restricted to a kind as kubectl spells it (`deploy`, `sts`, `pod`, …);
 *   `NS/svc/NAME` picks the nodes whose pods the Service selects;
 * - `external`: every node outside the cluster;
 * - an IP address or CIDR: the nodes holding such addresses (external nodes and pods by IP).
 */
export type EndpointPattern =
  | { readonly type: 'external'; readonly text: string }
  | { readonly type: 'ips'; readonly text: string; readonly ips: IpSet }
  | {
      readonly type: 'name';
      readonly text: string;
      readonly namespace: RegExp;
      readonly name: RegExp;
      /** The name part was `*` (or absent): the whole namespace. */
      readonly anyName: boolean;
      /** Kind as the API spells it (`Deployment`, `Service`, …); absent: any. */
      readonly kind?: string;
    };

export type PatternResult =
  | { readonly ok: true; readonly pattern: EndpointPattern }
  | { readonly ok: false; readonly message: string; readonly hint: string };

const PATTERN_HINT =
  'write NS, NS/NAME, NS/KIND/NAME (globs * and ? allowed), external, or an IP address or CIDR';

/** Parses one endpoint pattern. */
export function parseEndpointPattern(text: string): PatternResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'empty endpoint pattern', hint: PATTERN_HINT };
  if (trimmed === 'external') return { ok: true, pattern: { type: 'external', text: trimmed } };
  const ip = parseIp(trimmed);
  if (ip !== undefined) {
    const ips: IpSet =
      ip.family === 'v4' ? { v4: [ip.value, ip.value], v6: [] } : { v4: [], v6: [ip.value, ip.value] };
    return { ok: true, pattern: { type: 'ips', text: trimmed, ips } };
  }
  const cidr = parseCidr(trimmed);
  if (cidr !== undefined) return { ok: true, pattern: { type: 'ips', text: trimmed, ips: cidrSet(cidr) } };
  const parts = trimmed.split('/');
  if (parts.length > 3 || parts.some((p) => p === '')) {
    return {
      ok: false,
      message: `cannot read ${JSON.stringify(trimmed)} as an endpoint pattern`,
      hint: PATTERN_HINT,
    };
  }
  let kind: string | undefined;
  if (parts.length === 3) {
    kind = kindOfAlias(parts[1]!);
    if (kind === undefined) {
      return {
        ok: false,
        message: `unknown kind ${JSON.stringify(parts[1])} in ${JSON.stringify(trimmed)}`,
        hint: 'kinds: pod, deploy, sts, ds, rs, job, cronjob, rc, svc',
      };
    }
  }
  const namePart = parts.length === 1 ? '*' : parts[parts.length - 1]!;
  return {
    ok: true,
    pattern: {
      type: 'name',
      text: trimmed,
      namespace: globToRegExp(parts[0]!),
      name: globToRegExp(namePart),
      anyName: namePart === '*',
      ...(kind === undefined ? {} : { kind }),
    },
  };
}

/** A glob with `*` (any run of characters) and `?` (one character), anchored at both ends. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const c of glob) {
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** What a pattern is matched against besides the node itself. */
export interface PatternContext {
  readonly services: readonly Service[];
  /** Workloads by id, to match pods by the name and kind of their workload. */
  readonly workloads: ReadonlyMap<string, Workload>;
}

/** Whether a matrix node matches a pattern. */
export function nodeMatches(pattern: EndpointPattern, node: MatrixNode, context: PatternContext): boolean {
  switch (pattern.type) {
    case 'external':
      return node.kind === 'External';
    case 'ips':
      return node.kind === 'External' ? externalOverlaps(node, pattern.ips) : endpointsIn(node, pattern.ips);
    case 'name':
      return nameMatches(pattern, node, context);
  }
}

function nameMatches(
  pattern: Extract<EndpointPattern, { type: 'name' }>,
  node: MatrixNode,
  context: PatternContext,
): boolean {
  if (node.kind === 'External') return false;
  if (node.kind === 'Namespace') {
    return pattern.anyName && pattern.kind === undefined && pattern.namespace.test(node.name ?? node.id);
  }
  if (node.namespace === undefined || !pattern.namespace.test(node.namespace)) return false;
  if (pattern.kind === 'Service') {
    return context.services.some(
      (s) =>
        s.namespace === node.namespace &&
        pattern.name.test(s.name) &&
        s.selector !== null &&
        node.endpoints.some((e) => selects(s.selector!, e)),
    );
  }
  if (pattern.kind !== undefined && pattern.kind !== node.kind) {
    // A pod node also answers to its workload's kind (`shop/deploy/web` at pod granularity).
    if (!node.endpoints.some((e) => context.workloads.get(e.workload)?.kind === pattern.kind)) return false;
  }
  if (pattern.anyName) return true;
  if (node.name !== undefined && pattern.name.test(node.name)) return true;
  // At pod granularity, a pod also answers to the name of its workload.
  return node.endpoints.some((e) => {
    const w = context.workloads.get(e.workload);
    return w !== undefined && pattern.name.test(w.name);
  });
}

function selects(selector: Readonly<Record<string, string>>, e: Endpoint): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => e.labels[k] === selector[k]);
}

function externalOverlaps(node: MatrixNode, ips: IpSet): boolean {
  let set: IpSet = { v4: [], v6: [] };
  for (const text of node.cidrs ?? []) {
    const c = parseCidr(text);
    if (c !== undefined) set = unionIps(set, cidrSet(c));
  }
  return !isEmptyIps(intersectIps(set, ips));
}

function endpointsIn(node: MatrixNode, ips: IpSet): boolean {
  return node.endpoints.some((e) =>
    e.ips.some((text) => {
      const a = parseIp(text);
      return a !== undefined && ipsContain(ips, a);
    }),
  );
}
