import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const tutorial = 'examples/tutorial';
const echo = ['fix', 'dev1/demo1', 'dev2/http-echo', '--port', '8080', '--want', 'allowed'];

/** Runs the CLI in `cwd` (for edits to a copy of the examples). */
const runIn = (cwd: string, argv: string[]) => run(argv, { cwd });

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

function copyTutorial(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubereach-fix-'));
  temps.push(dir);
  cpSync(tutorial, join(dir, 'tutorial'), { recursive: true });
  return dir;
}

describe('kubereach fix', () => {
  it('on the tutorial: http-echo alone first, and kube-demo +8080 with demo2 as a side effect', async () => {
    const r = await run([...echo, tutorial]);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('../golden/fix/tutorial-http-echo-8080.txt');
    const json = JSON.parse((await run([...echo, tutorial, '-o', 'json'])).stdout);
    expect(json.kind).toBe('FixReport');
    expect(json.proposals.map((p: { strategy: string }) => p.strategy)).toEqual(['add-policy', 'add-port']);
    expect(json.proposals[0].sideEffects).toEqual([]);
    expect(json.proposals[1].sideEffects).toEqual([
      {
        src: 'dev1/demo1',
        dst: 'dev2/demo2',
        type: 'changed',
        before: [{ protocol: 'TCP', ports: [[80, 80]] }],
        after: [
          {
            protocol: 'TCP',
            ports: [
              [80, 80],
              [8080, 8080],
            ],
          },
        ],
      },
    ]);
  });

  it('a classic mistake: the repair first (golden)', async () => {
    const r = await run([
      'fix',
      'web/frontend',
      'api/server',
      '--port',
      '9000',
      '--want',
      'allowed',
      'test/fixtures/fix/cluster.yaml',
      'test/fixtures/fix/namespace-label.yaml',
    ]);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('../golden/fix/namespace-label.txt');
  });

  it('-o patch applies with git apply, and then the connection is allowed', async () => {
    const dir = copyTutorial();
    const patch = await runIn(dir, [...echo, 'tutorial', '-o', 'patch', '--proposal', '2']);
    expect(patch.code).toBe(0);
    expect(patch.stdout).toMatch(/^--- a\/tutorial\/policy-kube-demo.yaml\n\+\+\+ b\//);
    execFileSync('git', ['apply', '-'], { cwd: dir, input: patch.stdout });
    const check = await runIn(dir, ['check', 'dev1/demo1', 'dev2/http-echo', '--port', '8080', 'tutorial']);
    expect(check.code).toBe(0);
  });

  it('--apply N writes the files, keeping comments and layout, and says what it changed', async () => {
    const dir = copyTutorial();
    const before = readFileSync(join(dir, 'tutorial/policy-deny-all.yaml'), 'utf8');
    const r = await runIn(dir, [...echo, 'tutorial', '--apply', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^applied 1: add NetworkPolicy dev2\/allow-demo1-to-http-echo-8080/);
    const after = readFileSync(join(dir, 'tutorial/policy-deny-all.yaml'), 'utf8');
    expect(after.startsWith(before)).toBe(true);
    const check = await runIn(dir, ['check', 'dev1/demo1', 'dev2/http-echo', '--port', '8080', 'tutorial']);
    expect(check.code).toBe(0);
    const demo2 = await runIn(dir, ['check', 'dev1/demo1', 'dev2/demo2', '--port', '8080', 'tutorial']);
    expect(demo2.code).toBe(1);
  });

  it.each([
    [['fix', 'dev1/demo1', 'dev2/demo2', tutorial], "required option '--want <verdict>' not specified"],
    [['fix', 'dev1/demo1', 'dev2/demo2', '--want', 'maybe', tutorial], "argument 'maybe' is invalid"],
    [[...echo, tutorial, '--apply', '0'], '"0" is not a proposal number'],
    [['fix', 'dev1/nope', 'dev2/demo2', '--want', 'allowed', tutorial], 'nope'],
  ])('usage error %j', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('nothing to do, or nothing a policy can do: says so', async () => {
    const already = await run(['fix', 'dev1/demo1', 'dev2/demo2', '--want', 'allowed', tutorial]);
    expect(already.code).toBe(0);
    expect(already.stdout).toContain('is already allowed');
    const noPort = await run(['fix', 'dev1/demo1', 'dev2/svc/http-echo', '--want', 'allowed', tutorial]);
    expect(noPort.code).toBe(1);
    expect(noPort.stdout).toContain('not decided by policies');
  });

  it('says when an admin policy decides first, and proposes nothing', async () => {
    const r = await run([
      'fix',
      'web/frontend',
      'api/server',
      '--port',
      '9000',
      '--want',
      'allowed',
      'test/fixtures/fix/cluster.yaml',
      'test/fixtures/fix/namespace-label.yaml',
      'test/fixtures/fix/admin-deny.yaml',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('AdminNetworkPolicy quarantine-api (priority 5) denies ingress first');
    expect(r.stdout).toContain('only a cluster admin can change that policy');
  });
});
