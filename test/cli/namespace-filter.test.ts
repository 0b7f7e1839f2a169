import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const INPUT = `
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
---
apiVersion: v1
kind: Pod
metadata: {name: loose, labels: {app: b}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: x}
spec: {podSelector: {}}
`;

/** design.md: -n/--namespace and -A filter what is shown, never what is evaluated. */
describe('-n filters what is shown, never what is evaluated', () => {
  it('an object without a namespace stays in default whatever -n says', async () => {
    const all = JSON.parse(
      (await run(['matrix', '-', '-o', 'json', '--granularity', 'pod'], { stdin: INPUT })).stdout,
    );
    const inX = JSON.parse(
      (await run(['matrix', '-', '-o', 'json', '--granularity', 'pod', '-n', 'x'], { stdin: INPUT })).stdout,
    );
    expect(all.nodes.map((n: { id: string }) => n.id)).toContain('default/loose');
    // the same verdicts, only fewer rows: default/loose → x/a is denied by x's policy either way
    const pairs = (j: { connections: { src: string; dst: string }[] }) =>
      j.connections.map((c) => `${c.src}>${c.dst}`);
    expect(pairs(inX).every((p) => pairs(all).includes(p))).toBe(true);
    expect(pairs(inX)).toContain('x/a>default/loose');
    expect(pairs(inX)).not.toContain('default/loose>x/a');
    expect(inX.nodes.map((n: { id: string }) => n.id)).not.toContain('x/loose');
  });
});
