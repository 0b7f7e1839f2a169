import { statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { type Command, Option } from 'commander';
import { compileCluster } from '../../engine/compile.js';
import { computeReachability } from '../../engine/reachability.js';
import { resolveTarget } from '../../engine/targets.js';
import { analyzePeers } from '../../exposure/peers.js';
import { analyzeExposure } from '../../exposure/report.js';
import type { PeerDirection } from '../../exposure/types.js';
import type { Cluster, Workload } from '../../model/types.js';
import { exposureToJson, peersToJson } from '../../render/exposure/json.js';
import { renderExposureMarkdown, renderPeersMarkdown } from '../../render/exposure/md.js';
import { renderExposureText, renderPeersText } from '../../render/exposure/text.js';
import { plural } from '../../render/words.js';
import { type JsonValue, toYaml } from '../../render/yaml.js';
import { loadInput } from '../input.js';
import { type CliIo, EXIT, pickStyle, usageError } from '../io.js';
import { addCommonOptions, addExternalOption, type CommonOptions } from '../options.js';
import { reportDiagnostics } from '../output.js';
import { createProgress } from '../progress.js';

interface ExposureOptions extends CommonOptions {
  readonly direction: 'in' | 'out' | 'both';
  readonly granularity: 'pod' | 'workload' | 'namespace';
  readonly external: boolean;
}

const EXAMPLES = `
Without a workload, the report answers four questions for every workload: is it isolated for
ingress and egress; which outside addresses may connect to it (and which NodePort or
LoadBalancer Services publish it); which outside addresses it may connect to; does its ingress
admit every other namespace. It exits 1 when any of them finds something.

With a workload (NAMESPACE/NAME or NAMESPACE/KIND/NAME), it lists who can reach it (--direction
in), whom it can reach (out), or both, with the ports. When the first argument is an existing
file or directory it is read as input; use -f for paths that look like workload names.

Examples:
  # What is exposed in the online shop?
  kubereach exposure examples/online-shop

  # Who can reach the payments API, and on what?
  kubereach exposure payments/payments-api --direction in examples/online-shop

  # Whom may the checkout service reach, grouped by namespace?
  kubereach exposure shop/deploy/checkout --direction out --granularity namespace -f examples/online-shop

  # Only the workloads of one namespace (the whole cluster is still evaluated)
  kubereach exposure -n payments examples/online-shop

  # For a pull request comment
  kubereach exposure -o md -R k8s/`;

/** `kubereach exposure [WORKLOAD]`: what is exposed, and who can reach a workload. */
export function registerExposure(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('exposure')
    .description('find unisolated and exposed workloads, or who can reach a workload and whom it can reach')
    .argument(
      '[workload-or-paths...]',
      'optional NAMESPACE/NAME of a workload, then manifest files or directories',
    )
    .addOption(
      new Option(
        '--direction <dir>',
        'with a workload: who can reach it (in), whom it can reach (out), or both',
      )
        .choices(['in', 'out', 'both'])
        .default('both'),
    )
    .addOption(
      new Option('--granularity <unit>', 'with a workload: list peers per pod, workload or namespace')
        .choices(['pod', 'workload', 'namespace'])
        .default('workload'),
    )
    .addHelpText('after', EXAMPLES);
  addExternalOption(cmd);
  addCommonOptions(cmd, ['text', 'json', 'yaml', 'md'], 'text').action(
    async (args: string[], options: ExposureOptions) => {
      const style = pickStyle(io, options.color);
      const { target, paths } = splitArguments(args, io.cwd);
      const progress = createProgress(io, options.quiet === undefined ? {} : { quiet: options.quiet });
      try {
        progress.stage('reading input');
        const { cluster, diagnostics } = await loadInput(paths, options, io);
        const note = (text: string) => {
          if (!options.quiet) io.stderr(style.dim(`note: ${text}\n`));
        };
        const workload =
          target === undefined ? undefined : findWorkload(cluster, target, options.namespace, note);
        progress.stage(`computing reachability of ${plural(cluster.endpoints.length, 'pod')}`);
        const reach = computeReachability(
          compileCluster(cluster, options.cni === undefined ? {} : { cni: options.cni }),
        );
        progress.stage('analysing exposure');
        let text: string;
        if (workload === undefined) {
          const report = analyzeExposure(
            reach,
            options.namespace !== undefined && !options.allNamespaces ? { namespace: options.namespace } : {},
          );
          text = format(options.output, {
            json: () => exposureToJson(report, diagnostics),
            text: () => renderExposureText(report, style),
            md: () => renderExposureMarkdown(report),
          });
          const findings =
            report.notIsolated.length +
            report.externalIngress.length +
            report.externalEgress.length +
            report.allNamespaces.length;
          setExit(findings > 0 ? EXIT.negative : EXIT.ok);
        } else {
          const directions: PeerDirection[] =
            options.direction === 'both' ? ['in', 'out'] : [options.direction];
          const report = analyzePeers(reach, workload, {
            directions,
            granularity: options.granularity,
            external: options.external,
          });
          text = format(options.output, {
            json: () => peersToJson(report, diagnostics),
            text: () => renderPeersText(report, style),
            md: () => renderPeersMarkdown(report),
          });
          setExit(EXIT.ok);
        }
        progress.done();
        reportDiagnostics(io, diagnostics, options, style);
        io.stdout(text);
      } finally {
        progress.done();
      }
    },
  );
}

function format(
  output: string | undefined,
  render: { json: () => Record<string, unknown>; text: () => string; md: () => string },
): string {
  switch (output) {
    case 'json':
      return `${JSON.stringify(render.json(), null, 2)}\n`;
    case 'yaml':
      return toYaml(render.json() as JsonValue, '', 4);
    case 'md':
      return render.md();
    default:
      return render.text();
  }
}

/**
 * The first argument is a workload unless it is `-` or an existing file or directory, so
 * `exposure DIR` and `exposure NS/NAME DIR` both work.
 */
function splitArguments(args: readonly string[], cwd: string): { target?: string; paths: string[] } {
  const [first, ...rest] = args;
  if (first === undefined || first === '-' || exists(resolvePath(cwd, first))) return { paths: [...args] };
  return { target: first, paths: rest };
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The workload a command-line endpoint names; a pod stands for its workload. */
function findWorkload(
  cluster: Cluster,
  text: string,
  namespace: string | undefined,
  note: (text: string) => void,
): Workload {
  const r = resolveTarget(cluster, text, namespace ?? 'default');
  // A workload and its Service sharing a name mean the same pods here: no note needed.
  if (!r.ok) throw usageError(r.message, r.hint);
  const byId = new Map(cluster.workloads.map((w) => [w.id, w]));
  const t = r.target;
  switch (t.type) {
    case 'workload':
      return t.workload;
    case 'endpoint': {
      const w = byId.get(t.endpoint.workload);
      if (w === undefined) throw usageError(`no workload holds ${t.endpoint.id}`);
      return w;
    }
    case 'service': {
      const selected = cluster.workloads.filter(
        (w) =>
          w.namespace === t.service.namespace &&
          t.service.selector !== null &&
          Object.keys(t.service.selector).length > 0 &&
          Object.entries(t.service.selector).every(([k, v]) => w.labels[k] === v),
      );
      if (selected.length !== 1) {
        throw usageError(
          `service ${t.service.namespace}/${t.service.name} selects ${selected.length} workloads`,
          selected.length === 0 ? 'name a workload' : `name one of: ${selected.map((w) => w.id).join(', ')}`,
        );
      }
      note(`service ${t.service.namespace}/${t.service.name} selects ${selected[0]!.id}`);
      return selected[0]!;
    }
    case 'external':
      throw usageError(
        `${text} is outside the cluster`,
        'name a workload: NAMESPACE/NAME or NAMESPACE/KIND/NAME',
      );
  }
}
