import { type Command, Option } from 'commander';
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
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** Adds the input, output and verbosity flags kubectl users expect. */
export function addCommonOptions(cmd: Command, outputs: readonly string[], defaultOutput: string): Command {
  return cmd
    .option('-f, --filename <path>', 'manifest file or directory, or - for stdin (repeatable)', collect)
    .option('-R, --recursive', 'read directories recursively')
    .option('-n, --namespace <ns>', 'show only this namespace (and the namespace for objects without one)')
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
        'how ipBlock treats pod IPs: upstream (matches them) or cilium (does not)',
      )
        .choices(['upstream', 'cilium'])
        .default('upstream'),
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
