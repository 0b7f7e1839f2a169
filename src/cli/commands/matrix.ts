import { type Command, Option } from 'commander';
import { compileCluster } from '../../engine/compile.js';
import { buildMatrix, type Granularity, type Matrix } from '../../engine/matrix.js';
import { computeReachability } from '../../engine/reachability.js';
import { matrixJsonChunks } from '../../render/json.js';
import { PLAIN } from '../../render/style.js';
import { renderMatrixTable } from '../../render/text.js';
import { loadInput } from '../input.js';
import { type CliIo, EXIT, pickStyle } from '../io.js';
import { addCommonOptions, type CommonOptions } from '../options.js';
import { reportDiagnostics } from '../output.js';

interface MatrixOptions extends CommonOptions {
  readonly granularity: Granularity;
  readonly includeSelf?: boolean;
  readonly external: boolean;
}

const EXAMPLES = `
Examples:
  # Who can reach whom in the tutorial cluster
  kubereach matrix examples/tutorial

  # Pod by pod, as JSON for other tools
  kubereach matrix -R manifests/ --granularity pod -o json

  # Rendered helm chart from stdin
  helm template my-release ./chart | kubereach matrix -`;

/** `kubereach matrix`: every pair of endpoints and what it may use. */
export function registerMatrix(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('matrix')
    .description('compute who can reach whom, on which ports and protocols')
    .argument('[paths...]', 'manifest files or directories (- for stdin)')
    .addOption(
      new Option('--granularity <unit>', 'one row per pod, workload or namespace')
        .choices(['pod', 'workload', 'namespace'])
        .default('workload'),
    )
    .option('--include-self', "include each pod's connection to itself")
    .option('--no-external', 'leave out nodes outside the cluster')
    .addHelpText('after', EXAMPLES);
  addCommonOptions(cmd, ['table', 'json'], 'table').action(
    async (paths: string[], options: MatrixOptions) => {
      const style = pickStyle(io, options.color);
      const { cluster, diagnostics } = await loadInput(paths, options, io);
      reportDiagnostics(io, diagnostics, options, style);
      const compiled = compileCluster(cluster, { cni: options.cni ?? 'upstream' });
      let matrix = buildMatrix(computeReachability(compiled), {
        granularity: options.granularity,
        includeSelf: options.includeSelf ?? false,
        external: options.external,
      });
      if (options.namespace !== undefined && !options.allNamespaces)
        matrix = filterNamespace(matrix, options.namespace);
      if (options.output === 'json') {
        for (const chunk of matrixJsonChunks(matrix, diagnostics)) io.stdout(chunk);
      } else {
        io.stdout(renderMatrixTable(matrix, style === PLAIN ? PLAIN : style));
      }
      setExit(EXIT.ok);
    },
  );
}

/** Keeps connections with an end in `namespace`, and the nodes they touch. */
function filterNamespace(matrix: Matrix, namespace: string): Matrix {
  const inNs = new Set(
    matrix.nodes
      .filter((n) => n.namespace === namespace || (n.kind === 'Namespace' && n.name === namespace))
      .map((n) => n.id),
  );
  const connections = matrix.connections.filter((c) => inNs.has(c.src) || inNs.has(c.dst));
  const touched = new Set([...inNs, ...connections.flatMap((c) => [c.src, c.dst])]);
  return { ...matrix, nodes: matrix.nodes.filter((n) => touched.has(n.id)), connections };
}
