import { checkConnection } from '../engine/check.js';
import type { CompiledCluster } from '../engine/compile.js';
import type { Party } from '../engine/evaluate.js';
import { connsOf, rangeIntervals } from '../engine/port-set.js';
import { resolveTarget, type Target } from '../engine/targets.js';
import { explainCheck } from '../explain/index.js';
import { formatIp } from '../model/ip.js';
import { PROTOCOLS, type Protocol } from '../model/types.js';
import { reasonText } from '../render/explain-words.js';
import type { InputFile } from '../sources/parse.js';
import { externalNode, workloadNode } from './intent.js';
import type { IntentFlow, IntentNode } from './types.js';

/** One observed connection as read from a flow log, endpoints as `check` takes them. */
export interface ObservedFlow {
  /** Candidate spellings of each end, tried in order (workload, pod, address). */
  readonly src: readonly string[];
  readonly dst: readonly string[];
  readonly port: number | string;
  readonly protocol: Protocol;
  /** `file:line`. */
  readonly where: string;
}

/** A line of a flow log that could not be used, with why. */
export interface FlowProblem {
  readonly where: string;
  readonly message: string;
}

export interface FlowRead {
  readonly flows: readonly ObservedFlow[];
  readonly problems: readonly FlowProblem[];
}

/**
 * Reads a flow log: Hubble's export (`hubble observe -o json`, one JSON object a line, `flow`
 * inside or at the top) or a CSV of `src,dst,port,protocol` (a header line is allowed, protocol
 * defaults to TCP). Replies (`is_reply`) are left out: they are allowed implicitly.
 */
export function readFlows(file: InputFile): FlowRead {
  const flows: ObservedFlow[] = [];
  const problems: FlowProblem[] = [];
  file.text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    const where = `${file.name}:${i + 1}`;
    if (line === '' || line.startsWith('#')) return;
    const r = line.startsWith('{') ? hubbleLine(line, where) : csvLine(line, where, i === 0);
    if (r === null) return;
    if ('message' in r) problems.push(r);
    else flows.push(r);
  });
  return { flows, problems };
}

function csvLine(line: string, where: string, first: boolean): ObservedFlow | FlowProblem | null {
  const cells = line.split(',').map((c) => c.trim());
  if (first && /^(src|source)$/i.test(cells[0] ?? '')) return null;
  const [src, dst, port, protocol = 'TCP'] = cells;
  if (src === undefined || dst === undefined || port === undefined || src === '' || dst === '')
    return { where, message: `expected src,dst,port[,protocol], got ${JSON.stringify(line)}` };
  const proto = protocol.toUpperCase() as Protocol;
  if (!PROTOCOLS.includes(proto))
    return { where, message: `unknown protocol ${JSON.stringify(protocol)} (TCP, UDP or SCTP)` };
  const n = Number(port);
  const p = /^\d+$/.test(port) ? n : port;
  if (typeof p === 'number' && (n < 1 || n > 65535))
    return { where, message: `port ${port} is out of range 1–65535` };
  return { src: [src], dst: [dst], port: p, protocol: proto, where };
}

interface HubbleEndpoint {
  namespace?: string;
  pod_name?: string;
  workloads?: { name?: string; kind?: string }[];
}

function hubbleLine(line: string, where: string): ObservedFlow | FlowProblem | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { where, message: 'is not valid JSON' };
  }
  const record = value as { flow?: unknown };
  const flow = (record.flow ?? value) as {
    source?: HubbleEndpoint;
    destination?: HubbleEndpoint;
    IP?: { source?: string; destination?: string };
    l4?: Record<string, { destination_port?: number }>;
    is_reply?: boolean;
  };
  if (flow.is_reply === true) return null;
  const l4 = Object.entries(flow.l4 ?? {})[0];
  if (l4 === undefined) return null; // ICMP, L7-only or non-flow events: nothing a port rule decides
  const protocol = l4[0].toUpperCase() as Protocol;
  if (!PROTOCOLS.includes(protocol)) return null;
  const port = l4[1].destination_port;
  if (port === undefined) return { where, message: `${l4[0]} flow without destination_port` };
  return {
    src: spellings(flow.source, flow.IP?.source),
    dst: spellings(flow.destination, flow.IP?.destination),
    port,
    protocol,
    where,
  };
}

function spellings(e: HubbleEndpoint | undefined, ip: string | undefined): string[] {
  const out: string[] = [];
  if (e?.namespace !== undefined) {
    for (const w of e.workloads ?? []) if (w.name !== undefined) out.push(`${e.namespace}/${w.name}`);
    if (e.pod_name !== undefined && e.pod_name !== '') out.push(`${e.namespace}/${e.pod_name}`);
  }
  if (ip !== undefined) out.push(ip);
  return out;
}

/**
 * Observed flows as intent: each end resolved as `check` resolves it, a Service translated to
 * its endpoint pods and target ports (what policies see).
 */
export function intentFromFlows(
  compiled: CompiledCluster,
  observed: readonly ObservedFlow[],
): { flows: IntentFlow[]; problems: FlowProblem[] } {
  const flows: IntentFlow[] = [];
  const problems: FlowProblem[] = [];
  for (const f of observed) {
    const src = resolveFirst(compiled, f.src);
    const dst = resolveFirst(compiled, f.dst);
    if (src === undefined || dst === undefined) {
      problems.push({
        where: f.where,
        message: `cannot find ${src === undefined ? f.src.join(' or ') : f.dst.join(' or ')} in the input`,
      });
      continue;
    }
    if (src.type === 'service') {
      problems.push({ where: f.where, message: `the source ${f.src[0]} is a Service, which sends nothing` });
      continue;
    }
    const text = `${f.src[0]} → ${f.dst[0]} ${f.protocol} ${String(f.port)} (${f.where})`;
    const r = probeFlows(compiled, src, dst, f.port, f.protocol, text);
    if ('message' in r) problems.push({ where: f.where, message: r.message });
    else flows.push(...r);
  }
  return { flows, problems };
}

/**
 * The intended flows of one connection, translated as `check` translates it (a Service to its
 * pods and target ports, a named port per destination pod); a message when nothing is reached.
 */
export function probeFlows(
  compiled: CompiledCluster,
  src: Target,
  dst: Target,
  port: number | string,
  protocol: Protocol,
  reason: string,
): IntentFlow[] | { message: string } {
  const result = checkConnection(compiled, src, dst, port, protocol);
  if (result.probes.length === 0)
    return {
      message: `${result.verdict}: ${reasonText(explainCheck(compiled, result)) ?? 'no pod to reach'}`,
    };
  const out: IntentFlow[] = [];
  for (const p of result.probes) {
    const s = node(compiled, p.src);
    const d = node(compiled, p.dst);
    if (s === undefined || d === undefined || s.id === d.id) continue;
    out.push({ src: s, dst: d, conns: connsOf(protocol, rangeIntervals(p.port, p.port)), reasons: [reason] });
  }
  return out;
}

function resolveFirst(compiled: CompiledCluster, texts: readonly string[]) {
  for (const t of texts) {
    const r = resolveTarget(compiled.cluster, t, 'default');
    if (r.ok) return r.target;
  }
  return undefined;
}

function node(compiled: CompiledCluster, p: Party): IntentNode | undefined {
  if (p.type === 'endpoint') return workloadNode(compiled.cluster, p.endpoint);
  const ip = formatIp(p.address);
  return externalNode([ip.includes(':') ? `${ip}/128` : `${ip}/32`]);
}
