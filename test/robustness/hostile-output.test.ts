/**
 * Names with markup, terminal escapes and line breaks, in object names, kinds and the file name
 * itself, through every verb and every output format: nothing reaches a terminal raw, no line
 * of output is forged, no markup is live in HTML or Markdown, data formats keep their structure.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { CORPUS } from './corpus.js';

/** A file name no one should have, but anyone can create. */
const FILE = 'a\u001b[31m<img src=y>\nFORGED.yaml';

const EXTRA = `---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: hostile, labels: {app: web}}
spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 80}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-in, namespace: hostile}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: ok}}}]
      ports: [{port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: no-effect, namespace: hostile}
spec:
  podSelector: {matchLabels: {app: nothing}}
  ingress: [{from: [{namespaceSelector: {matchLabels: {team: none}}}]}]
`;

type Kind = 'terminal' | 'markup' | 'data';

const RUNS: readonly { verb: string; format: string; kind: Kind }[] = [
  ...['table', 'wide', 'dot', 'mermaid'].map((format) => ({
    verb: 'matrix',
    format,
    kind: 'terminal' as Kind,
  })),
  ...['json', 'yaml', 'csv'].map((format) => ({ verb: 'matrix', format, kind: 'data' as Kind })),
  ...['md', 'html'].map((format) => ({ verb: 'matrix', format, kind: 'markup' as Kind })),
  { verb: 'check', format: 'text', kind: 'terminal' },
  { verb: 'check', format: 'json', kind: 'data' },
  { verb: 'explain', format: 'text', kind: 'terminal' },
  { verb: 'explain', format: 'table', kind: 'terminal' },
  { verb: 'explain', format: 'json', kind: 'data' },
  { verb: 'lint', format: 'text', kind: 'terminal' },
  { verb: 'lint', format: 'github', kind: 'terminal' },
  { verb: 'lint', format: 'json', kind: 'data' },
  { verb: 'lint', format: 'sarif', kind: 'data' },
  { verb: 'diff', format: 'text', kind: 'terminal' },
  { verb: 'diff', format: 'dot', kind: 'terminal' },
  { verb: 'diff', format: 'json', kind: 'data' },
  { verb: 'diff', format: 'csv', kind: 'data' },
  { verb: 'diff', format: 'md', kind: 'markup' },
  { verb: 'exposure', format: 'text', kind: 'terminal' },
  { verb: 'exposure', format: 'json', kind: 'data' },
  { verb: 'exposure', format: 'yaml', kind: 'data' },
  { verb: 'exposure', format: 'md', kind: 'markup' },
];

/** Control characters other than line feed and tab, raw. */
function rawControls(text: string): string[] {
  return [...text].filter((c) => {
    const n = c.charCodeAt(0);
    return (n < 32 && c !== '\n' && c !== '\t') || (n >= 0x7f && n <= 0x9f) || c === '\u2028';
  });
}

/** Records of a CSV text (RFC 4180 quoting), to check every record keeps its column count. */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

describe('hostile names through every verb and format', () => {
  let dir: string;
  let file: string;
  let changed: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubereach-hostile-'));
    const text = readFileSync(`${CORPUS}/hostile-names.yaml`, 'utf8') + EXTRA;
    file = join(dir, FILE);
    changed = join(dir, 'changed.yaml');
    writeFileSync(file, text);
    writeFileSync(changed, text.replace('port: 80}', 'port: 8080}'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const argv = (verb: string, format: string): string[] => {
    switch (verb) {
      case 'check':
        return ['check', 'hostile/ok', 'hostile/web', file, '-o', format];
      case 'diff':
        return ['diff', file, changed, '-o', format];
      default:
        return [verb, file, '-o', format];
    }
  };

  it.each(RUNS)('$verb -o $format', async ({ verb, format, kind }) => {
    const r = await run(argv(verb, format));
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).not.toBe('');
    // diagnostics on stderr: one line each, nothing raw
    expect(rawControls(r.stderr)).toEqual([]);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('FORGED'))).toEqual([]);
    switch (kind) {
      case 'terminal':
        expect(rawControls(r.stdout)).toEqual([]);
        expect(r.stdout.split('\n').filter((l) => l.startsWith('FORGED'))).toEqual([]);
        if (format === 'github') {
          // every line is a workflow command: a name cannot start one of its own
          for (const line of r.stdout.trimEnd().split('\n'))
            expect(line).toMatch(/^::(error|warning|notice) /);
          expect(r.stdout).not.toContain('%0A::error::fake');
        }
        break;
      case 'markup':
        expect(rawControls(r.stdout)).toEqual([]);
        for (const live of ['<img src=y>', '<script>alert', '<b>bold']) expect(r.stdout).not.toContain(live);
        break;
      case 'data':
        if (format === 'json' || format === 'sarif') expect(() => JSON.parse(r.stdout)).not.toThrow();
        if (format === 'yaml') expect(rawControls(r.stdout)).toEqual([]);
        if (format === 'csv') {
          const records = csvRecords(r.stdout);
          for (const rec of records) expect(rec).toHaveLength(records[0]!.length);
        }
        break;
    }
  });

  it('json keeps names exactly as written (escaped by JSON, not altered)', async () => {
    const r = await run(['lint', file, '-o', 'json']);
    expect(rawControls(r.stdout)).toEqual([]);
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain('\\u001b[2J');
  });
});
