import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { type Command, Option } from 'commander';
import { checkConnection } from '../../engine/check.js';
import { compileCluster } from '../../engine/compile.js';
import { resolveTarget, type Target } from '../../engine/targets.js';
import { type CheckExplanation, explainCheck } from '../../explain/index.js';
import { nearMissFix } from '../../fix/propose.js';
import { summarizeExclusions } from '../../model/exclusions.js';
import type { Cluster, Protocol } from '../../model/types.js';
import { checkToJson } from '../../render/check-json.js';
import { renderCheckText } from '../../render/check-text.js';
import { renderFixHint } from '../../render/fix-text.js';
import type { Style } from '../../render/style.js';
import type { InputFile } from '../../sources/parse.js';
import { loadInput } from '../input.js';
import { type CliIo, EXIT, pickStyle, usageError } from '../io.js';
import { ipBlockPodNote } from '../ipblock-note.js';
import { addCommonOptions, type CommonOptions, parsePort, parseProtocol } from '../options.js';
import { reportDiagnostics } from '../output.js';

interface CheckOptions extends CommonOptions {
  readonly port: number | string;
  readonly protocol: Protocol;
}

const EXAMPLES = `
Endpoints: NAMESPACE/NAME (pod or workload), NAMESPACE/KIND/NAME (pod, deploy, sts, ds, job,
cronjob, svc), a pod or service IP, or an external IP. A Service is translated to its endpoint
pods and target ports before policies apply, as kube-proxy does.

Examples:
  # Can demo1 reach demo2 on TCP 80?
  kubereach check dev1/demo1 dev2/demo2 --port 80 examples/tutorial

  # Through the service's ClusterIP, as curl would (port 80 when none is given)
  kubereach check dev1/demo1 10.98.167.221 examples/tutorial

  # A named port, UDP, machine-readable
  kubereach check shop/deploy/web kube-system/svc/kube-dns --port dns --protocol UDP -o json -R k8s/`;

/** `kubereach check SRC DST`: one connection's verdict and the rules that decided it. */
export function registerCheck(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('check')
    .description('check whether SRC can reach DST on a port, and why')
    .argument('<src>', 'source endpoint')
    .argument('<dst>', 'destination endpoint')
    .argument('[paths...]', 'manifest files or directories (- for stdin)')
    .addOption(
      new Option('-p, --port <port>', 'destination port number or name')
        .argParser(parsePort)
        .default(80, '80, as curl'),
    )
    .option('--protocol <protocol>', 'TCP, UDP or SCTP', parseProtocol, 'TCP' as Protocol)
    .addHelpText('after', EXAMPLES);
  addCommonOptions(cmd, ['text', 'json'], 'text').action(
    async (srcText: string, dstText: string, paths: string[], options: CheckOptions) => {
      const style = pickStyle(io, options.color);
      refuseMisplacedPath(srcText, dstText, paths, options, io);
      const { cluster, diagnostics, files } = await loadInput(paths, options, io);
      reportDiagnostics(io, diagnostics, options, style);
      const note = (text: string) => {
        if (!options.quiet) io.stderr(style.dim(`note: ${text}\n`));
      };
      // a source never goes through a Service: the note is for destinations only
      const src = resolve(cluster, srcText, options.namespace).target;
      const { target: dst, service: alsoService } = resolve(cluster, dstText, options.namespace);
      if (src.type === 'service') {
        throw usageError(
          `${srcText} is a Service, which does not send traffic`,
          'name a pod or workload as the source',
        );
      }
      if (typeof options.port === 'string' && dst.type === 'external') {
        throw usageError(
          `port name ${options.port} cannot be resolved for an address outside the cluster`,
          'give a port number',
        );
      }
      const compiled = compileCluster(cluster, options.cni === undefined ? {} : { cni: options.cni });
      const result = checkConnection(compiled, src, dst, options.port, options.protocol);
      if (alsoService !== undefined) {
        // `web` names the pods, `web/svc/web` the Service: say so only when it changes the answer
        const via = checkConnection(compiled, src, alsoService, options.port, options.protocol);
        if (via.verdict !== result.verdict || via.allowed !== result.allowed)
          note(
            `${dstText} is also a Service, which answers ${via.verdict} on this port; write ${alsoService.service.namespace}/svc/${alsoService.service.name} to go through it`,
          );
      }
      // curl's port 80 is assumed only when none was given: hints say which it was
      const explanation = withPortGiven(
        explainCheck(compiled, result),
        cmd.getOptionValueSource('port') !== 'default',
      );
      if (compiled.options.cni === 'upstream') {
        const ipBlock = ipBlockPodNote(
          { cluster, src, dst, port: options.port, protocol: options.protocol, verdict: result.verdict },
          explanation,
        );
        if (ipBlock !== undefined) note(ipBlock);
      }
      const excluded = summarizeExclusions(cluster.diagnostics);
      if (options.output === 'json')
        io.stdout(
          `${JSON.stringify(checkToJson(result, explanation, cluster.locator, excluded), null, 2)}\n`,
        );
      else {
        io.stdout(renderCheckText(explanation, style, options.verbose ?? false, excluded));
        if (!result.allowed && files !== undefined)
          io.stdout(fixHint(files, srcText, dstText, paths, options, style));
      }
      setExit(result.allowed ? EXIT.ok : EXIT.negative);
    },
  );
}

/** The explanation, its Service-port hint saying whether the user gave the port. */
function withPortGiven(explanation: CheckExplanation, portGiven: boolean): CheckExplanation {
  return {
    ...explanation,
    hints: explanation.hints.map((h) => (h.code === 'SERVICE_PORT_CHOICE' ? { ...h, portGiven } : h)),
  };
}

/** The one-line repair of an evident mistake, when there is one (see `kubereach fix`). */
function fixHint(
  files: readonly InputFile[],
  src: string,
  dst: string,
  paths: readonly string[],
  options: CheckOptions,
  style: Style,
): string {
  const request = {
    src,
    dst,
    port: options.port,
    protocol: options.protocol,
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
  };
  const fix = nearMissFix(files, request, options.cni === undefined ? {} : { cni: options.cni });
  if (fix === undefined) return '';
  const words = [
    'kubereach fix',
    src,
    dst,
    '--port',
    String(options.port),
    ...(options.protocol === 'TCP' ? [] : ['--protocol', options.protocol]),
    '--want allowed',
    ...[...paths, ...(options.filename ?? [])],
  ];
  return `\n${renderFixHint(fix, words.join(' '), style)}`;
}

function resolve(
  cluster: Cluster,
  text: string,
  namespace: string | undefined,
): { target: Target; service?: Extract<Target, { type: 'service' }> } {
  const r = resolveTarget(cluster, text, namespace ?? 'default');
  if (!r.ok) throw usageError(r.message, r.hint);
  if (r.note === undefined || r.target.type === 'service' || r.target.type === 'external')
    return { target: r.target };
  // the name is also a Service's (see resolveTarget): the Service, to compare the answers
  const owner = r.target.type === 'workload' ? r.target.workload : r.target.endpoint;
  const service = cluster.services.find((s) => s.namespace === owner.namespace && s.name === owner.name);
  return { target: r.target, ...(service === undefined ? {} : { service: { type: 'service', service } }) };
}

/**
 * `check default/web base` with no paths: `base` is a path, not the destination. Said before
 * the live cluster is tried, which would otherwise be the error.
 */
function refuseMisplacedPath(
  srcText: string,
  dstText: string,
  paths: readonly string[],
  options: CheckOptions,
  io: CliIo,
): void {
  const inputs = [
    ...paths,
    ...(options.filename ?? []),
    ...(options.kustomize ?? []),
    ...(options.helm ?? []),
  ];
  if (inputs.length > 0) return;
  const isPath = (text: string) => text === '-' || existsSync(resolvePath(io.cwd, text));
  const misplaced = [dstText, srcText].find(isPath);
  if (misplaced === undefined) return;
  throw usageError(
    `${misplaced} is a path, not an endpoint: check needs SRC and DST before the paths`,
    `kubereach check SRC DST ${misplaced}, e.g. kubereach check dev1/demo1 dev2/demo2 ${misplaced}`,
  );
}
