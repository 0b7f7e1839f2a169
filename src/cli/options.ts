import { type Command, Option } from 'commander';
import type { PortFilter } from '../focus/focus.js';
import { type EndpointPattern, parseEndpointPattern } from '../focus/pattern.js';
import type { Protocol } from '../model/types.js';
import { usageError } from './io.js';

/** Flags shared by every verb that reads input. */
export interface CommonOptions {
  readonly filename?: string[];
  readonly recursive?: boolean;
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
  /** Per API request when reading a live cluster, in ms (0 waits forever). */
  readonly requestTimeout?: number;
  readonly output?: string;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
  readonly color?: boolean;
  readonly debug?: boolean;
  readonly cni?: 'upstream' | 'cilium';
  readonly kustomize?: string[];
  readonly helm?: string[];
  readonly values?: string[];
  readonly set?: string[];
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** Repeatable flags that also take comma-separated lists (`--from a,b --from c`). */
const collectList = (value: string, previous: string[] | undefined) => [
  ...(previous ?? []),
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== ''),
];

/** Adds the input, output and verbosity flags kubectl users expect. */
export function addCommonOptions(cmd: Command, outputs: readonly string[], defaultOutput: string): Command {
  return cmd
    .option('-f, --filename <path>', 'manifest file or directory, or - for stdin (repeatable)', collect)
    .option('-R, --recursive', 'read directories recursively')
    .option('-k, --kustomize <dir>', 'render a kustomization with kubectl kustomize (repeatable)', collect)
    .option('--helm <dir>', 'render a Helm chart with helm template (repeatable)', collect)
    .option('--values <file>', 'values file for --helm charts (repeatable)', collect)
    .option('--set <key=value>', 'value for --helm charts, as helm --set (repeatable)', collect)
    .option(
      '-n, --namespace <ns>',
      'show only this namespace (everything is still evaluated); the namespace of NAME endpoints',
    )
    .option('-A, --all-namespaces', 'show every namespace (the default)')
    .option('--kubeconfig <file>', 'kubeconfig for reading a live cluster')
    .option('--context <name>', 'kubeconfig context for reading a live cluster')
    .option(
      '--request-timeout <duration>',
      'how long to wait for each API request of a live read (30s, 2m, 0 for ever)',
      parseDuration,
    )
    .addOption(new Option('-o, --output <format>', 'output format').choices(outputs).default(defaultOutput))
    .addOption(
      new Option(
        '--cni <profile>',
        'network plugin semantics: upstream (ipBlock matches pod IPs) or cilium (as Cilium enforces policies); default cilium when the input holds Cilium policies, else upstream',
      ).choices(['upstream', 'cilium']),
    )
    .option('-q, --quiet', 'print only errors besides the result')
    .option('-v, --verbose', 'show notes and full traces')
    .option('--no-color', 'never colour the output (NO_COLOR works too)')
    .option('--debug', 'print stack traces of internal errors');
}

/**
 * Reads a duration as kubectl's --request-timeout does: a number with a unit (ms, s, m, h), or a
 * bare number of seconds; 0 means no limit. Returns milliseconds.
 */
export function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (m === null)
    throw usageError(`${JSON.stringify(value)} is not a duration`, 'write it as 30s, 500ms, 2m or 1h');
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's'] ?? 1000;
  return Math.round(Number(m[1]) * unit);
}

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** Reads `--protocol`, case-insensitively. */
export function parseProtocol(value: string): Protocol {
  const upper = value.toUpperCase() as Protocol;
  if (!PROTOCOLS.includes(upper))
    throw usageError(`unknown protocol ${JSON.stringify(value)}`, 'use TCP, UDP or SCTP');
  return upper;
}

/** Reads `--port`: a number 1–65535 or a port name. */
export function parsePort(value: string): number | string {
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    if (n < 1 || n > 65535) throw usageError(`port ${value} is out of range`, 'ports are 1–65535');
    return n;
  }
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(value) || value.length > 15)
    throw usageError(`${JSON.stringify(value)} is neither a port number nor a port name`);
  return value;
}

/** Reads a port filter: a number, a range `lo-hi`, or a container port name. */
export function parsePortFilter(value: string): PortFilter {
  const range = /^(\d+)-(\d+)$/.exec(value);
  if (range !== null) {
    const lo = parsePort(range[1]!) as number;
    const hi = parsePort(range[2]!) as number;
    if (hi < lo)
      throw usageError(`port range ${value} ends before it starts`, 'write LOW-HIGH, e.g. 8000-8080');
    return { type: 'range', lo, hi };
  }
  const port = parsePort(value);
  return typeof port === 'number' ? { type: 'range', lo: port, hi: port } : { type: 'name', name: port };
}

/** Display-filter flags of `--from`, `--to`, `--port` and `--protocol`, as parsed. */
export interface FocusFlags {
  readonly from?: string[];
  readonly to?: string[];
  readonly port?: PortFilter;
  readonly protocol?: Protocol;
}

/** Adds the display filters: they narrow what is shown, never what is evaluated. */
export function addFocusOptions(cmd: Command): Command {
  return cmd
    .option(
      '--from <pattern>',
      'show only these sources: NS, NS/NAME, NS/KIND/NAME, globs, external, IP or CIDR (repeatable)',
      collectList,
    )
    .option(
      '--to <pattern>',
      'show only these destinations, same patterns as --from (repeatable)',
      collectList,
    )
    .option(
      '--port <port>',
      'show only what is allowed on this port: number, LOW-HIGH or port name',
      parsePortFilter,
    )
    .option('--protocol <protocol>', 'show only this protocol: TCP, UDP or SCTP', parseProtocol);
}

/** Parses endpoint patterns; a malformed one is a usage error naming the flag. */
export function parsePatterns(flag: string, values: readonly string[] | undefined): EndpointPattern[] {
  return (values ?? []).map((text) => {
    const r = parseEndpointPattern(text);
    if (!r.ok) throw usageError(`${flag}: ${r.message}`, r.hint);
    return r.pattern;
  });
}

/**
 * Adds `--external on|off` and the shorter `--no-external`: whether nodes outside the cluster
 * are part of the result. The value is required so that `--external DIR` cannot swallow a path.
 */
export function addExternalOption(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--external <on|off>', 'include addresses outside the cluster (default on)')
        .argParser(parseOnOff)
        .default(true),
    )
    .option('--no-external', 'leave out addresses outside the cluster (same as --external off)');
}

function parseOnOff(value: string): boolean {
  const v = value.toLowerCase();
  if (['on', 'true', 'yes', '1'].includes(v)) return true;
  if (['off', 'false', 'no', '0'].includes(v)) return false;
  throw usageError(
    `--external takes on or off, not ${JSON.stringify(value)}`,
    'write --external on, --external off or --no-external',
  );
}
