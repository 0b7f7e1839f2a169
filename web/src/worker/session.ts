import { checkConnection } from '../../../src/engine/check.js';
import { type CniProfile, type CompiledCluster, compileCluster } from '../../../src/engine/compile.js';
import { type AffectedEndpoints, affectedEndpoints, updateMatrix } from '../../../src/engine/incremental.js';
import { subjectSelects } from '../../../src/engine/match.js';
import { buildMatrix, type Granularity, type Matrix } from '../../../src/engine/matrix.js';
import { type ConnSet, EMPTY_CONNS } from '../../../src/engine/port-set.js';
import { computeReachability, type Reachability } from '../../../src/engine/reachability.js';
import { explainCheck } from '../../../src/explain/index.js';
import { parseLintConfig } from '../../../src/lint/config.js';
import { diagnosticRule } from '../../../src/lint/diagnostics.js';
import { IncrementalLint } from '../../../src/lint/incremental.js';
import type { LintOptions } from '../../../src/lint/lint.js';
import { findRule } from '../../../src/lint/registry.js';
import type { Finding } from '../../../src/lint/types.js';
import type { Diagnostic, Severity } from '../../../src/model/diagnostics.js';
import { normalizeObjects } from '../../../src/model/normalize.js';
import type { PathSegment, SourceLocator, SourcePosition, SourceRef } from '../../../src/model/source.js';
import type { Cluster } from '../../../src/model/types.js';
import { splittable } from '../../../src/sources/documents.js';
import { IncrementalParser } from '../../../src/sources/incremental.js';
import { LineIndex } from '../../../src/sources/line-index.js';
import {
  type InputFile,
  ManifestLocator,
  type ParsedInput,
  splitDocuments,
} from '../../../src/sources/parse.js';
import { connectivityChanges, drawnChanges, type EdgeChange, MAX_ATTRIBUTED } from '../diff/changes.js';
import { explanationView } from '../explain/from-explanation.js';
import type { ExplanationView } from '../explain/types.js';
import { buildGraphModel, type GraphGranularity, updateGraphModel } from '../graph/model.js';
import {
  defaultViewOptions,
  type GraphViewOptions,
  projectGraph,
  type VisibleGraph,
} from '../graph/project.js';
import { probePort } from '../matrix/filter.js';
import {
  buildHeatmap,
  entityLinks,
  foldRows,
  type Heatmap,
  LEGIBLE_HEATMAP_ROWS,
  MAX_HEATMAP_NODES,
  omittedHeatmap,
} from '../matrix/heatmap.js';
import { ciliumPolicyInfos } from '../view/cilium-infos.js';
import { entityQuery } from '../view/entity-address.js';
import { sourceLink } from '../view/links.js';
import type { DiagnosticInfo, GraphModel, PolicyInfo, ProbeQuery } from '../view/types.js';
import { resolveStudioTarget, targetSuggestions } from './resolve.js';

/** What the page asks the engine to evaluate. */
export interface AnalyzeRequest {
  readonly files: readonly InputFile[];
  /** Ids (`namespace/name`) of policies switched off. */
  readonly disabled: readonly string[];
  /** Left out: Cilium's profile when the manifests hold Cilium policies, else upstream. */
  readonly cni?: CniProfile;
  readonly granularity: GraphGranularity;
  /** `null`: choose options that keep the graph readable. */
  readonly view: GraphViewOptions | null;
  /** The matrix heatmap to compute, or `null` while it is not shown (it costs rows² work). */
  readonly heatmap: {
    readonly granularity: Granularity;
    readonly filter: ConnSet | null;
    /** Namespaces drawn as one row and column; `null`: all of them when the rows are many. */
    readonly folded?: readonly string[] | null;
  } | null;
  /** What "what changed" compares with from now on (see BaselineChoice). */
  readonly baseline: BaselineChoice;
  /** The `.kubereach.yaml` the server found, whose `lint:` section the studio's lint follows. */
  readonly lintConfig?: { readonly file: string; readonly text: string };
  /**
   * `false`: leave lint for a later `lint()` call, so the graph comes first (`diagnostics` then
   * holds the input diagnostics only). Default true.
   */
  readonly lint?: boolean;
}

/**
 * The state "what changed" compares with: `keep` the current baseline (the first analysis
 * sets one), make this request's state the baseline (`current`), the state analyzed just
 * before this request (`previous`), or these files with every policy on.
 */
export type BaselineChoice = 'keep' | 'current' | 'previous' | { readonly files: readonly InputFile[] };

export interface AnalyzeStats {
  readonly files: number;
  readonly namespaces: number;
  readonly pods: number;
  readonly workloads: number;
  readonly services: number;
  readonly policies: number;
  readonly classes: number;
  readonly connections: number;
  /** Files parsed for this analysis: only those whose text changed since the last one. */
  readonly reparsed: number;
  /** Milliseconds spent in the engine (parse to matrix), for the status bar. */
  readonly millis: number;
  /** Milliseconds per stage of this analysis (parse, normalize, compile, reach, matrix, …). */
  readonly phases: Readonly<Record<string, number>>;
}

export interface AnalyzeResult {
  readonly stats: AnalyzeStats;
  /** Lint findings (with their rule) and the input diagnostics no rule reports, as `kubereach lint`. */
  readonly diagnostics: readonly DiagnosticInfo[];
  /** What each rule of `diagnostics` catches and why it matters, for the Problems panel. */
  readonly rules: Readonly<Record<string, RuleDoc>>;
  readonly policies: readonly PolicyInfo[];
  readonly model: GraphModel;
  readonly view: GraphViewOptions;
  readonly graph: VisibleGraph;
  readonly changes: readonly EdgeChange[];
  /** `null` when not asked for. */
  readonly heatmap: Heatmap | null;
  readonly targets: readonly string[];
  /** Edges of `graph` left out because there were too many to draw (see MAX_DRAWN_EDGES). */
  readonly omittedEdges: number;
  /** Why the view differs from the one asked for (folded to stay drawable), for a notice. */
  readonly notice?: string;
}

/**
 * The most edges the page draws. Above it the overview folds every namespace; if the folded
 * overview still has more, its edges are left out (drill into a namespace to see its own).
 */
export const MAX_DRAWN_EDGES = 2500;
/** The most model edges sent to the page (for the report); the rest stay in the worker. */
export const MAX_PAGE_EDGES = 5_000;

interface Evaluated {
  readonly key: string;
  readonly cluster: Cluster;
  readonly compiled: CompiledCluster;
  readonly reach: Reachability;
  readonly matrices: Map<Granularity, Matrix>;
  /** Parse results the cluster was built from (identity tells whether a file changed). */
  readonly parsed: readonly ParsedInput[];
  /** Every valid policy, switched off or not. */
  readonly allPolicies: Cluster['policies'];
  /** Every valid cluster-scoped policy, switched off or not. */
  readonly allAdminPolicies: Cluster['adminPolicies'];
  /** Every valid Cilium policy, switched off or not. */
  readonly allCiliumPolicies: Cluster['ciliumPolicies'];
  /**
   * When this evaluation differs from the one before it only in policies: that one's matrices
   * and the endpoints the edit can change, to patch a matrix rather than build it anew.
   */
  readonly patch?: {
    readonly matrices: ReadonlyMap<Granularity, Matrix>;
    readonly affected: AffectedEndpoints;
  };
}

/** Positions already found, per source reference and field path. */
type PositionMemo = WeakMap<SourceRef, Map<string, SourcePosition>>;

/**
 * A locator over several files, each parsed on its own. Positions are remembered per source
 * reference across evaluations: the incremental parser keeps the reference of every object
 * whose text and lines did not move, so a lint after an edit locates again only the fields of
 * the objects the edit touched. Those are found by re-reading one document (`documentLocator`),
 * not the whole file.
 */
class CombinedLocator implements SourceLocator {
  constructor(
    private readonly byFile: ReadonlyMap<string, SourceLocator>,
    private readonly memo: PositionMemo,
    private readonly documentLocator: (file: string) => SourceLocator | undefined,
  ) {}
  locate(ref: SourceRef, field: readonly PathSegment[] = []): SourcePosition {
    const locator = this.byFile.get(ref.file);
    if (locator === undefined) return { file: ref.file, line: ref.line, column: ref.column };
    if (field.length === 0) return locator.locate(ref, field);
    let known = this.memo.get(ref);
    if (known === undefined) {
      known = new Map();
      this.memo.set(ref, known);
    }
    const key = JSON.stringify(field);
    let at = known.get(key);
    if (at === undefined) {
      at = (this.documentLocator(ref.file) ?? locator).locate(ref, field);
      known.set(key, at);
    }
    return at;
  }
}

/**
 * A locator that re-reads only the document a reference points into: the file cut at its
 * `---` marker lines, which numbers documents as the parser does (a marker starts one, and so
 * does content before the first). Only for plain multi-document YAML (`splittable`); other
 * files keep their own locator.
 */
function documentLocatorOf(name: string, text: string): SourceLocator | undefined {
  if (!splittable(text)) return undefined;
  const locator = new ManifestLocator();
  let lines: LineIndex | undefined;
  let chunks: ReturnType<typeof splitDocuments> | undefined;
  locator.add(name, {
    text,
    get lines() {
      lines ??= new LineIndex(text);
      return lines;
    },
    get chunks() {
      chunks ??= splitDocuments(text);
      return chunks;
    },
  });
  return locator;
}

/**
 * The engine side of the studio: keeps the parsed files, the evaluated cluster and the baseline
 * between requests, so an edit re-parses only the file that changed. Runs in a Web Worker in the
 * page and directly in tests.
 */
export class StudioSession {
  private readonly parsed = new Map<string, { text: string; result: ParsedInput }>();
  private readonly positions: PositionMemo = new WeakMap();
  private current: Evaluated | undefined;
  private baseline: Evaluated | undefined;
  private now: () => number;

  constructor(now: () => number = () => Date.now()) {
    this.now = now;
  }

  /** Evaluates the workspace and returns everything the page draws. */
  analyze(req: AnalyzeRequest): AnalyzeResult {
    const started = this.now();
    const phases = new Phases(this.now);
    this.phases = phases;
    this.misses = 0;
    const previous = this.current;
    const evaluated = this.evaluate(req.files, req.disabled, req.cni, previous ?? this.prepared);
    this.prepared = undefined;
    this.current = evaluated;
    const choice = req.baseline;
    if (choice === 'current' || (choice === 'keep' && this.baseline === undefined)) this.baseline = evaluated;
    else if (choice === 'previous') this.baseline = previous ?? evaluated;
    else if (typeof choice === 'object') this.baseline = this.evaluate(choice.files, [], req.cni, undefined);
    const baseline = this.baseline ?? evaluated;
    const matrix = phases.time('matrix', () => this.matrixOf(evaluated, req.granularity));
    const model = phases.time('model', () => this.modelOf(evaluated, matrix, req.granularity));
    this.lastGranularity = req.granularity;
    const changes = phases.time('diff', () => this.drawnChangesOf(baseline, evaluated, req.granularity));
    const asked = req.view ?? defaultViewOptions(model);
    const drawn = phases.time('project', () => drawableGraph(model, asked, changes));
    this.lastDrawn = { model, asked, graph: drawn.graph };
    const { view, graph } = drawn;
    const heatmap = phases.time('heatmap', () =>
      req.heatmap === null ? null : this.heatmapOf(evaluated, req.heatmap),
    );
    const { cluster } = evaluated;
    const problems = phases.time('lint', () =>
      req.lint === false
        ? { diagnostics: inputDiagnostics(evaluated.cluster.diagnostics, false), rules: {} }
        : this.problemsOf(evaluated, req),
    );
    const policies = phases.time('policies', () => this.policyInfos(evaluated, new Set(req.disabled)));
    const targets = phases.time('targets', () => targetSuggestions(cluster));
    return {
      stats: {
        files: req.files.length,
        namespaces: cluster.namespaces.size,
        pods: cluster.endpoints.length,
        workloads: cluster.workloads.length,
        services: cluster.services.length,
        policies: cluster.policies.length + cluster.ciliumPolicies.length + cluster.adminPolicies.length,
        classes: evaluated.reach.classes.length,
        connections: matrix.connections.length,
        reparsed: this.misses,
        millis: this.now() - started,
        phases: phases.done(),
      },
      ...problems,
      policies,
      model:
        model.edges.length > MAX_PAGE_EDGES
          ? { ...model, edges: model.edges.slice(0, MAX_PAGE_EDGES) }
          : model,
      view,
      graph,
      changes,
      heatmap,
      targets,
      omittedEdges: drawn.omitted,
      ...(drawn.notice === undefined ? {} : { notice: drawn.notice }),
    };
  }

  /** What `prepare` evaluated, for the first analysis to take up. */
  private prepared: Evaluated | undefined;

  /**
   * Evaluates the files as loaded (every policy on) ahead of the first analysis: the page sends
   * them as soon as it has them and builds itself meanwhile; the analysis that follows finds
   * them parsed and evaluated (and evaluates again what differs, if anything).
   */
  prepare(files: readonly InputFile[], cni: CniProfile | undefined): Readonly<Record<string, number>> {
    if (this.current !== undefined) return {};
    const phases = new Phases(this.now);
    this.phases = phases;
    this.prepared = this.evaluate(files, [], cni, undefined);
    this.phases = undefined;
    return phases.done();
  }

  /**
   * Takes parses of some of `files` made on other threads (see first-parse.ts) as the files'
   * current ones, so the next evaluation finds them parsed; files not in `parsed` are left as
   * they are.
   */
  adoptParsed(files: readonly InputFile[], parsed: ReadonlyMap<string, ParsedInput>): void {
    for (const file of files) {
      const result = parsed.get(file.name);
      if (result === undefined) continue;
      this.parser.adopt(file, result);
      this.parsed.set(file.name, { text: file.text, result });
    }
  }

  /** Parses one file ahead of the evaluation that will use it (the engine's share of a first parse). */
  parseAhead(file: InputFile): void {
    this.parse(file);
  }

  /** The stage timer of the analysis under way (evaluate adds its stages to it). */
  private phases: Phases | undefined;

  private readonly linted = new WeakMap<Evaluated, { config: string; findings: readonly Finding[] }>();
  private lastConfig: { text: string; parsed: ReturnType<typeof parseLintConfig> } | undefined;
  /** Each rule's last findings, reused while what the rule reads stays the same. */
  readonly lintRuns = new IncrementalLint();

  /**
   * What `kubereach lint` says of the workspace: its findings, then the input diagnostics no
   * rule reports, then what is wrong with the lint config. Linted once per evaluation, on the
   * engine results the graph was drawn from (an edit re-parses, re-normalizes and re-evaluates
   * only what changed, and lint reuses all of it); policies switched off (what-if) are linted
   * as written.
   */
  private problemsOf(
    evaluated: Evaluated,
    req: Pick<AnalyzeRequest, 'cni' | 'lintConfig'>,
  ): { diagnostics: DiagnosticInfo[]; rules: Record<string, RuleDoc> } {
    const configText = req.lintConfig?.text ?? '';
    if (this.lastConfig?.text !== configText)
      this.lastConfig = { text: configText, parsed: parseLintConfig(configText) };
    const { config, problems } = this.lastConfig.parsed;
    let findings = this.linted.get(evaluated);
    if (findings?.config !== configText) {
      const { cluster } = evaluated;
      const whole =
        cluster.policies.length === evaluated.allPolicies.length &&
        cluster.adminPolicies.length === evaluated.allAdminPolicies.length &&
        cluster.ciliumPolicies.length === evaluated.allCiliumPolicies.length;
      const options: LintOptions = {
        ...(req.cni === undefined ? {} : { cni: req.cni }),
        strict: config.strict === true,
        rules: problems.length === 0 ? config.rules : {},
        ignore: problems.length === 0 ? config.ignore : [],
        ...(whole ? { precomputed: { compiled: evaluated.compiled, reachability: evaluated.reach } } : {}),
      };
      const target = whole
        ? cluster
        : {
            ...cluster,
            policies: evaluated.allPolicies,
            adminPolicies: evaluated.allAdminPolicies,
            ciliumPolicies: evaluated.allCiliumPolicies,
          };
      findings = { config: configText, findings: this.lintRuns.lint(target, options) };
      this.linted.set(evaluated, findings);
    }
    const diagnostics: DiagnosticInfo[] = findings.findings.map(findingInfo);
    for (const d of inputDiagnostics(evaluated.cluster.diagnostics, true)) diagnostics.push(d);
    for (const p of problems)
      diagnostics.push({
        code: 'LINT_CONFIG',
        severity: 'error',
        message: `${req.lintConfig?.file ?? '.kubereach.yaml'}: ${p} (the lint config is not used)`,
      });
    const rules: Record<string, RuleDoc> = {};
    for (const f of findings.findings) {
      const rule = findRule(f.rule);
      if (rule !== undefined && rules[f.rule] === undefined)
        rules[f.rule] = { summary: rule.summary, description: rule.description, severity: rule.severity };
    }
    return { diagnostics, rules };
  }

  /** Lints the last analyzed workspace (after an analysis asked with `lint: false`). */
  lint(req: Pick<AnalyzeRequest, 'cni' | 'lintConfig'>): {
    diagnostics: DiagnosticInfo[];
    rules: Record<string, RuleDoc>;
  } {
    if (this.current === undefined) return { diagnostics: [], rules: {} };
    return this.problemsOf(this.current, req);
  }

  /** Explains one connection of the last analyzed workspace. */
  explain(query: ProbeQuery): ExplanationView {
    const current = this.current;
    const port: number | string = query.port ?? 80;
    const failed = (message: string): ExplanationView => ({
      src: query.src,
      dst: query.dst,
      port,
      protocol: query.protocol,
      verdict: 'error',
      allowed: false,
      headline: message,
      lines: [],
    });
    if (current === undefined) return failed('nothing is loaded yet');
    const entity = entityQuery(current.cluster, query);
    if (!entity.ok) return failed(entity.message);
    query = entity.query;
    const src = resolveStudioTarget(current.cluster, current.reach, query.src);
    if (!src.ok) return failed(`source: ${src.message}${src.hint === undefined ? '' : ` (${src.hint})`}`);
    const dst = resolveStudioTarget(current.cluster, current.reach, query.dst);
    if (!dst.ok)
      return failed(`destination: ${dst.message}${dst.hint === undefined ? '' : ` (${dst.hint})`}`);
    if (src.target.type === 'service')
      return failed('a Service does not send traffic: pick a pod or workload as the source');
    if (typeof port === 'string' && dst.target.type === 'external')
      return failed(`port name ${port} cannot be resolved for an address outside the cluster`);
    let chosen = { port, protocol: query.protocol };
    if (query.choosePort !== undefined) {
      const conns = this.connsBetween(current, query.src, query.dst) ?? EMPTY_CONNS;
      chosen = probePort(conns, query.choosePort.filter);
    }
    const result = checkConnection(current.compiled, src.target, dst.target, chosen.port, chosen.protocol);
    return explanationView(explainCheck(current.compiled, result), result);
  }

  /** What the matrix of any computed granularity says about a pair of node ids. */
  private connsBetween(evaluated: Evaluated, src: string, dst: string): ConnSet | undefined {
    for (const m of evaluated.matrices.values()) {
      const hit = m.connections.find((c) => c.src === src && c.dst === dst);
      if (hit !== undefined) return hit.conns;
    }
    return undefined;
  }

  private evaluate(
    files: readonly InputFile[],
    disabled: readonly string[],
    cni: CniProfile | undefined,
    reuse: Evaluated | undefined,
  ): Evaluated {
    const phases = this.phases ?? new Phases(this.now);
    const parsed = phases.time('parse', () => files.map((f) => this.parse(f)));
    const key = JSON.stringify([cni, [...disabled].sort(), files.map((f) => f.name)]);
    if (
      reuse !== undefined &&
      reuse.key === key &&
      reuse.parsed.length === parsed.length &&
      reuse.parsed.every((p, i) => p === parsed[i])
    ) {
      return reuse;
    }
    const texts = new Map(files.map((f) => [f.name, f.text]));
    const locator = new CombinedLocator(
      new Map(files.map((f, i) => [f.name, parsed[i]!.locator])),
      this.positions,
      (name) => this.documentLocator(name, texts.get(name)),
    );
    const normalized = phases.time('normalize', () =>
      normalizeObjects(
        parsed.flatMap((p) => p.objects),
        locator,
      ),
    );
    const diagnostics: Diagnostic[] = [...parsed.flatMap((p) => p.diagnostics), ...normalized.diagnostics];
    const off = new Set(disabled);
    const cluster: Cluster = {
      ...normalized,
      policies: normalized.policies.filter((p) => !off.has(p.id)),
      adminPolicies: normalized.adminPolicies.filter((p) => !off.has(p.id)),
      ciliumPolicies: normalized.ciliumPolicies.filter((p) => !off.has(p.id)),
      diagnostics,
      locator,
    };
    const compiled = phases.time('compile', () => compileCluster(cluster, cni === undefined ? {} : { cni }));
    const reach = phases.time('reach', () => computeReachability(compiled));
    const affected =
      reuse === undefined
        ? undefined
        : phases.time('affected', () => affectedEndpoints(reuse.compiled, compiled));
    return {
      ...(affected === undefined || reuse === undefined
        ? {}
        : { patch: { matrices: reuse.matrices, affected } }),
      key,
      parsed,
      cluster,
      compiled,
      reach,
      matrices: new Map(),
      allPolicies: normalized.policies,
      allAdminPolicies: normalized.adminPolicies,
      allCiliumPolicies: normalized.ciliumPolicies,
    };
  }

  private misses = 0;
  private readonly parser = new IncrementalParser();
  private readonly documentLocators = new Map<string, { text: string; locator: SourceLocator | undefined }>();

  /** The document-by-document locator of a file's text, kept while the text stays the same. */
  private documentLocator(name: string, text: string | undefined): SourceLocator | undefined {
    if (text === undefined) return undefined;
    const hit = this.documentLocators.get(name);
    if (hit?.text === text) return hit.locator;
    const locator = documentLocatorOf(name, text);
    this.documentLocators.set(name, { text, locator });
    return locator;
  }

  /** Parses a file again only when its text changed, and then only the documents that did. */
  private parse(file: InputFile): ParsedInput {
    const hit = this.parsed.get(file.name);
    if (hit !== undefined && hit.text === file.text) return hit.result;
    this.misses++;
    const result = this.parser.parse(file);
    this.parsed.set(file.name, { text: file.text, result });
    return result;
  }

  private lastChanges:
    | {
        baseline: Evaluated;
        current: Evaluated;
        granularity: Granularity;
        changes: EdgeChange[];
        attributed: boolean;
      }
    | undefined;
  /** The granularity the last analysis compared at. */
  private lastGranularity: GraphGranularity = 'workload';

  /**
   * The heatmap at a granularity, namespaces folded as asked (by default all of them when there
   * are more rows than read well), each folded namespace one row and column.
   */
  private heatmapOf(evaluated: Evaluated, asked: NonNullable<AnalyzeRequest['heatmap']>): Heatmap {
    const { granularity, filter } = asked;
    const rows = this.matrixOf(evaluated, granularity).nodes;
    if (granularity === 'namespace') {
      if (rows.length > MAX_HEATMAP_NODES) return omittedHeatmap(rows.length);
      const links = entityLinks(this.matrixOf(evaluated, granularity));
      return buildHeatmap(evaluated.reach, rows, filter, new Set(), links);
    }
    const namespaces = this.matrixOf(evaluated, 'namespace').nodes;
    const folded = new Set(
      asked.folded ??
        (rows.length > LEGIBLE_HEATMAP_ROWS
          ? namespaces.filter((n) => n.kind === 'Namespace').map((n) => n.id)
          : []),
    );
    const axis = foldRows(rows, namespaces, folded);
    if (axis.length > MAX_HEATMAP_NODES) return omittedHeatmap(axis.length);
    return buildHeatmap(
      evaluated.reach,
      axis,
      filter,
      folded,
      // each pod answers for its own workload (or pod), also in a folded namespace's row
      entityLinks(this.matrixOf(evaluated, granularity)),
    );
  }

  /**
   * The changes from the baseline, computed once per pair of evaluations (views reuse them).
   * Without `attributed`, the policies responsible are left out (`causes` empty): the graph
   * needs only which connections changed, and the attribution costs several times the
   * comparison, so the page asks for it after the graph is drawn (`attributedChanges`).
   */
  private changesOf(
    baseline: Evaluated,
    current: Evaluated,
    granularity: GraphGranularity,
    attributed = false,
  ): EdgeChange[] {
    if (baseline === current) return [];
    const hit = this.lastChanges;
    if (
      hit?.baseline === baseline &&
      hit.current === current &&
      hit.granularity === granularity &&
      (hit.attributed || !attributed)
    )
      return hit.changes;
    const changes = connectivityChanges(
      { reach: baseline.reach, matrix: this.matrixOf(baseline, granularity) },
      { reach: current.reach, matrix: this.matrixOf(current, granularity) },
      granularity,
      attributed ? MAX_ATTRIBUTED : 0,
    );
    this.lastChanges = { baseline, current, granularity, changes, attributed };
    return changes;
  }

  /** The model, view asked and graph of the last analysis, to draw again with all changes. */
  private lastDrawn: { model: GraphModel; asked: GraphViewOptions; graph: VisibleGraph } | undefined;

  /**
   * What the graph of an analysis marks as changed: the connections drawn differently (see
   * drawnChanges), without the pod-by-pod comparison and the policies responsible, which come
   * after the graph (`changesAfterGraph`).
   */
  private drawnChangesOf(
    baseline: Evaluated,
    current: Evaluated,
    granularity: GraphGranularity,
  ): EdgeChange[] {
    if (baseline === current) return [];
    const before = { reach: baseline.reach, matrix: this.matrixOf(baseline, granularity) };
    const after = { reach: current.reach, matrix: this.matrixOf(current, granularity) };
    const drawn = drawnChanges(before, after);
    if (drawn !== undefined) return drawn;
    // Outside addresses cut differently: compared pod by pod, the policies responsible still
    // left for later (whether or not they were found already), so an analysis never depends on
    // what was asked before it.
    return this.changesOf(baseline, current, granularity).map((c) =>
      c.causes.length === 0 ? c : { ...c, causes: [] },
    );
  }

  /**
   * After the graph: the changes of the last analysis compared pod by pod, each with the
   * policies responsible, and the graph drawn again when they mark it differently than the
   * analysis did (a change hidden inside a pair of workloads, say).
   */
  changesAfterGraph(): { changes: EdgeChange[]; drawn?: ReturnType<typeof drawableGraph> } {
    const changes = this.attributedChanges();
    const last = this.lastDrawn;
    if (last === undefined) return { changes };
    const drawn = drawableGraph(last.model, last.asked, changes);
    const marks = (g: VisibleGraph) => g.edges.map((e) => `${e.id}\u0000${e.change ?? ''}`).join('\u0001');
    return marks(drawn.graph) === marks(last.graph) ? { changes } : { changes, drawn };
  }

  /**
   * The changes of the last analysis from its baseline, compared pod by pod, each with the
   * policies responsible (the analysis itself leaves them out, so its graph comes first).
   */
  attributedChanges(): EdgeChange[] {
    const current = this.current;
    if (current === undefined || this.baseline === undefined) return [];
    return this.changesOf(this.baseline, current, this.lastGranularity, true);
  }

  /** The graph model of each matrix drawn, kept while the matrix is. */
  private readonly models = new WeakMap<Matrix, GraphModel>();

  /**
   * The graph model of an evaluation's matrix: after an edit of policies, the model before it
   * with the nodes the edit can touch described again (`updateGraphModel`).
   */
  private modelOf(evaluated: Evaluated, matrix: Matrix, granularity: Granularity): GraphModel {
    let model = this.models.get(matrix);
    if (model !== undefined) return model;
    const patch = evaluated.patch;
    const before = patch?.matrices.get(granularity);
    const previous = before === undefined ? undefined : this.models.get(before);
    if (patch !== undefined && previous !== undefined && before!.nodes === matrix.nodes) {
      const { ingress, egress } = patch.affected;
      model = updateGraphModel(previous, matrix, evaluated.reach, (n) =>
        n.endpoints.some((e) => ingress.has(e) || egress.has(e)),
      );
    } else model = buildGraphModel(matrix, evaluated.reach);
    this.models.set(matrix, model);
    return model;
  }

  private matrixOf(evaluated: Evaluated, granularity: Granularity): Matrix {
    let m = evaluated.matrices.get(granularity);
    if (m === undefined) {
      const before = evaluated.patch?.matrices.get(granularity);
      m =
        (before === undefined
          ? undefined
          : updateMatrix(before, evaluated.reach, evaluated.patch!.affected)) ??
        buildMatrix(evaluated.reach, { granularity, entities: true });
      evaluated.matrices.set(granularity, m);
    }
    return m;
  }

  /** Pods a policy selects, remembered per policy object while the endpoints stay the same. */
  private readonly selected = new WeakMap<object, { endpoints: object; count: number }>();

  private selectedCount(
    policy: Cluster['policies'][number],
    endpoints: Cluster['endpoints'],
    byNamespace: ReadonlyMap<string, Cluster['endpoints'][number][]>,
  ): number {
    const hit = this.selected.get(policy);
    if (hit !== undefined && hit.endpoints === endpoints) return hit.count;
    const subject = { namespace: policy.namespace, namespaceSelector: null, podSelector: policy.podSelector };
    const count = (byNamespace.get(policy.namespace) ?? []).filter((e) =>
      subjectSelects(subject, e, () => ({})),
    ).length;
    this.selected.set(policy, { endpoints, count });
    return count;
  }

  private policyInfos(evaluated: Evaluated, disabled: ReadonlySet<string>): PolicyInfo[] {
    const { cluster } = evaluated;
    const byNamespace = new Map<string, Cluster['endpoints'][number][]>();
    for (const e of cluster.endpoints) {
      const list = byNamespace.get(e.namespace) ?? [];
      list.push(e);
      byNamespace.set(e.namespace, list);
    }
    return evaluated.allPolicies
      .map((p) => ({
        id: p.id,
        namespace: p.namespace,
        name: p.name,
        policyTypes: p.policyTypes,
        enabled: !disabled.has(p.id),
        selects: this.selectedCount(p, cluster.endpoints, byNamespace),
        source: sourceLink(cluster.locator, p.source),
      }))
      .concat(ciliumPolicyInfos(evaluated.allCiliumPolicies, cluster, disabled))
      .concat(this.adminInfos(evaluated, disabled));
  }

  /**
   * The cluster-scoped policies (AdminNetworkPolicy, BaselineAdminNetworkPolicy,
   * ClusterNetworkPolicy), admin tier first, each tier by priority: the order the engine walks.
   */
  private adminInfos(evaluated: Evaluated, disabled: ReadonlySet<string>): PolicyInfo[] {
    const { cluster } = evaluated;
    const labels = (ns: string) => cluster.namespaces.get(ns)?.labels ?? {};
    const tierRank = (t: 'admin' | 'baseline') => (t === 'admin' ? 0 : 1);
    return [...evaluated.allAdminPolicies]
      .sort((a, b) => tierRank(a.tier) - tierRank(b.tier) || a.priority - b.priority)
      .map((p) => {
        const subject =
          p.subject.type === 'namespaces'
            ? { namespace: null, namespaceSelector: p.subject.namespaceSelector, podSelector: null }
            : {
                namespace: null,
                namespaceSelector: p.subject.namespaceSelector,
                podSelector: p.subject.podSelector,
              };
        return {
          id: p.id,
          namespace: '',
          name: p.name,
          kind: p.kind,
          tier: p.tier,
          priority: p.priority,
          policyTypes: [
            ...(p.ingress.length > 0 ? (['Ingress'] as const) : []),
            ...(p.egress.length > 0 ? (['Egress'] as const) : []),
          ],
          enabled: !disabled.has(p.id),
          selects: cluster.endpoints.filter((e) => subjectSelects(subject, e, labels)).length,
          source: sourceLink(cluster.locator, p.source),
        };
      });
  }
}

/**
 * The graph the page can draw: as asked when it has at most MAX_DRAWN_EDGES edges; else, in the
 * overview, with every namespace folded; and if that is still too many, without the edges that
 * did not change (a drilled-into namespace or a focused workload keeps its first ones).
 */
export function drawableGraph(
  model: GraphModel,
  asked: GraphViewOptions,
  changes: readonly EdgeChange[],
): { view: GraphViewOptions; graph: VisibleGraph; omitted: number; notice?: string } {
  let view = asked;
  let graph = projectGraph(model, view, changes);
  let notice: string | undefined;
  const overview = (view.scope?.type ?? 'all') === 'all';
  if (graph.edges.length > MAX_DRAWN_EDGES && overview && view.collapsed.length < model.namespaces.length) {
    notice = `${graph.edges.length} connections are too many to draw: every namespace is folded.`;
    view = { ...view, collapsed: model.namespaces.map((n) => n.name) };
    graph = projectGraph(model, view, changes);
  }
  if (graph.edges.length <= MAX_DRAWN_EDGES)
    return { view, graph, omitted: 0, ...(notice === undefined ? {} : { notice }) };
  const kept = overview
    ? graph.edges.filter((e) => e.change !== undefined).slice(0, MAX_DRAWN_EDGES)
    : graph.edges.slice(0, MAX_DRAWN_EDGES);
  const omitted = graph.edges.length - kept.length;
  return {
    view,
    graph: { ...graph, edges: kept },
    omitted,
    notice: overview
      ? `${omitted} connections between namespaces are not drawn (more than ${MAX_DRAWN_EDGES}): click a namespace to see its own.`
      : `${omitted} of ${graph.edges.length} connections are not drawn (more than ${MAX_DRAWN_EDGES}).`,
  };
}

/** Milliseconds per named stage; a stage timed twice adds up. */
export class Phases {
  private readonly spent: Record<string, number> = {};

  constructor(private readonly now: () => number) {}

  time<T>(stage: string, run: () => T): T {
    const start = this.now();
    try {
      return run();
    } finally {
      this.spent[stage] = (this.spent[stage] ?? 0) + this.now() - start;
    }
  }

  done(): Readonly<Record<string, number>> {
    return { ...this.spent };
  }
}

/** The documentation of a lint rule, as the Problems panel shows it. */
export interface RuleDoc {
  readonly summary: string;
  readonly description: string;
  readonly severity: Severity;
}

function findingInfo(f: Finding): DiagnosticInfo {
  return {
    code: f.rule,
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    ...(f.hint === undefined ? {} : { hint: f.hint }),
    ...(f.source === undefined
      ? {}
      : { source: { file: f.source.file, line: f.source.line, column: f.source.column } }),
  };
}

/**
 * The input diagnostics the page shows: with lint, those no rule reports (lint reports the
 * others, as `kubereach lint` does); before lint ran, every one.
 */
function inputDiagnostics(diagnostics: readonly Diagnostic[], linted: boolean): DiagnosticInfo[] {
  const out: DiagnosticInfo[] = [];
  for (const d of diagnostics) if (!linted || diagnosticRule(d) === undefined) out.push(diagnosticInfo(d));
  return out;
}

function diagnosticInfo(d: Diagnostic): DiagnosticInfo {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...(d.hint === undefined ? {} : { hint: d.hint }),
    ...(d.source === undefined
      ? {}
      : { source: { file: d.source.file, line: d.source.line, column: d.source.column } }),
  };
}
