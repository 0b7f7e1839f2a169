import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { DIFF_MARKER } from '../../src/render/diff-md.js';

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly env: Record<string, string>;
  readonly jobs: Record<string, { steps: Step[] }>;
}

const workflow = load(readFileSync('examples/github-workflow.yaml', 'utf8')) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

/** The kubereach command lines of the workflow's shell steps, as argv (redirections left out). */
function kubereachCommands(vars: Record<string, string>): string[][] {
  return steps
    .flatMap((s) => (s.run ?? '').split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.startsWith('kubereach '))
    .map((line) =>
      line
        .split(/\s+(?:>|\|\|)\s+/)[0]!
        .split(/\s+/)
        .slice(1)
        .map((word) =>
          word.replace(/^"(.*)"$/, '$1').replace(/\$(\w+)/g, (_, v: string) => vars[v] ?? `$${v}`),
        ),
    );
}

describe('the GitHub Actions workflow example', () => {
  let repo: string;
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'kubereach-workflow-'));
    const git = (...args: string[]) => {
      const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: repo,
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(r.stderr);
    };
    git('init', '-q');
    mkdirSync(join(repo, 'k8s'));
    for (const f of ['namespaces', 'pods', 'http-echo', 'policy-deny-all'])
      cpSync(`examples/tutorial/${f}.yaml`, join(repo, 'k8s', `${f}.yaml`));
    cpSync('examples/tutorial/reachability-test.yaml', join(repo, 'reachability-test.yaml'));
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('branch', 'base');
    // The pull request: step 2 of the tutorial.
    cpSync('examples/tutorial/policy-kube-demo.yaml', join(repo, 'k8s', 'policy-kube-demo.yaml'));
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('runs on pull requests, may comment, and reads the base revision', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions['pull-requests']).toBe('write');
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout'))?.with).toMatchObject({
      'fetch-depth': 0,
    });
    const post = steps.find((s) => s.uses?.startsWith('actions/github-script'));
    expect(String(post?.with?.script)).toContain(DIFF_MARKER);
  });

  it('lints, tests and diffs with flags kubereach accepts, on the tutorial change', async () => {
    const commands = kubereachCommands({ ...workflow.env, MANIFESTS: 'k8s/', BASE: 'base' });
    expect(commands.map((argv) => argv[0])).toEqual(['diff', 'lint', 'test']);
    const results = new Map<string, { code: number; stdout: string; stderr: string }>();
    for (const argv of commands) {
      results.set(argv[0]!, await runIn(repo, argv));
    }
    const diff = results.get('diff')!;
    expect(diff.code).toBe(1);
    expect(diff.stdout.startsWith(`${DIFF_MARKER}\n`)).toBe(true);
    expect(diff.stdout).toContain('dev2/kube-demo ingress\\[0\\] allows (policy added)');
    expect(results.get('lint')!.code).toBeLessThanOrEqual(1);
    const test = results.get('test')!;
    expect(test.stderr).toBe('');
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/^8 passed, 0 failed$/m);
    expect(readFileSync(join(repo, 'kubereach-tests.xml'), 'utf8')).toContain('<testsuites');
  });
});

async function runIn(cwd: string, argv: readonly string[]) {
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
    cwd,
  });
  return { code, stdout, stderr };
}
