import type { FixQuery, FixView } from '../builder/fix-view.js';
import type { EdgeChange } from '../diff/changes.js';
import type { ExplanationView } from '../explain/types.js';
import type { GraphLayout } from '../graph/layout.js';
import type { GraphViewOptions, VisibleGraph } from '../graph/project.js';
import type { DiagnosticInfo, ProbeQuery } from '../view/types.js';
import type { PackedAnalysis } from './delta.js';
import type { SentFile } from './file-sync.js';
import type { AnalyzeRequest, RuleDoc } from './session.js';

/** Messages from the page to the engine worker. */
export type WorkerRequest =
  | { readonly type: 'analyze'; readonly id: number; readonly request: SentAnalyzeRequest }
  | { readonly type: 'explain'; readonly id: number; readonly query: ProbeQuery }
  | { readonly type: 'fix'; readonly id: number; readonly query: FixQuery }
  | { readonly type: 'lint'; readonly id: number; readonly request: LintRequest }
  | { readonly type: 'changes'; readonly id: number }
  | { readonly type: 'prepare'; readonly id: number; readonly request: PrepareRequest }
  | {
      /** Evaluate a snapshot's files (its JSON body, transferred); answered with `prepared`. */
      readonly type: 'load';
      readonly id: number;
      readonly bytes: ArrayBuffer;
    };

/** An analysis request as sent: files the engine holds already go by name (see file-sync.ts). */
export type SentAnalyzeRequest = Omit<AnalyzeRequest, 'files'> & { readonly files: readonly SentFile[] };

/** The files as loaded, to evaluate before the page asks for its first analysis. */
export type PrepareRequest = Pick<AnalyzeRequest, 'files' | 'cni'>;

/** Lint the last analyzed workspace with these settings. */
export type LintRequest = Pick<AnalyzeRequest, 'cni' | 'lintConfig'>;

/** What lint found: findings and the input diagnostics no rule reports, and the rules' docs. */
export interface LintResult {
  readonly diagnostics: readonly DiagnosticInfo[];
  readonly rules: Readonly<Record<string, RuleDoc>>;
  /** Milliseconds the engine spent linting. */
  readonly millis?: number;
}

/**
 * The changes of the last analysis with the policies responsible; with the graph drawn again
 * when they mark it differently than the analysis did.
 */
export interface ChangesResult {
  readonly changes: readonly EdgeChange[];
  readonly redrawn?: {
    readonly view: GraphViewOptions;
    readonly graph: VisibleGraph;
    readonly layout: GraphLayout;
    readonly omittedEdges: number;
    readonly notice?: string;
  };
}

/** Messages from the engine worker to the page, answering the request with the same id. */
export type WorkerResponse =
  | {
      readonly type: 'analysis';
      readonly id: number;
      /** The result without what the page holds already (see AnalysisPacker). */
      readonly packed: PackedAnalysis;
      readonly layout: GraphLayout;
    }
  | { readonly type: 'explanation'; readonly id: number; readonly result: ExplanationView }
  | { readonly type: 'fixes'; readonly id: number; readonly result: FixView }
  | { readonly type: 'lint'; readonly id: number; readonly result: LintResult }
  | { readonly type: 'changes'; readonly id: number; readonly result: ChangesResult }
  | {
      readonly type: 'prepared';
      readonly id: number;
      /** Milliseconds per stage of the evaluation ahead of the first analysis. */
      readonly phases?: Readonly<Record<string, number>>;
    }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
