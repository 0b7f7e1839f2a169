/** `matrix --explain`: the deciding policies and rules of every pair, compactly. */
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const tutorial = 'examples/tutorial';

describe('matrix --explain', () => {
  it('adds the deciding rules per pair, and the pairs with nothing allowed', async () => {
    const r = await run(['matrix', tutorial, '--explain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /dev1\/demo1 +dev2\/demo2 +TCP 80 +open \(no policy\) +dev2\/kube-demo ingress\[0\]/,
    );
    expect(r.stdout).toMatch(
      /default\/default +dev2\/demo2 +open \(no policy\) +isolated by dev2\/deny-all, dev2\/kube-demo/,
    );
    await expect(r.stdout).toMatchFileSnapshot('../golden/explain/matrix-tutorial.table');
  });

  it('-o json keeps the ConnectivityReport and adds explanations', async () => {
    const r = await run([
      'matrix',
      tutorial,
      '--explain',
      '-o',
      'json',
      '--granularity',
      'pod',
      '--to',
      'dev2/demo2',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ apiVersion: 'kubereach/v1', kind: 'ConnectivityReport', diagnostics: [] });
    expect(json.connections).toEqual([
      {
        src: 'dev1/demo1',
        dst: 'dev2/demo2',
        conns: [{ protocol: 'TCP', ports: [[80, 80]] }],
        explanation: {
          egress: { states: ['not-isolated'], policies: [], rules: [] },
          ingress: expect.objectContaining({
            states: ['isolated'],
            rules: [expect.objectContaining({ policy: 'dev2/kube-demo', direction: 'ingress', index: 0 })],
          }),
        },
      },
    ]);
    expect(json.denied.map((d: { src: string }) => d.src).sort()).toEqual([
      '0.0.0.0/0',
      'default/default',
      'dev2/http-echo',
    ]);
    await expect(r.stdout).toMatchFileSnapshot('../golden/explain/matrix-tutorial-demo2.json');
  });

  it('is refused for formats that cannot carry it', async () => {
    const r = await run(['matrix', tutorial, '--explain', '-o', 'dot']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--explain works with -o table or json');
  });
});
