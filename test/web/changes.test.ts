import { describe, expect, it } from 'vitest';
import { compileCluster } from '../../src/engine/compile.js';
import { buildMatrix } from '../../src/engine/matrix.js';
import { connsOf } from '../../src/engine/port-set.js';
import { computeReachability } from '../../src/engine/reachability.js';
import { loadManifests } from '../../src/load.js';
import type { InputFile } from '../../src/sources/parse.js';
import { connectivityChanges, countChanges } from '../../web/src/diff/changes.js';
import { edit, tutorialFiles, tutorialReach } from './support.js';

function version(files: readonly InputFile[]) {
  const reach = computeReachability(compileCluster(loadManifests(files)));
  return { reach, matrix: buildMatrix(reach, { granularity: 'workload' }) };
}

describe('connectivityChanges', () => {
  it('finds the connections deny-all removed, and names deny-all as the cause', () => {
    const open = tutorialReach(['namespaces.yaml', 'pods.yaml']).reach;
    const closed = tutorialReach(['namespaces.yaml', 'pods.yaml', 'policy-deny-all.yaml']).reach;
    const changes = connectivityChanges(
      { reach: open, matrix: buildMatrix(open) },
      { reach: closed, matrix: buildMatrix(closed) },
      'workload',
    );
    expect(countChanges(changes)).toEqual({ added: 0, removed: 3, changed: 0 });
    expect(changes.every((c) => c.dst === 'dev2/demo2' && c.after === undefined)).toBe(true);
    expect(changes[0]?.causes).toEqual([
      {
        policy: 'dev2/deny-all',
        direction: 'ingress',
        effect: 'isolates',
        version: 'after',
        source: { file: 'tutorial/policy-deny-all.yaml', line: 2, column: 1 },
      },
    ]);
  });

  it('reports a changed port with the rule that now allows it', () => {
    const before = version(tutorialFiles());
    const after = version(edit(tutorialFiles(), 'tutorial/policy-kube-demo.yaml', 'port: 80', 'port: 8080'));
    const changes = connectivityChanges(before, after, 'workload');
    const echo = changes.find((c) => c.src === 'dev1/demo1' && c.dst === 'dev2/http-echo');
    expect(echo).toMatchObject({
      type: 'changed',
      before: connsOf('TCP', [80, 80]),
      after: connsOf('TCP', [8080, 8080]),
    });
    expect(echo?.causes.map((c) => `${c.policy} ${c.effect} ${c.version}`)).toEqual([
      'dev2/kube-demo allows after',
      'dev2/kube-demo no-longer-allows before',
    ]);
  });

  it('lines up external nodes when an edit adds an ipBlock', () => {
    const before = version(tutorialFiles());
    const egress = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-out, namespace: dev1}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 10.0.0.0/8}}]
`;
    const files = tutorialFiles();
    const after = version([...files, { name: 'extra.yaml', text: egress }]);
    const changes = connectivityChanges(before, after, 'workload');
    // demo1 may now only reach 10.0.0.0/8: the rest of the outside is removed, nothing is "added"
    expect(changes.filter((c) => c.type === 'added')).toEqual([]);
    expect(
      changes.some(
        (c) =>
          c.src === 'dev1/demo1' &&
          c.dst === '0.0.0.0/5,8.0.0.0/7,11.0.0.0/8,12.0.0.0/6,16.0.0.0/4,32.0.0.0/3,64.0.0.0/2,128.0.0.0/1',
      ),
    ).toBe(true);
  });

  it('lists changes beyond the limit without causes', () => {
    const open = tutorialReach(['namespaces.yaml', 'pods.yaml']).reach;
    const closed = tutorialReach(['namespaces.yaml', 'pods.yaml', 'policy-deny-all.yaml']).reach;
    const changes = connectivityChanges(
      { reach: open, matrix: buildMatrix(open) },
      { reach: closed, matrix: buildMatrix(closed) },
      'workload',
      1,
    );
    expect(changes.map((c) => c.causes.length)).toEqual([1, 0, 0]);
  });
});
