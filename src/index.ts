/**
 * kubereach's library API: load manifests, compile policies, compute and explain reachability.
 * Re-exports only; each module documents its contract.
 */

export {
  type PairOutcome,
  type RunOptions,
  runReachabilityTests,
  type TestOutcome,
  type TestRun,
} from './assert/run.js';
export { parseTestSpec, type SpecParse } from './assert/spec.js';
export type {
  EndpointSpec,
  Expectation,
  ReachabilityTestCase,
  ReachabilityTestSpec,
} from './assert/types.js';
export { type DiffOptions, diffClusters } from './diff/diff.js';
export type {
  CauseEffect,
  ChangeType,
  ConnectionChange,
  ConnectivityDiff,
  PolicyCause,
  PolicyStatus,
} from './diff/types.js';
export { hasDifferences } from './diff/types.js';
export { type CheckResult, type CheckVerdict, checkConnection } from './engine/check.js';
export {
  type CniProfile,
  type CompiledCluster,
  compileCluster,
  type EngineOptions,
} from './engine/compile.js';
export {
  type ConnectionEvaluation,
  type DirectionEvaluation,
  evaluateConnection,
  type Party,
  type RuleMatch,
} from './engine/evaluate.js';
export {
  buildMatrix,
  type Granularity,
  type Matrix,
  type MatrixNode,
  type MatrixOptions,
} from './engine/matrix.js';
export { type ConnSet, connsAllow, connsToJson, formatConns } from './engine/port-set.js';
export { computeReachability, type Reachability } from './engine/reachability.js';
export type { Decision, DecisionCause, RuleHit } from './engine/resolve.js';
export type { AnyPolicy, CompiledPolicy, CompiledRule, Tier } from './engine/rules.js';
export { formatTarget, resolveTarget, type Target } from './engine/targets.js';
export type * as Explain from './explain/index.js';
export {
  describePolicies,
  describePolicy,
  explainCheck,
  explainConnection,
  explainEvaluation,
  explainMatrix,
} from './explain/index.js';
export { analyzePeers, type PeerOptions } from './exposure/peers.js';
export { analyzeExposure, type ExposureOptions } from './exposure/report.js';
export type {
  ExposureReport,
  ExternalExposure,
  IsolationState as WorkloadIsolationState,
  NamespaceWideExposure,
  Peer,
  PeerDirection,
  PeerList,
  PeerReport,
  WorkloadIsolation,
} from './exposure/types.js';
export { type Focus, focusMatrix, type MatrixView, type PortFilter, viewMatrix } from './focus/focus.js';
export { type EndpointPattern, parseEndpointPattern } from './focus/pattern.js';
export { type LintConfig, parseLintConfig } from './lint/config.js';
export {
  type ActiveRule,
  type IgnoreEntry,
  type LintOptions,
  lintCluster,
  type RuleSetting,
  resolveRules,
} from './lint/lint.js';
export { LINT_RULES } from './lint/registry.js';
export type { Finding, LintRule } from './lint/types.js';
export { LiveError, type LiveFailureCode } from './live/errors.js';
export { type LiveOptions, readCluster } from './live/read.js';
export { clusterFromSnapshot, type LiveSnapshot, snapshotList } from './live/snapshot.js';
export { type ClusterWatch, type WatchOptions, watchCluster } from './live/watch.js';
export { loadManifests } from './load.js';
export type { Diagnostic, DiagnosticCode, ObjectRef, Severity } from './model/diagnostics.js';
export { type NormalizeOptions, normalizeObjects } from './model/normalize.js';
export {
  formatPosition,
  type PathSegment,
  type SourceLocator,
  type SourcePosition,
  type SourceRef,
} from './model/source.js';
export type * from './model/types.js';
export { MATRIX_FORMATS, type MatrixFormat, renderMatrix } from './render/matrix/format.js';
export { renderSnapshot, type SnapshotFormat } from './render/snapshot.js';
export { type GitReadResult, parseRevisionRange, readGitRevision } from './sources/git.js';
export { type InputFile, parseInputs, type RawObject } from './sources/parse.js';
