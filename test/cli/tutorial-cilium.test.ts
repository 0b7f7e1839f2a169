/** The tutorial with its policies written in Cilium's language gives the tutorial's verdicts. */
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const dir = 'examples/tutorial-cilium';

describe('the tutorial in Cilium policies', () => {
  it('as CiliumNetworkPolicies: every assertion of the tutorial holds', async () => {
    const r = await run(['test', `${dir}/reachability-test.yaml`, dir]);
    expect(r.stdout).toContain('11 passed, 0 failed');
    expect(r.code).toBe(0);
  });

  it('the Kubernetes deny-all with the Cilium allow: the same verdicts', async () => {
    const r = await run([
      'test',
      `${dir}/mixed/reachability-test.yaml`,
      `${dir}/cluster.yaml`,
      `${dir}/policy-kube-demo.yaml`,
      `${dir}/mixed`,
    ]);
    expect(r.stdout).toContain('7 passed, 0 failed');
    expect(r.code).toBe(0);
  });

  it('demo1 reaches demo2 on TCP 80, the pod in default does not; Cilium is implied', async () => {
    const allowed = await run(['check', 'dev1/demo1', 'dev2/demo2', '--port', '80', dir, '-o', 'json', '-v']);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ allowed: true, verdict: 'allowed' });
    expect(allowed.stderr).toMatch(/Cilium policies/);
    const denied = await run(['check', 'default/default', 'dev2/demo2', '--port', '80', dir, '-o', 'json']);
    expect(JSON.parse(denied.stdout)).toMatchObject({ allowed: false, verdict: 'denied' });
    expect(denied.code).toBe(1);
  });

  it("the pod's own node gets in despite deny-all; another node does not", async () => {
    const own = await run(['check', '192.168.1.11', 'dev2/demo2', '--port', '80', dir, '-o', 'json']);
    expect(JSON.parse(own.stdout)).toMatchObject({ allowed: true });
    const other = await run(['check', '192.168.1.12', 'dev2/demo2', '--port', '80', dir, '-o', 'json']);
    expect(JSON.parse(other.stdout)).toMatchObject({ allowed: false });
  });
});
