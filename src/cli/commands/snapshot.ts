import type { Command } from 'commander';
import { oneLine } from '../../live/errors.js';
import { readCluster } from '../../live/read.js';
import { type LiveSnapshot, snapshotList } from '../../live/snapshot.js';
import { isRecord } from '../../model/fields.js';
import { renderSnapshot, type SnapshotFormat } from '../../render/snapshot.js';
import { readInputFiles } from '../../sources/files.js';
import { parseInputs } from '../../sources/parse.js';
import { liveOptions } from '../input.js';
import { type CliIo, EXIT, InputFailure, pickStyle } from '../io.js';
import { addCommonOptions, type CommonOptions } from '../options.js';
import { reportDiagnostics } from '../output.js';

const EXAMPLES = `
Reads the cluster of the current kubeconfig context (list only) and writes it as one kind: List,
so an analysis can be shared and reproduced offline: kubereach matrix cluster.yaml gives the same
answers as kubereach matrix against the cluster. Containers' env, envFrom, command and args,
managedFields, the last-applied-configuration annotation and status other than pod phase and IPs
are left out: they do not affect reachability and may hold secrets. Pods that take no traffic (no
IP yet, or finished) are left out too. With paths, writes the objects of those files as one List.

Examples:
  # Save the cluster of the current context
  kubereach snapshot -o yaml > cluster.yaml
  kubereach matrix cluster.yaml

  # Another context, as JSON
  kubereach snapshot --context prod -o json > prod.json`;

/** `kubereach snapshot`: what kubereach reads, as one `kind: List` file. */
export function registerSnapshot(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('snapshot')
    .description('save the live cluster (or the given manifests) as one kind: List for offline use')
    .argument('[paths...]', 'manifest files or directories (- for stdin); none reads the live cluster')
    .addHelpText('after', EXAMPLES);
  addCommonOptions(cmd, ['yaml', 'json'], 'yaml').action(async (paths: string[], options: CommonOptions) => {
    const style = pickStyle(io, options.color);
    const format = (options.output ?? 'yaml') as SnapshotFormat;
    const all = [...paths, ...(options.filename ?? [])];
    let list: Record<string, unknown>;
    let comment: string[];
    if (all.length === 0) {
      const snapshot = await readCluster(liveOptions(options, io));
      reportDiagnostics(io, snapshot.diagnostics, options, style);
      list = snapshotList(onlyNamespace(snapshot, options));
      comment = [
        `Snapshot of the cluster of context "${oneLine(snapshot.context)}" (${oneLine(snapshot.server)}) by kubereach.`,
        'Reproduce the analysis offline with: kubereach matrix THIS-FILE',
      ];
    } else {
      const read = await readInputFiles(all, {
        recursive: options.recursive ?? false,
        stdin: io.readStdin,
        cwd: io.cwd,
      });
      const parsed = parseInputs(read.files);
      const diagnostics = [...read.diagnostics, ...parsed.diagnostics];
      if (parsed.objects.length === 0 && diagnostics.some((d) => d.severity === 'error'))
        throw new InputFailure(diagnostics);
      reportDiagnostics(io, diagnostics, options, style);
      const objects = parsed.objects
        .map((o) => o.value)
        .filter((o) => inNamespace(o, options.namespace, options.allNamespaces));
      list = { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: objects };
      comment = [`Objects of ${all.map((p) => oneLine(p)).join(', ')}, as one List, by kubereach.`];
    }
    io.stdout(renderSnapshot(list, format, comment));
    setExit(EXIT.ok);
  });
}

/** `-n NS` shows one namespace: namespaced objects elsewhere are left out, cluster-scoped ones kept. */
function onlyNamespace(snapshot: LiveSnapshot, options: CommonOptions): LiveSnapshot {
  if (options.namespace === undefined || options.allNamespaces) return snapshot;
  return {
    ...snapshot,
    objects: snapshot.objects.filter((o) => inNamespace(o, options.namespace, false)),
  };
}

function inNamespace(
  object: Readonly<Record<string, unknown>>,
  namespace: string | undefined,
  all: boolean | undefined,
): boolean {
  if (namespace === undefined || all) return true;
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  return typeof metadata.namespace !== 'string' || metadata.namespace === namespace;
}
