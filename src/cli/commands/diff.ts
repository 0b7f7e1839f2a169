import { type Command, Option } from 'commander';
import { diffClusters } from '../../diff/diff.js';
import { filterDiffNamespace } from '../../diff/filter.js';
import { hasDifferences } from '../../diff/types.js';
import type { Granularity } from '../../engine/matrix.js';
import { loadManifests } from '../../load.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import type { Cluster } from '../../model/types.js';
import { renderDiffCsv } from '../../render/diff-csv.js';
import { renderDiffDot } from '../../render/diff-dot.js';
import { renderDiffJson } from '../../render/diff-json.js';
import { renderDiffMarkdown } from '../../render/diff-md.js';
import { renderDiffText } from '../../render/diff-text.js';
import { type ReadResult, readInputFiles } from '../../sources/files.js';
import { parseRevisionRange, readGitRevision } from '../../sources/git.js';
import { loadInput } from '../input.js';
import { CliError, type CliIo, EXIT, InputFailure, pickStyle, usageError } from '../io.js';
import { addExternalOption } from '../options.js';
import { reportDiagnostics } from '../output.js';

interface DiffOptions {
  readonly git?: string;
  /** Manifests both versions share (`-f cluster.yaml old/ new/`). */
  readonly filename?: string[];
  readonly output: 'text' | 'json' | 'md' | 'csv' | 'dot';
  readonly granularity: Granularity;
  readonly recursive?: boolean;
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly external: boolean;
  readonly cni: 'upstream' | 'cilium';
  readonly quiet?: boolean;
  readonly verbose?: boolean;
  readonly color?: boolean;
  readonly debug?: boolean;
}

interface Side {
  /** What was read, in full: `v1.2 (0123456789ab) k8s/`, `working tree k8s/`, `old/`. */
  readonly label: string;
  /** The version in a few characters, for titles: `v1.2`, `working tree`, `old/`. */
  readonly short: string;
  readonly cluster: Cluster;
  readonly diagnostics: readonly Diagnostic[];
}

const EXAMPLES = `
Exit codes: 0 identical, 1 different (like git diff --exit-code), 2 usage error, 3 input error.

Examples:
  # What does adding the kube-demo policy change?
  kubereach diff before/ after/

  # This branch's manifests against main, as a pull-request comment (nothing is checked out)
  kubereach diff --git origin/main -R k8s/ -o md

  # Between two commits, machine-readable
  kubereach diff --git v1.2.0..v1.3.0 -R k8s/ -o json

  # As a picture: added connections green, removed red
  kubereach diff old.yaml new.yaml -o dot | dot -Tsvg > diff.svg

  # Two versions of the policies on one cluster: -f is read into both
  kubereach diff -f cluster.yaml policies-old/ policies-new/`;

/** `kubereach diff OLD NEW` or `kubereach diff --git REV[..REV] [PATHS]`: what connectivity changed. */
export function registerDiff(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('diff')
    .description('compare the connectivity of two versions: connections added, removed and changed, and why')
    .argument('[paths...]', 'OLD NEW (files or directories); with --git, the paths to compare (default .)')
    .option('--git <rev>', 'compare the working tree with git revision REV, or REV..REV two revisions')
    .option(
      '-f, --filename <path>',
      'manifests both versions share, e.g. the cluster the policies apply to (repeatable)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['text', 'json', 'md', 'csv', 'dot'])
        .default('text'),
    )
    .addOption(
      new Option('--granularity <unit>', 'compare pods, workloads or namespaces')
        .choices(['pod', 'workload', 'namespace'])
        .default('workload'),
    )
    .option('-R, --recursive', 'read directories recursively')
    .option('-n, --namespace <ns>', 'show only changes touching this namespace')
    .option('-A, --all-namespaces', 'show every namespace (the default)')
    .addOption(
      new Option(
        '--cni <profile>',
        'how ipBlock treats pod IPs: upstream (matches them) or cilium (does not)',
      )
        .choices(['upstream', 'cilium'])
        .default('upstream'),
    )
    .option('-q, --quiet', 'print only errors besides the result')
    .option('-v, --verbose', 'show notes, and where each responsible policy is written')
    .option('--no-color', 'never colour the output (NO_COLOR works too)')
    .option('--debug', 'print stack traces of internal errors')
    .addHelpText('after', EXAMPLES);
  addExternalOption(cmd).action(async (paths: string[], options: DiffOptions) => {
    const style = pickStyle(io, options.color);
    const [before, after] = await loadSides(paths, options, io);
    reportDiagnostics(io, [...before.diagnostics, ...after.diagnostics], options, style);
    let diff = diffClusters(before.cluster, after.cluster, {
      granularity: options.granularity,
      external: options.external,
      cni: options.cni,
    });
    if (options.namespace !== undefined && !options.allNamespaces)
      diff = filterDiffNamespace(diff, options.namespace);
    switch (options.output) {
      case 'json':
        io.stdout(
          renderDiffJson(
            diff,
            { before: before.label, after: after.label },
            { before: before.diagnostics, after: after.diagnostics },
          ),
        );
        break;
      case 'md':
        io.stdout(renderDiffMarkdown(diff, { title: mdTitle(before, after, paths, options) }));
        break;
      case 'csv':
        io.stdout(renderDiffCsv(diff));
        break;
      case 'dot':
        io.stdout(renderDiffDot(diff));
        break;
      default:
        io.stdout(renderDiffText(diff, style, options.verbose ?? false));
    }
    setExit(hasDifferences(diff) ? EXIT.negative : EXIT.ok);
  });
}

async function loadSides(paths: readonly string[], options: DiffOptions, io: CliIo): Promise<[Side, Side]> {
  const load = { recursive: options.recursive ?? false };
  if (options.git === undefined) {
    if (paths.length !== 2) {
      throw usageError(
        `diff takes two paths, OLD and NEW (got ${paths.length})`,
        'kubereach diff OLD NEW, or kubereach diff --git REV [PATHS] to compare with a git revision',
      );
    }
    const [oldPath, newPath] = paths as [string, string];
    const shared = { ...load, filename: options.filename ?? [] };
    const before = await loadInput([oldPath], shared, io);
    const after = await loadInput([newPath], shared, io);
    return [
      { label: oldPath, short: oldPath, ...before },
      { label: newPath, short: newPath, ...after },
    ];
  }
  const range = parseRevisionRange(options.git);
  if (range === undefined)
    throw usageError(
      `--git ${JSON.stringify(options.git)} is not REV or REV..REV`,
      'e.g. --git main or --git v1..v2',
    );
  // -f: read once from the working tree, part of both versions
  const shared = await readInputFiles(options.filename ?? [], { ...load, stdin: io.readStdin, cwd: io.cwd });
  const before = await loadRevision(range[0], paths, options, io, shared);
  if (range.length === 2) return [before, await loadRevision(range[1], paths, options, io, shared)];
  const shown = paths.length === 0 ? ['.'] : paths;
  const read = await readInputFiles(shown, { ...load, stdin: io.readStdin, cwd: io.cwd });
  return [
    before,
    side(
      `working tree ${shown.join(' ')}`,
      'working tree',
      [...read.files, ...shared.files],
      [...read.diagnostics, ...shared.diagnostics],
    ),
  ];
}

async function loadRevision(
  rev: string,
  paths: readonly string[],
  options: DiffOptions,
  io: CliIo,
  shared: ReadResult,
): Promise<Side> {
  const read = await readGitRevision(rev, paths, { cwd: io.cwd, recursive: options.recursive ?? false });
  if (!read.ok) throw new CliError(read.message, EXIT.usage, read.hint);
  const shown = paths.length === 0 ? ['.'] : paths;
  return side(
    `${rev} (${read.commit.slice(0, 12)}) ${shown.join(' ')}`,
    rev,
    [...read.files, ...shared.files],
    [...read.diagnostics, ...shared.diagnostics],
  );
}

/** `old/ → new/`, or for git `main → working tree (k8s/)`. */
function mdTitle(before: Side, after: Side, paths: readonly string[], options: DiffOptions): string {
  const versions = `${before.short} → ${after.short}`;
  if (options.git === undefined) return versions;
  return paths.length === 0 ? versions : `${versions} (${paths.join(' ')})`;
}

function side(
  label: string,
  short: string,
  files: Parameters<typeof loadManifests>[0],
  readDiagnostics: readonly Diagnostic[],
): Side {
  const cluster = loadManifests(files);
  const diagnostics = [...readDiagnostics, ...cluster.diagnostics];
  const evaluable =
    cluster.endpoints.length > 0 || cluster.policies.length > 0 || cluster.namespaces.size > 0;
  // A version with no manifests at all is a valid, empty version (a directory that did not exist
  // yet); a version whose every file is broken is not.
  if (!evaluable && files.length > 0 && diagnostics.some((d) => d.severity === 'error'))
    throw new InputFailure(diagnostics);
  if (readDiagnostics.some((d) => d.severity === 'error') && files.length === 0)
    throw new InputFailure(diagnostics);
  return { label, short, cluster: { ...cluster, diagnostics }, diagnostics };
}
