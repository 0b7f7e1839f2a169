import type { TestOutcome, TestRun } from '../assert/run.js';
import type { ReachabilityTestSpec } from '../assert/types.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { formatPosition } from '../model/source.js';
import { PLAIN } from './style.js';
import type { PairExplainer } from './test-text.js';
import { pairName, undecidableMessage } from './test-text.js';

/**
 * The run as JUnit XML, the format CI systems show test results in: one `<testsuite>` per
 * spec, one `<testcase>` per assertion (named by the test's name, with the spec file and line),
 * a `<failure>` with the expected and actual verdicts as its message and the explanation of the
 * actual verdict as its text. Everything is XML-escaped; characters XML 1.0 cannot hold are
 * written as `\uXXXX`.
 */
export function renderJunit(run: TestRun, explain: PairExplainer): string {
  const suite = run.spec.name;
  const tests = run.outcomes.length;
  // an undecidable assertion is not proved: it counts as a failure (as for the exit code)
  const failures = run.failed + run.undecidable;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kubereach" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="0">`,
    `  <testsuite name="${xmlEscape(suite)}" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="0" file="${xmlEscape(run.spec.file)}">`,
  ];
  for (const o of run.outcomes) lines.push(...testcase(o, suite, run.spec.file, explain));
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}

function testcase(o: TestOutcome, suite: string, file: string, explain: PairExplainer): string[] {
  const attrs = `name="${xmlEscape(o.test.name)}" classname="${xmlEscape(`kubereach.${suite}`)}" file="${xmlEscape(file)}" line="${o.test.source.line}" time="0"`;
  if (o.passed) return [`    <testcase ${attrs}/>`];
  const t = o.test;
  if (o.status === 'undecidable') {
    const body = o.undecidable
      .map(
        (p) => `${o.group ? `${pairName(p)}: ${p.result.verdict} at L4\n` : ''}${explain(p.result, PLAIN)}`,
      )
      .join('\n');
    return [
      `    <testcase ${attrs}>`,
      `      <failure message="${xmlEscape(undecidableMessage(o))}" type="undecidable">${xmlEscape(body, 'text')}</failure>`,
      '    </testcase>',
    ];
  }
  const message = o.group
    ? `expected ${t.expect} for every pair; ${o.failures.length} of ${o.pairs.length} failed: ${o.failures
        .slice(0, 5)
        .map((f) => `${pairName(f)} (${f.result.verdict})`)
        .join(', ')}${o.failures.length > 5 ? ', …' : ''}`
    : `expected ${t.expect}, got ${o.failures[0]!.result.verdict}`;
  const body = o.failures
    .map((f) => `${o.group ? `${pairName(f)}: ${f.result.verdict}\n` : ''}${explain(f.result, PLAIN)}`)
    .join('\n');
  return [
    `    <testcase ${attrs}>`,
    `      <failure message="${xmlEscape(message)}" type="${xmlEscape(`expected-${t.expect}`)}">${xmlEscape(body, 'text')}</failure>`,
    '    </testcase>',
  ];
}

/**
 * Escapes text for XML attribute values and character data: `& < > " '` as entities, line
 * breaks and tabs kept (as character references in attributes, where parsers would normalize
 * them), and characters not allowed in XML 1.0 (most control characters, lone surrogates,
 * U+FFFE/U+FFFF) as the visible text `\uXXXX`.
 */
export function xmlEscape(text: string, context: 'attribute' | 'text' = 'attribute'): string {
  const attribute = context === 'attribute';
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ch = text[i]!;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + text[i + 1]!;
        i++;
        continue;
      }
      out += hex(c);
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) out += hex(c);
    else if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&apos;';
    else if (c === 0x9) out += attribute ? '&#9;' : ch;
    else if (c === 0xa) out += attribute ? '&#10;' : ch;
    else if (c === 0xd) out += '&#13;';
    else if (c < 0x20 || c === 0xfffe || c === 0xffff) out += hex(c);
    else out += ch;
  }
  return out;
}

function hex(c: number): string {
  return `\\u${c.toString(16).padStart(4, '0')}`;
}

/**
 * JUnit XML for a spec that could not run: one `<testcase>` per error diagnostic with an
 * `<error>` at its position, so CI shows why nothing was tested instead of nothing.
 */
export function renderJunitErrors(spec: ReachabilityTestSpec, diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kubereach" tests="${errors.length}" failures="0" errors="${errors.length}" skipped="0" time="0">`,
    `  <testsuite name="${xmlEscape(spec.name)}" tests="${errors.length}" failures="0" errors="${errors.length}" skipped="0" time="0" file="${xmlEscape(spec.file)}">`,
  ];
  for (const d of errors) {
    const at = d.source === undefined ? spec.file : formatPosition(d.source);
    lines.push(
      `    <testcase name="${xmlEscape(`${d.code} at ${at}`)}" classname="${xmlEscape(`kubereach.${spec.name}`)}" file="${xmlEscape(d.source?.file ?? spec.file)}"${d.source === undefined ? '' : ` line="${d.source.line}"`} time="0">`,
      `      <error message="${xmlEscape(d.message)}" type="${xmlEscape(d.code)}">${xmlEscape(`${at}: ${d.message}${d.hint === undefined ? '' : `\nhint: ${d.hint}`}`, 'text')}</error>`,
      '    </testcase>',
    );
  }
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}
