import {
  type Diagnostic,
  type DiagnosticCode,
  formatObjectRef,
  type ObjectRef,
  type Severity,
} from './diagnostics.js';
import { formatPath, type PathSegment, type SourceLocator, type SourceRef } from './source.js';
import type { LabelRequirement, LabelSelector, Labels, SelectorOperator } from './types.js';
import { checkLabelKey, checkLabelValue } from './validation.js';

/** Collects diagnostics about one object, with positions, and counts its errors. */
export class ObjectContext {
  errors = 0;

  constructor(
    readonly ref: ObjectRef,
    readonly source: SourceRef,
    private readonly locator: SourceLocator,
    private readonly sink: Diagnostic[],
  ) {}

  report(
    code: DiagnosticCode,
    severity: Severity,
    path: readonly PathSegment[],
    what: string,
    hint?: string,
  ): void {
    if (severity === 'error') this.errors++;
    const field = formatPath(path);
    this.sink.push({
      code,
      severity,
      message: `${formatObjectRef(this.ref)}${field === '' ? '' : ` ${field}`}: ${what}`,
      object: this.ref,
      ...(field === '' ? {} : { path: field }),
      source: this.locator.locate(this.source, path),
      ...(hint === undefined ? {} : { hint }),
    });
  }

  /** An error the API server would reject the object for. */
  invalid(code: DiagnosticCode, path: readonly PathSegment[], what: string, hint?: string): void {
    this.report(code, 'error', path, what, hint);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

/** Reads an optional mapping; reports and returns undefined when the value is something else. */
export function readRecord(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (isRecord(value)) return value;
  ctx.invalid('INVALID_TYPE', path, `must be a mapping, not ${describeValue(value)}`);
  return undefined;
}

/** Reads an optional list; reports and returns [] when the value is something else. */
export function readList(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  ctx.invalid('INVALID_TYPE', path, `must be a list, not ${describeValue(value)}`);
  return [];
}

export function readString(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  ctx.invalid(
    'INVALID_TYPE',
    path,
    `must be a string, not ${describeValue(value)}`,
    typeof value === 'boolean' || typeof value === 'number'
      ? `quote the value as written: YAML read it as the ${typeof value} ${String(value)}`
      : undefined,
  );
  return undefined;
}

export function readBoolean(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  ctx.invalid('INVALID_TYPE', path, `must be true or false, not ${describeValue(value)}`);
  return undefined;
}

/** Reports fields a strict decoder (kubectl's default `--validate=strict`) rejects as unknown. */
export function checkKnownFields(
  ctx: ObjectContext,
  value: Record<string, unknown>,
  path: readonly PathSegment[],
  known: readonly string[],
): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const close = known.find((k) => k.toLowerCase() === key.toLowerCase() || editDistance(k, key) <= 2);
    ctx.invalid(
      'UNKNOWN_FIELD',
      [...path, key],
      `unknown field "${key}"`,
      close === undefined ? `known fields here: ${known.join(', ')}` : `did you mean "${close}"?`,
    );
  }
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/** Reads `metadata.labels` (or any label map), validating keys and values. */
export function readLabels(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  checkKey: (key: string) => string | undefined = checkLabelKey,
): Labels {
  const rec = readRecord(ctx, value, path);
  if (rec === undefined) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(rec)) {
    const keyErr = checkKey(key);
    if (keyErr !== undefined) {
      ctx.invalid('INVALID_LABEL', [...path, key], `label key ${JSON.stringify(key)} ${keyErr}`);
      continue;
    }
    const str = readString(ctx, v, [...path, key]);
    if (str === undefined) continue;
    const valueErr = checkLabelValue(str);
    if (valueErr !== undefined) {
      ctx.invalid('INVALID_LABEL', [...path, key], `label value ${JSON.stringify(str)} ${valueErr}`);
      continue;
    }
    out[key] = str;
  }
  return out;
}

const OPERATORS: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * Reads a `metav1.LabelSelector` with the API server's validation
 * (ValidateLabelSelector): In/NotIn need values, Exists/DoesNotExist must have none. `checkKey`
 * validates label keys (Kubernetes' qualified names unless another dialect says otherwise).
 */
export function readSelector(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  checkKey: (key: string) => string | undefined = checkLabelKey,
): LabelSelector {
  const rec = readRecord(ctx, value, path);
  if (rec === undefined) return { matchLabels: {}, matchExpressions: [] };
  checkKnownFields(ctx, rec, path, ['matchLabels', 'matchExpressions']);
  const matchLabels = readLabels(ctx, rec.matchLabels, [...path, 'matchLabels'], checkKey);
  const matchExpressions: LabelRequirement[] = [];
  readList(ctx, rec.matchExpressions, [...path, 'matchExpressions']).forEach((item, i) => {
    const p = [...path, 'matchExpressions', i];
    const expr = readRecord(ctx, item, p);
    if (expr === undefined) return;
    checkKnownFields(ctx, expr, p, ['key', 'operator', 'values']);
    const key = readString(ctx, expr.key, [...p, 'key']);
    const operator = readString(ctx, expr.operator, [...p, 'operator']);
    const values: string[] = [];
    readList(ctx, expr.values, [...p, 'values']).forEach((v, j) => {
      const s = readString(ctx, v, [...p, 'values', j]);
      if (s === undefined) return;
      const err = checkLabelValue(s);
      if (err !== undefined)
        ctx.invalid('INVALID_LABEL', [...p, 'values', j], `value ${JSON.stringify(s)} ${err}`);
      else values.push(s);
    });
    if (key === undefined) {
      ctx.invalid('INVALID_SELECTOR', [...p, 'key'], 'key is required');
      return;
    }
    const keyErr = checkKey(key);
    if (keyErr !== undefined)
      ctx.invalid('INVALID_LABEL', [...p, 'key'], `key ${JSON.stringify(key)} ${keyErr}`);
    if (operator === undefined || !OPERATORS.includes(operator as SelectorOperator)) {
      const close = OPERATORS.find((o) => o.toLowerCase() === operator?.toLowerCase());
      ctx.invalid(
        'INVALID_SELECTOR',
        [...p, 'operator'],
        operator === undefined
          ? 'operator is required'
          : `operator ${JSON.stringify(operator)} is not supported`,
        close === undefined
          ? 'use In, NotIn, Exists or DoesNotExist'
          : `operators are case-sensitive: ${close}`,
      );
      return;
    }
    const op = operator as SelectorOperator;
    if ((op === 'In' || op === 'NotIn') && values.length === 0) {
      ctx.invalid('INVALID_SELECTOR', [...p, 'values'], `must be specified when operator is ${op}`);
      return;
    }
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
      ctx.invalid('INVALID_SELECTOR', [...p, 'values'], `may not be specified when operator is ${op}`);
      return;
    }
    matchExpressions.push({ key, operator: op, values });
  });
  return { matchLabels, matchExpressions };
}

/** Fields of `rec` that are set (neither absent nor null), among `names`. */
export function setFields(rec: Record<string, unknown>, names: readonly string[]): string[] {
  return names.filter((n) => rec[n] !== undefined && rec[n] !== null);
}
