import { type LiveOptions, readCluster } from '../live/read.js';
import { clusterFromSnapshot } from '../live/snapshot.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { normalizeObjects } from '../model/normalize.js';
import type { Cluster } from '../model/types.js';
import { readInputFiles } from '../sources/files.js';
import { parseInputsParallel } from '../sources/parallel.js';
import type { InputFile } from '../sources/parse.js';
import { CliError, type CliIo, EXIT, InputFailure, usageError } from './io.js';

/** Input flags every verb takes, as kubectl spells them. */
export interface InputOptions {
  readonly filename?: readonly string[];
  readonly recursive?: boolean;
  readonly namespace?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  /** Per API request of a live read, in ms (0 waits forever). */
  readonly requestTimeout?: number;
  /** `-k DIR`: kustomizations to render with kubectl kustomize (repeatable). */
  readonly kustomize?: readonly string[];
  /** `--helm DIR`: charts to render with helm template (repeatable). */
  readonly helm?: readonly string[];
  /** `--values FILE` for every `--helm` chart. */
  readonly values?: readonly string[];
  /** `--set K=V` for every `--helm` chart. */
  readonly set?: readonly string[];
}

export interface LoadedInput {
  readonly cluster: Cluster;
  /** Diagnostics from reading and normalizing, in input order. */
  readonly diagnostics: readonly Diagnostic[];
  /** The texts read, for verbs that edit them (absent for a live cluster). */
  readonly files?: readonly InputFile[];
  /** Names of the files rendered by kustomize or Helm (not files to write to). */
  readonly rendered?: readonly string[];
}

/**
 * Loads the cluster from paths (positional and `-f`), or from the live cluster when none are
 * given. Throws CliError with exit 3 when nothing could be read at all.
 */
export async function loadInput(
  paths: readonly string[],
  options: InputOptions,
  io: CliIo,
): Promise<LoadedInput> {
  const all = [...paths, ...(options.filename ?? [])];
  const rendering = (options.kustomize ?? []).length + (options.helm ?? []).length > 0;
  if (all.length === 0 && !rendering) return loadLiveInput(options, io);
  const read = await readInputFiles(all, {
    recursive: options.recursive ?? false,
    stdin: io.readStdin,
    cwd: io.cwd,
  });
  const rendered = await renderInputs(options, io);
  // Large inputs are parsed on several threads; the result is the same as one thread's.
  const parsed = await parseInputsParallel([...read.files, ...rendered]);
  // -n filters what is shown, never what is evaluated: objects without a namespace go to
  // `default` (with a warning) whatever -n says.
  const normalized = normalizeObjects(parsed.objects, parsed.locator);
  const cluster = { ...normalized, diagnostics: [...parsed.diagnostics, ...normalized.diagnostics] };
  const diagnostics = [...read.diagnostics, ...cluster.diagnostics];
  const evaluable =
    cluster.endpoints.length > 0 || cluster.policies.length > 0 || cluster.namespaces.size > 0;
  if (!evaluable && diagnostics.some((d) => d.severity === 'error')) {
    throw new InputFailure(diagnostics);
  }
  if (read.files.length === 0 && read.diagnostics.length === 0 && !rendering) {
    throw new CliError(
      `no manifest files found in ${all.join(', ')}`,
      EXIT.input,
      'kubereach reads .yaml, .yml and .json files; pass -R for subdirectories',
    );
  }
  // `kubectl get … -o yaml | kubereach matrix -` after kubectl failed: nothing to evaluate
  const emptyStdin = diagnostics.some((d) => d.code === 'EMPTY_INPUT' && d.source?.file === '<stdin>');
  if (!evaluable && all.every((p) => p === '-') && emptyStdin) {
    throw new CliError(
      'nothing could be evaluated: standard input is empty',
      EXIT.input,
      'pipe manifests in, e.g. kubectl get ns,pods,svc,netpol -A -o yaml | kubereach matrix -',
    );
  }
  return {
    cluster: { ...cluster, diagnostics },
    diagnostics,
    files: [...read.files, ...rendered],
    rendered: rendered.map((f) => f.name),
  };
}

/**
 * Renders `-k` kustomizations and `--helm` charts, in that order, as one input file each. A
 * program that is missing or fails is an input error naming it (nothing is evaluated half-rendered).
 */
async function renderInputs(options: InputOptions, io: CliIo): Promise<InputFile[]> {
  const kustomize = options.kustomize ?? [];
  const helm = options.helm ?? [];
  if (helm.length === 0 && ((options.values ?? []).length > 0 || (options.set ?? []).length > 0))
    throw usageError('--values and --set are for a Helm chart', 'name the chart with --helm DIR');
  if (kustomize.length + helm.length === 0) return [];
  // Loaded only when asked for: the usual run never starts a program.
  const { renderHelmChart, renderKustomization } = await import('../sources/render.js');
  const how = { cwd: io.cwd, env: io.env };
  const values = { values: options.values ?? [], set: options.set ?? [] };
  const files: InputFile[] = [];
  for (const run of [
    ...kustomize.map((dir) => () => renderKustomization(dir, how)),
    ...helm.map((dir) => () => renderHelmChart(dir, values, how)),
  ]) {
    const result = await run();
    if (!result.ok) throw new CliError(result.message, EXIT.input, result.hint);
    files.push(result.file);
  }
  return files;
}

/**
 * Reads the cluster of the kubeconfig's current context (or `--context`), read-only, and runs
 * it through the same pipeline as files. A cluster that cannot be read throws LiveError, which
 * the CLI reports as an input error (exit 3).
 */
export async function loadLiveInput(options: InputOptions, io: CliIo): Promise<LoadedInput> {
  const snapshot = await readCluster(liveOptions(options, io));
  const cluster = clusterFromSnapshot(snapshot);
  return { cluster, diagnostics: cluster.diagnostics };
}

/** The live-read options of the input flags. */
export function liveOptions(options: InputOptions, io: CliIo): LiveOptions {
  return {
    ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
    ...(options.context === undefined ? {} : { context: options.context }),
    ...(options.requestTimeout === undefined ? {} : { requestTimeoutMs: options.requestTimeout }),
    env: io.env,
    cwd: io.cwd,
  };
}
