/**
 * The CLI over the bad-input corpus: never a stack trace, never a hang, exit 3 only when nothing
 * could be evaluated, syntax errors as `file:line:column` with the line and a caret under the
 * column, and verdicts that say which objects they were computed without.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { readInputFiles } from '../../src/sources/files.js';
import { run } from '../helpers/cli.js';
import { CASES, CORPUS, loadCorpusFile } from './corpus.js';

const exec = promisify(execFile);

/** A line of a JavaScript stack trace. */
const STACK = /^\s+at .+[:(]\d+:\d+\)?$/m;

/**
 * Whether the CLI evaluates a file: it has something to evaluate, or nothing went wrong (an empty
 * file is an empty cluster, with a warning).
 */
async function evaluable(file: string): Promise<boolean> {
  const { cluster, diagnostics } = await loadCorpusFile(file);
  const something =
    cluster.endpoints.length > 0 || cluster.policies.length > 0 || cluster.namespaces.size > 0;
  return something || !diagnostics.some((d) => d.severity === 'error');
}

const SYNTAX = new Set(['YAML_SYNTAX', 'JSON_SYNTAX', 'TOO_DEEP']);

describe('the CLI over the bad-input corpus', () => {
  const runs = CASES.flatMap((c) =>
    (['matrix', 'lint', 'exposure'] as const).map((verb) => ({ verb, file: c.file, c })),
  );

  it.each(runs)(
    '$verb $file: no stack trace, exit 3 only when nothing could be evaluated because of errors',
    async ({ verb, file }) => {
      const r = await run([verb, `${CORPUS}/${file}`]);
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stderr).not.toContain('internal error');
      if (await evaluable(file)) expect([0, 1]).toContain(r.code);
      else expect(r.code).toBe(3);
    },
  );

  it.each(CASES.filter((c) => c.diagnostics.some(([code]) => SYNTAX.has(code))))(
    '$file: the syntax error as file:line:column, the line, and a caret under the column',
    async (c) => {
      const r = await run(['matrix', `${CORPUS}/${c.file}`]);
      const [, line, column] = c.diagnostics.find(([code]) => SYNTAX.has(code))!;
      const lines = r.stderr.split('\n');
      const at = lines.findIndex((l) => l.startsWith(`${CORPUS}/${c.file}:${line}:${column}: error: `));
      expect(at).toBeGreaterThanOrEqual(0);
      const excerpt = lines[at + 1]!;
      const caret = lines[at + 2]!;
      expect(excerpt).toMatch(new RegExp(`^  ${line} \\| `));
      expect(caret).toMatch(/^ +\| +\^$/);
      // the caret sits under the column (the excerpt of a long line starts with …)
      const shown = excerpt.slice(excerpt.indexOf('| ') + 2);
      const caretAt = caret.indexOf('^') - (caret.indexOf('| ') + 2);
      if (!shown.startsWith('…')) expect(caretAt).toBe(column - 1);
    },
  );

  it('a tab in the indentation is shown escaped, with the caret under it', async () => {
    const r = await run(['matrix', `${CORPUS}/tabs.yaml`]);
    expect(r.stderr).toContain(`${CORPUS}/tabs.yaml:5:1: error: YAML syntax error`);
    expect(r.stderr).toContain('  5 | \\tname: tabbed\n    | ^\n');
  });

  it('the whole corpus at once: one run, every valid object evaluated', async () => {
    const r = await run(['matrix', CORPUS, '-o', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { nodes: { id: string }[] };
    const ids = report.nodes.map((n) => n.id);
    for (const c of CASES) for (const e of c.endpoints) expect(ids).toContain(e);
  });

  it.each([
    ['check', 'proto/q', 'proto/p'],
    ['check', 'proto/p', 'proto/constructor'],
    ['explain'],
    ['lint'],
    ['exposure'],
    ['matrix', '-o', 'html'],
  ])('names spelt like Object.prototype members are plain strings: %s', async (...args) => {
    const r = await run([...args, `${CORPUS}/prototype-keys.yaml`, '--debug']);
    expect(r.stderr).not.toContain('internal error');
    expect([0, 1]).toContain(r.code);
  });

  it.each([
    ['check', 'dev1/constructor/demo1', 'dev2/demo2', 'examples/tutorial'],
    ['check', 'dev1/demo1', 'dev2/__proto__/demo2', 'examples/tutorial'],
    ['matrix', 'examples/tutorial', '--from', 'dev1/constructor/demo1'],
  ])('a kind spelt like an Object.prototype member is an unknown kind: %s %s %s', async (...args) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown kind "(constructor|__proto__)"/);
  });

  it('check notes the policies it was computed without, in text and json', async () => {
    const args = ['check', 'policies/client', 'policies/server', `${CORPUS}/invalid-policies.yaml`];
    const text = await run(args);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `note: 11 NetworkPolicies were not applied because the API server would reject them: policies/end-port-below (${CORPUS}/invalid-policies.yaml:25), `,
    );
    expect(text.stdout).toContain('and 6 more');
    const json = JSON.parse((await run([...args, '-o', 'json'])).stdout) as {
      excluded: { objects: { kind: string; name: string; codes: string[] }[]; unreadable: number };
    };
    expect(json.excluded.unreadable).toBe(0);
    expect(json.excluded.objects.map((o) => [o.name, o.codes])).toContainEqual([
      'end-port-below',
      ['INVALID_END_PORT'],
    ]);
    expect(json.excluded.objects).toHaveLength(11);
  });

  it('check on clean input has no note and no `excluded` in json', async () => {
    const args = ['check', 'dev1/demo1', 'dev2/demo2', 'examples/tutorial'];
    expect((await run(args)).stdout).not.toContain('note:');
    expect(JSON.parse((await run([...args, '-o', 'json'])).stdout)).not.toHaveProperty('excluded');
  });

  it('check counts documents it could not read', async () => {
    const r = await run(['check', 'syntax/fine', 'syntax/fine', `${CORPUS}/yaml-syntax.yaml`]);
    expect(r.stdout).toContain('note: 1 file or document could not be read; what it holds is not evaluated');
  });

  it('an empty standard input is an input error (exit 3), not an empty matrix', async () => {
    const r = await run(['matrix', '-'], { stdin: '' });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('standard input is empty');
  });

  it('standard input with only whitespace and comments is an input error too', async () => {
    const r = await run(['matrix', '-'], { stdin: '\n# nothing\n---\n' });
    expect(r.code).toBe(3);
  });

  it('an internal error is one line asking for a report; the stack only with --debug', async () => {
    const bug = async (argv: string[]) => {
      let stderr = '';
      const code = await runCli(argv, {
        stdout: () => {},
        stderr: (t) => {
          stderr += t;
        },
        readStdin: async () => {
          throw new Error('boom');
        },
        env: {},
        stdoutIsTTY: false,
        stderrIsTTY: false,
        cwd: process.cwd(),
      });
      return { code, stderr };
    };
    const plain = await bug(['matrix', '-']);
    expect(plain.code).toBe(4);
    expect(plain.stderr.split('\n')[0]).toBe('kubereach: internal error: boom');
    expect(plain.stderr).toContain('please report it');
    expect(plain.stderr).not.toMatch(STACK);
    const debug = await bug(['matrix', '-', '--debug']);
    expect(debug.code).toBe(4);
    expect(debug.stderr).toMatch(STACK);
  });
});

describe('input size', () => {
  it('a file over the limit is refused with the limit in the message, the rest is read', async () => {
    const read = await readInputFiles([`${CORPUS}/too-many-aliases.yaml`, `${CORPUS}/crlf.yaml`], {
      maxFileBytes: 1024,
    });
    expect(read.diagnostics.map((d) => [d.code, d.source?.file])).toEqual([
      ['TOO_LARGE', `${CORPUS}/too-many-aliases.yaml`],
    ]);
    expect(read.diagnostics[0]!.message).toBe(
      `${CORPUS}/too-many-aliases.yaml is 6.6 KiB, over the 1 KiB limit for one file; it is not read`,
    );
    expect(read.files.map((f) => f.name)).toEqual([`${CORPUS}/crlf.yaml`]);
  });

  it('a device that never ends is refused unread, naming what it is', async () => {
    if (!existsSync('/dev/zero')) return;
    const read = await readInputFiles(['/dev/zero'], { maxFileBytes: 4096 });
    expect(read.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['READ_ERROR', '/dev/zero is a character device, not a regular file; it is not read'],
    ]);
    expect(read.files).toEqual([]);
  });

  it('files past the total limit are refused, naming the limit', async () => {
    const read = await readInputFiles([`${CORPUS}/crlf.yaml`, `${CORPUS}/bom.yaml`, `${CORPUS}/tabs.yaml`], {
      maxTotalBytes: 500,
    });
    expect(read.files.map((f) => f.name)).toEqual([`${CORPUS}/crlf.yaml`]);
    expect(read.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['TOO_LARGE', `${CORPUS}/bom.yaml is not read: the input would be over the 500 bytes limit in total`],
      ['TOO_LARGE', `${CORPUS}/tabs.yaml is not read: the input would be over the 500 bytes limit in total`],
    ]);
  });

  it('standard input over the limit is refused the same way', async () => {
    const read = await readInputFiles(['-'], { stdin: async () => 'x'.repeat(2048), maxFileBytes: 1024 });
    expect(read.diagnostics.map((d) => [d.code, d.source?.file])).toEqual([['TOO_LARGE', '<stdin>']]);
    expect(read.files).toEqual([]);
  });
});

describe.skipIf(!existsSync('dist/cli/bin.js'))(
  'the real bin over the corpus (needs `npm run build`)',
  () => {
    it.each([
      ['matrix', CORPUS],
      ['lint', CORPUS],
      ['exposure', CORPUS],
    ])(
      '%s %s finishes, without a stack trace',
      async (verb, path) => {
        const r = await exec('node', ['dist/cli/bin.js', verb, path], { timeout: 60_000 }).catch(
          (err: { code?: number; stdout: string; stderr: string; killed?: boolean }) => err,
        );
        expect((r as { killed?: boolean }).killed ?? false).toBe(false);
        expect(r.stderr).not.toMatch(STACK);
        expect([undefined, 0, 1]).toContain((r as { code?: number }).code);
      },
      90_000,
    );

    it('reads a 0-byte standard input and exits 3', async () => {
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = execFile(
          'node',
          ['dist/cli/bin.js', 'matrix', '-'],
          { timeout: 30_000 },
          (err, _o, stderr) =>
            resolve({ code: err === null ? 0 : ((err as { code?: number }).code ?? null), stderr }),
        );
        child.stdin?.end();
      });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('standard input is empty');
    });
  },
);
