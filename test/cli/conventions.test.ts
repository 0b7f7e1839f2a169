import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { VERSION } from '../../src/version.js';
import { run } from '../helpers/cli.js';

const tutorial = 'examples/tutorial';

/** Runs the CLI with a chosen terminal and environment, capturing output. */
async function runWith(argv: string[], io: Partial<CliIo>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => '',
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd: process.cwd(),
    ...io,
  });
  return { code, stdout, stderr };
}

const verbs = async () => {
  const help = (await run(['--help'])).stdout;
  const start = help.indexOf('Commands:');
  const section = help.slice(start, help.indexOf('\n\n', start));
  return [...section.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!).filter((v) => v !== 'help');
};

describe('help and version', () => {
  it('--version prints the version and exits 0', async () => {
    const r = await run(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });

  it('the top-level help lists the verbs, examples and exit codes', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(await verbs()).toEqual(expect.arrayContaining(['matrix', 'check', 'exposure', 'completion']));
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('Exit codes:');
  });

  it('every verb has --help with real examples', async () => {
    for (const verb of await verbs()) {
      const r = await run([verb, '--help']);
      expect(r.code, verb).toBe(0);
      expect(r.stdout, verb).toContain('Examples:');
      expect(r.stdout, verb).toMatch(
        new RegExp(`^ {2}(.*\\| )?kubereach ${verb}\\b|^ {2}source <\\(kubereach ${verb}`, 'm'),
      );
    }
  });

  it('speaks as kubectl reach when run as the plugin', async () => {
    const r = await runWith(['matrix', '--help'], { programName: 'kubectl reach' });
    expect(r.stdout).toMatch(/^Usage: kubectl reach matrix/);
  });
});

describe('usage errors: one line, a hint, exit 2', () => {
  it.each([
    [['matrix', '--bogus', tutorial], "unknown option '--bogus'", 'kubereach matrix --help'],
    [['matrx', tutorial], "unknown command 'matrx'", 'did you mean matrix?'],
    [['matrix', '-o', 'xml', tutorial], "argument 'xml' is invalid", 'kubereach matrix --help'],
    [['check', 'dev1/demo1'], "missing required argument 'dst'", 'kubereach check --help'],
    [['matrix', '--port', '70000', tutorial], 'port 70000 is out of range', 'ports are 1–65535'],
    [['matrix', '--port', '90-80', tutorial], 'port range 90-80 ends before it starts', 'LOW-HIGH'],
    [['matrix', '--from', 'a/b/c/d', tutorial], 'cannot read "a/b/c/d"', 'NS/KIND/NAME'],
    [['matrix', '--external', 'maybe', tutorial], '--external takes on or off', '--no-external'],
    [['matrix', '--protocol', 'ICMP', tutorial], 'unknown protocol "ICMP"', 'TCP, UDP or SCTP'],
  ])('%j', async (argv, message, hint) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^kubereach: /);
    expect(lines[0]).toContain(message);
    if (hint !== undefined) {
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^ {2}hint: /);
      expect(lines[1]).toContain(hint);
    }
  });
});

describe('input errors', () => {
  it('nothing to evaluate: the diagnostics, one line, a hint, exit 3', async () => {
    const r = await run(['matrix', '-'], { stdin: 'kind: [unclosed\n' });
    expect(r.code).toBe(3);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.at(-2)).toBe('kubereach: nothing could be evaluated: the input has errors');
    expect(lines.at(-1)).toMatch(/^ {2}hint: /);
  });
});

describe('colours only on a terminal', () => {
  const ESC = '\u001b[';
  it.each([
    ['a terminal', { stdoutIsTTY: true }, [], true],
    ['a pipe', { stdoutIsTTY: false }, [], false],
    ['NO_COLOR', { stdoutIsTTY: true, env: { NO_COLOR: '1' } }, [], false],
    ['--no-color', { stdoutIsTTY: true }, ['--no-color'], false],
    ['FORCE_COLOR in a pipe', { stdoutIsTTY: false, env: { FORCE_COLOR: '1' } }, [], true],
  ] as const)('%s', async (_name, io, flags, coloured) => {
    const r = await runWith(['matrix', tutorial, ...flags], io);
    expect(r.code).toBe(0);
    expect(r.stdout.includes(ESC)).toBe(coloured);
  });

  it('machine formats are never coloured', async () => {
    for (const format of ['json', 'yaml', 'csv', 'md', 'dot', 'mermaid', 'html']) {
      const r = await runWith(['matrix', tutorial, '-o', format], { stdoutIsTTY: true });
      expect(r.stdout.includes(ESC), format).toBe(false);
    }
  });
});

describe('kubectl flags', () => {
  const pairs = async (argv: string[]) =>
    JSON.parse((await run(['matrix', ...argv, '-o', 'json'])).stdout).connections.map(
      (c: { src: string; dst: string }) => `${c.src} -> ${c.dst}`,
    );

  it('-n shows only connections touching the namespace; -A lifts it', async () => {
    const dev2 = await pairs([tutorial, '-n', 'dev2']);
    expect(dev2.every((p: string) => p.includes('dev2/'))).toBe(true);
    expect(dev2).toContain('dev1/demo1 -> dev2/demo2');
    expect(await pairs([tutorial, '-n', 'dev2', '-A'])).toEqual(await pairs([tutorial]));
  });

  it('-f is repeatable, and mixes with positional paths', async () => {
    const files = [
      'namespaces.yaml',
      'pods.yaml',
      'http-echo.yaml',
      'policy-deny-all.yaml',
      'policy-kube-demo.yaml',
    ];
    const argv = files.flatMap((f) => ['-f', `${tutorial}/${f}`]);
    expect(await pairs(argv)).toEqual(await pairs([tutorial]));
    expect(await pairs([`${tutorial}/namespaces.yaml`, ...argv.slice(2)])).toEqual(await pairs([tutorial]));
  });

  it('--external off, --no-external and --external on', async () => {
    const off = await pairs([tutorial, '--external', 'off']);
    expect(off.some((p: string) => p.includes('0.0.0.0/0'))).toBe(false);
    expect(await pairs([tutorial, '--no-external'])).toEqual(off);
    expect(await pairs([tutorial, '--external=on'])).toEqual(await pairs([tutorial]));
  });

  it('--include-self adds each pod to itself', async () => {
    const self = await pairs([tutorial, '--include-self', '--external', 'off']);
    expect(self).toContain('dev1/demo1 -> dev1/demo1');
    expect(await pairs([tutorial])).not.toContain('dev1/demo1 -> dev1/demo1');
  });

  it('a pattern that matches nothing is a warning, and -q hides it', async () => {
    const r = await run(['matrix', tutorial, '--from', 'prod/*']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: prod/* matches nothing');
    expect(r.stdout).toMatch(/^No allowed connections\./);
    expect((await run(['matrix', tutorial, '--from', 'prod/*', '-q'])).stderr).toBe('');
  });
});
