import { formatSelector } from '../engine/label-selector.js';
import type { Diagnostic } from '../model/diagnostics.js';
import {
  checkKnownFields,
  describeValue,
  isRecord,
  ObjectContext,
  readList,
  readSelector,
  readString,
} from '../model/fields.js';
import type { PathSegment, SourceLocator, SourcePosition, SourceRef } from '../model/source.js';
import { type LabelSelector, PROTOCOLS, type Protocol } from '../model/types.js';
import { checkDns1123Label, checkPortName, checkPortNumber } from '../model/validation.js';
import { type InputFile, parseInputs } from '../sources/parse.js';
import { parseSelectorText } from './selector.js';
import {
  type EndpointSpec,
  EXPECTATIONS,
  type Expectation,
  type ReachabilityTestCase,
  type ReachabilityTestSpec,
} from './types.js';

/** The apiVersion and kind of a spec file. */
export const SPEC_API_VERSION = 'kubereach/v1';
export const SPEC_KIND = 'ReachabilityTest';

export interface SpecParse {
  readonly spec: ReachabilityTestSpec;
  /** Problems with positions; any error means the spec must not be run. */
  readonly diagnostics: readonly Diagnostic[];
  /** Finds positions of fields in the spec file. */
  readonly locator: SourceLocator;
}

const TEST_FIELDS = ['name', 'from', 'to', 'port', 'protocol', 'expect'];
const GROUP_FIELDS = ['namespace', 'namespaceSelector', 'selector'];

/**
 * Reads a `ReachabilityTest` spec (YAML or JSON, one or more documents):
 * `apiVersion: kubereach/v1`, `kind: ReachabilityTest`, optional `metadata.name`, and `tests`,
 * a list of `{name?, from, to, port?, protocol?, expect}`. Never throws: every problem is a
 * diagnostic at its line, and the tests that could be read are returned.
 */
export function parseTestSpec(file: InputFile): SpecParse {
  const parsed = parseInputs([file]);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const tests: ReachabilityTestCase[] = [];
  let name: string | undefined;
  for (const object of parsed.objects) {
    const v = object.value;
    const metadata = isRecord(v.metadata) ? v.metadata : {};
    const docName = typeof metadata.name === 'string' ? metadata.name : basename(file.name);
    name ??= docName;
    const ctx = new ObjectContext(
      { kind: SPEC_KIND, name: docName },
      object.source,
      parsed.locator,
      diagnostics,
    );
    if (v.apiVersion !== SPEC_API_VERSION || v.kind !== SPEC_KIND) {
      const what = `${typeof v.apiVersion === 'string' ? v.apiVersion : '(no apiVersion)'} ${typeof v.kind === 'string' ? v.kind : '(no kind)'}`;
      ctx.invalid(
        v.kind === undefined ? 'MISSING_KIND' : 'UNSUPPORTED_KIND',
        v.apiVersion !== SPEC_API_VERSION ? ['apiVersion'] : ['kind'],
        `${what} is not a reachability test spec`,
        `a spec starts with apiVersion: ${SPEC_API_VERSION} and kind: ${SPEC_KIND}; manifests go after the spec: kubereach test SPEC PATHS`,
      );
      continue;
    }
    checkKnownFields(ctx, v, [], ['apiVersion', 'kind', 'metadata', 'tests']);
    if (v.tests === undefined || v.tests === null) {
      ctx.invalid('MISSING_FIELD', [], 'tests is missing', 'list the assertions under tests:');
      continue;
    }
    const items = readList(ctx, v.tests, ['tests']);
    if (Array.isArray(v.tests) && items.length === 0)
      ctx.invalid(
        'MISSING_FIELD',
        ['tests'],
        'has no tests',
        'an empty spec would pass without testing anything',
      );
    const reader = new TestReader(ctx, parsed.locator, object.source);
    items.forEach((item, i) => {
      const test = reader.read(item, tests.length, ['tests', i]);
      if (test !== undefined) tests.push(test);
    });
  }
  if (parsed.objects.length === 0 && !diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push({
      code: 'EMPTY_INPUT',
      severity: 'error',
      message: `${file.name} has no ${SPEC_KIND}`,
      source: { file: file.name, line: 1, column: 1 },
    });
  }
  return {
    spec: { name: name ?? basename(file.name), file: file.name, tests },
    diagnostics,
    locator: parsed.locator,
  };
}

class TestReader {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly locator: SourceLocator,
    private readonly source: SourceRef,
  ) {}

  private at(path: readonly PathSegment[]): SourcePosition {
    return this.locator.locate(this.source, path);
  }

  read(item: unknown, index: number, path: readonly PathSegment[]): ReachabilityTestCase | undefined {
    const ctx = this.ctx;
    if (!isRecord(item)) {
      ctx.invalid(
        'INVALID_TYPE',
        path,
        `must be a mapping with from, to and expect, not ${describeValue(item)}`,
      );
      return undefined;
    }
    const before = ctx.errors;
    checkKnownFields(ctx, item, path, TEST_FIELDS);
    const name = readString(ctx, item.name, [...path, 'name']);
    const from = this.endpoint(item.from, [...path, 'from']);
    const to = this.endpoint(item.to, [...path, 'to']);
    const port = this.port(item.port, [...path, 'port']);
    const protocol = this.protocol(item.protocol, [...path, 'protocol']);
    const expect = this.expect(item.expect, [...path, 'expect']);
    if (ctx.errors > before || from === undefined || to === undefined || expect === undefined)
      return undefined;
    return {
      index,
      name: name ?? `${from.text} → ${to.text} ${port}/${protocol} ${expect}`,
      from,
      to,
      port,
      protocol,
      expect,
      source: this.at(path),
      fromSource: this.at([...path, 'from']),
      toSource: this.at([...path, 'to']),
    };
  }

  private endpoint(value: unknown, path: readonly PathSegment[]): EndpointSpec | undefined {
    const ctx = this.ctx;
    const field = path[path.length - 1];
    if (value === undefined || value === null) {
      ctx.invalid(
        'MISSING_FIELD',
        path,
        `${String(field)} is missing`,
        'write NAMESPACE/NAME, NAMESPACE/KIND/NAME, an IP, NAMESPACE/* or {namespace: NS, selector: KEY=VALUE}',
      );
      return undefined;
    }
    if (typeof value === 'string') {
      const text = value.trim();
      const group = /^([^/]+)\/\*$/.exec(text);
      if (group !== null) {
        const err = checkDns1123Label(group[1]!);
        if (err !== undefined) {
          ctx.invalid('INVALID_VALUE', path, `namespace ${JSON.stringify(group[1])} ${err}`);
          return undefined;
        }
        return { type: 'namespace', namespace: group[1]!, text };
      }
      if (text === '') {
        ctx.invalid('INVALID_VALUE', path, 'is empty');
        return undefined;
      }
      return { type: 'name', text };
    }
    if (!isRecord(value)) {
      ctx.invalid(
        'INVALID_TYPE',
        path,
        `must be an endpoint name or a group mapping, not ${describeValue(value)}`,
      );
      return undefined;
    }
    checkKnownFields(ctx, value, path, GROUP_FIELDS);
    const namespace = readString(ctx, value.namespace, [...path, 'namespace']);
    if (namespace !== undefined) {
      const err = checkDns1123Label(namespace);
      if (err !== undefined)
        ctx.invalid('INVALID_VALUE', [...path, 'namespace'], `namespace ${JSON.stringify(namespace)} ${err}`);
    }
    const namespaceSelector =
      value.namespaceSelector === undefined
        ? undefined
        : this.selector(value.namespaceSelector, [...path, 'namespaceSelector']);
    if (namespace !== undefined && value.namespaceSelector !== undefined) {
      ctx.invalid(
        'INVALID_VALUE',
        [...path, 'namespaceSelector'],
        'namespace and namespaceSelector exclude each other',
        'keep one',
      );
      return undefined;
    }
    if (namespace === undefined && value.namespaceSelector === undefined) {
      ctx.invalid(
        'MISSING_FIELD',
        path,
        'a group needs namespace or namespaceSelector',
        "write namespace: NAME, or namespaceSelector: '' for every namespace",
      );
      return undefined;
    }
    const selector =
      value.selector === undefined || value.selector === null
        ? { matchLabels: {}, matchExpressions: [] }
        : this.selector(value.selector, [...path, 'selector']);
    if (selector === undefined || (value.namespaceSelector !== undefined && namespaceSelector === undefined))
      return undefined;
    const selectorText =
      typeof value.selector === 'string' ? value.selector.trim() : formatSelector(selector);
    const nsText =
      namespace ??
      `namespaces ${typeof value.namespaceSelector === 'string' ? value.namespaceSelector.trim() || '<all>' : formatSelector(namespaceSelector!)}`;
    return {
      type: 'selector',
      ...(namespace === undefined ? {} : { namespace }),
      ...(namespaceSelector === undefined ? {} : { namespaceSelector }),
      selector,
      text: `${nsText}${selectorText === '' || selectorText === '<all>' ? '/*' : `: ${selectorText}`}`,
    };
  }

  private selector(value: unknown, path: readonly PathSegment[]): LabelSelector | undefined {
    if (typeof value === 'string') {
      const parsed = parseSelectorText(value);
      if (parsed.ok) return parsed.selector;
      this.ctx.invalid(
        'INVALID_SELECTOR',
        path,
        parsed.message,
        'kubectl -l syntax: app=web,tier in (a,b),!legacy',
      );
      return undefined;
    }
    if (isRecord(value)) {
      const before = this.ctx.errors;
      const selector = readSelector(this.ctx, value, path);
      return this.ctx.errors > before ? undefined : selector;
    }
    this.ctx.invalid(
      'INVALID_TYPE',
      path,
      `must be a selector string (app=web) or matchLabels/matchExpressions, not ${describeValue(value)}`,
    );
    return undefined;
  }

  private port(value: unknown, path: readonly PathSegment[]): number | string {
    if (value === undefined || value === null) return 80;
    if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
      const n = Number(value);
      const err = checkPortNumber(n);
      if (err !== undefined) this.ctx.invalid('INVALID_PORT', path, `port ${String(value)} ${err}`);
      return n;
    }
    if (typeof value === 'string') {
      const err = checkPortName(value);
      if (err !== undefined)
        this.ctx.invalid('INVALID_PORT', path, `port name ${JSON.stringify(value)} ${err}`);
      return value;
    }
    this.ctx.invalid('INVALID_PORT', path, `must be a port number or name, not ${describeValue(value)}`);
    return 80;
  }

  private protocol(value: unknown, path: readonly PathSegment[]): Protocol {
    if (value === undefined || value === null) return 'TCP';
    const upper = typeof value === 'string' ? value.toUpperCase() : '';
    if (PROTOCOLS.includes(upper as Protocol)) return upper as Protocol;
    this.ctx.invalid(
      'INVALID_PROTOCOL',
      path,
      `protocol ${describeValue(value)} is not supported`,
      'use TCP, UDP or SCTP',
    );
    return 'TCP';
  }

  private expect(value: unknown, path: readonly PathSegment[]): Expectation | undefined {
    if (value === undefined || value === null) {
      this.ctx.invalid('MISSING_FIELD', path, 'expect is missing', 'write expect: allowed or expect: denied');
      return undefined;
    }
    if (typeof value === 'string' && EXPECTATIONS.includes(value as Expectation)) return value as Expectation;
    const close = typeof value === 'string' ? closeExpectation(value) : undefined;
    this.ctx.invalid(
      'INVALID_VALUE',
      path,
      `expect ${describeValue(value)} is not one of ${EXPECTATIONS.join(', ')}`,
      close === undefined ? undefined : `did you mean ${close}?`,
    );
    return undefined;
  }
}

function closeExpectation(value: string): Expectation | undefined {
  const v = value.toLowerCase().replace(/[\s_]/g, '-');
  if (EXPECTATIONS.includes(v as Expectation)) return v as Expectation;
  if (['allow', 'allowed', 'true', 'yes', 'reachable', 'pass'].includes(v)) return 'allowed';
  if (['deny', 'denied', 'false', 'no', 'blocked', 'unreachable', 'fail'].includes(v)) return 'denied';
  return undefined;
}

/** The last component of a path, slash or backslash separated (no Node API: the studio runs this too). */
function basename(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
