import { type Command, Option } from 'commander';
import { compileCluster } from '../../engine/compile.js';
import { buildMatrix, type Granularity } from '../../engine/matrix.js';
import { computeReachability } from '../../engine/reachability.js';
import { matrixCaveats } from '../../explain/unmodelled.js';
import { type Focus, focusMatrix } from '../../focus/focus.js';
import type { Cluster } from '../../model/types.js';
import { MATRIX_FORMATS, type MatrixFormat, renderMatrix } from '../../render/matrix/format.js';
import { plural } from '../../render/words.js';
import { VERSION } from '../../version.js';
import { loadInput } from '../input.js';
import { type CliIo, EXIT, pickStyle } from '../io.js';
import { explainedMatrix } from '../matrix-explain.js';
import {
  addCommonOptions,
  addExternalOption,
  addFocusOptions,
  type CommonOptions,
  type FocusFlags,
  parsePatterns,
} from '../options.js';
import { reportDiagnostics } from '../output.js';
import { createProgress } from '../progress.js';

interface MatrixOptions extends CommonOptions, FocusFlags {
  readonly granularity: Granularity;
  readonly includeSelf?: boolean;
  readonly external: boolean;
  readonly explain?: boolean;
}

const EXAMPLES = `
Formats (-o): table (default), wide, json (the ConnectivityReport contract), yaml (the same
report), csv, md (for a pull-request comment), dot (Graphviz: dot -Tsvg), mermaid, html (one
self-contained page with a grid and a graph).

Endpoint patterns for --from and --to: NS or NS/* (a whole namespace), NS/NAME, NS/KIND/NAME
(kind as kubectl spells it; NS/svc/NAME means the pods the Service selects), globs with * and ?,
"external" (every address outside the cluster), or an IP address or CIDR. Filters choose what is
shown, never what is evaluated.

Examples:
  # Who can reach whom in the tutorial cluster
  kubereach matrix examples/tutorial

  # Pod by pod, as JSON for other tools
  kubereach matrix -R manifests/ --granularity pod -o json

  # Rendered helm chart from stdin
  helm template my-release ./chart | kubereach matrix -

  # What may reach the payments namespace, on port 443 only
  kubereach matrix examples/online-shop --to 'payments/*' --port 443

  # Which workloads may talk to the internet
  kubereach matrix examples/online-shop --to external

  # Namespace to namespace, drawn with Graphviz
  kubereach matrix examples/online-shop --granularity namespace -o dot | dot -Tsvg > matrix.svg

  # A report to open in a browser
  kubereach matrix examples/online-shop -o html > connectivity.html`;

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
    .option(
      '--explain',
      'add the deciding policies and rules of each pair, and the pairs denied (table, json)',
    )
    .addHelpText('after', EXAMPLES);
  addExternalOption(cmd);
  addFocusOptions(cmd);
  addCommonOptions(cmd, MATRIX_FORMATS, 'table').action(async (paths: string[], options: MatrixOptions) => {
    const style = pickStyle(io, options.color);
    const focusFlags = readFocus(options);
    const progress = createProgress(io, options.quiet === undefined ? {} : { quiet: options.quiet });
    try {
      progress.stage('reading input');
      const { cluster, diagnostics } = await loadInput(paths, options, io);
      progress.stage(`compiling ${plural(cluster.policies.length, 'NetworkPolicy', 'NetworkPolicies')}`);
      const compiled = compileCluster(cluster, options.cni === undefined ? {} : { cni: options.cni });
      progress.stage(`computing reachability of ${plural(cluster.endpoints.length, 'pod')}`);
      const reach = computeReachability(compiled);
      progress.stage(`building the ${options.granularity} matrix`);
      const matrix = buildMatrix(reach, {
        granularity: options.granularity,
        includeSelf: options.includeSelf ?? false,
        external: options.external,
        entities: true,
        fqdn: true,
      });
      const view = focusMatrix(matrix, focusFlags, patternContext(cluster));
      progress.stage(`rendering ${options.output}`);
      const chunks = options.explain
        ? explainedMatrix(options.output ?? 'table', reach, view, diagnostics, style)
        : renderMatrix(options.output as MatrixFormat, view, {
            style,
            diagnostics,
            generator: `kubereach ${VERSION}`,
            caveats: matrixCaveats(compiled, view.matrix.nodes),
          });
      progress.done();
      reportDiagnostics(io, diagnostics, options, style);
      for (const text of view.unmatched) {
        if (!options.quiet)
          io.stderr(style.warn(`warning: ${text} matches nothing in the ${options.granularity} matrix\n`));
      }
      for (const chunk of chunks) io.stdout(chunk);
      setExit(EXIT.ok);
    } finally {
      progress.done();
    }
  });
}

/** The display filters of the flags; `-A` lifts `-n`. */
function readFocus(options: MatrixOptions): Focus {
  return {
    from: parsePatterns('--from', options.from),
    to: parsePatterns('--to', options.to),
    ...(options.namespace !== undefined && !options.allNamespaces ? { namespace: options.namespace } : {}),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.protocol === undefined ? {} : { protocol: options.protocol }),
    includeSelf: options.includeSelf ?? false,
  };
}

function patternContext(cluster: Cluster) {
  return { services: cluster.services, workloads: new Map(cluster.workloads.map((w) => [w.id, w])) };
}
