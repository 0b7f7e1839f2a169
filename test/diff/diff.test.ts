import { describe, expect, it } from 'vitest';
import { diffClusters } from '../../src/diff/diff.js';
import { filterDiffNamespace } from '../../src/diff/filter.js';
import { hasDifferences } from '../../src/diff/types.js';
import { connsToJson } from '../../src/engine/port-set.js';
import { load } from '../support/cluster.js';

const NAMESPACES = `
apiVersion: v1
kind: List
items:
  - { apiVersion: v1, kind: Namespace, metadata: { name: a } }
  - { apiVersion: v1, kind: Namespace, metadata: { name: b } }
`;

const pod = (ns: string, name: string, ip: string, labels = `app: ${name}`, ports = '') => `
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: ${ns}, labels: { ${labels} } }
spec:
  containers:
    - name: c
      image: nginx${ports === '' ? '' : `\n      ports: ${ports}`}
status: { phase: Running, podIP: ${ip} }
`;

const PODS = pod('a', 'client', '10.1.0.1') + '---' + pod('b', 'server', '10.1.0.2');

const DENY_B = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny, namespace: b }
spec: { podSelector: {}, policyTypes: [Ingress] }
`;

const allowToY = (ports: string) => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-client, namespace: b }
spec:
  podSelector: { matchLabels: { app: server } }
  ingress:
    - from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: client } } }]
      ports: [${ports}]
`;

const diff = (before: string[], after: string[], options = {}) =>
  diffClusters(load(...before), load(...after), options);

/** `src → dst type` lines with their causes, for compact assertions. */
function summary(d: ReturnType<typeof diff>): string[] {
  return d.changes.map(
    (c) =>
      `${c.src} → ${c.dst} ${c.type} ${JSON.stringify(connsToJson(c.before))} ${JSON.stringify(connsToJson(c.after))}${c.causes
        .map((k) => ` | ${k.policy.id} ${k.direction} ${k.effect} ${k.status} [${k.rules.join(',')}]`)
        .join('')}`,
  );
}

describe('diffClusters', () => {
  it('finds nothing between identical versions', () => {
    const d = diff([NAMESPACES, PODS, DENY_B], [NAMESPACES, PODS, DENY_B]);
    expect(d.changes).toEqual([]);
    expect(d.endpoints).toEqual({ added: [], removed: [] });
    expect(d.policies).toEqual({ added: [], removed: [], modified: [] });
    expect(hasDifferences(d)).toBe(false);
  });

  it('ignores a policy moved to another file and reformatted', () => {
    const flow = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
  namespace: b
spec:
  podSelector:
    matchLabels: {}
  policyTypes:
    - Ingress
`;
    const d = diff([NAMESPACES, PODS, DENY_B], [flow, PODS, NAMESPACES]);
    expect(hasDifferences(d)).toBe(false);
    expect(d.policies.modified).toEqual([]);
  });

  it.each([
    {
      name: 'a deny-all added isolates the destination',
      before: [NAMESPACES, PODS],
      after: [NAMESPACES, PODS, DENY_B],
      expected: [
        'a/client → b/server removed [{"protocol":"TCP"},{"protocol":"UDP"},{"protocol":"SCTP"}] [] | b/deny ingress isolates added []',
        '0.0.0.0/0 → b/server removed [{"protocol":"TCP"},{"protocol":"UDP"},{"protocol":"SCTP"}] [] | b/deny ingress isolates added []',
      ],
    },
    {
      name: 'a deny-all removed ends isolation',
      before: [NAMESPACES, PODS, DENY_B, allowToY('{ port: 80 }')],
      after: [NAMESPACES, PODS],
      expected: [
        'a/client → b/server changed [{"protocol":"TCP","ports":[[80,80]]}] [{"protocol":"TCP"},{"protocol":"UDP"},{"protocol":"SCTP"}] | b/allow-client ingress no-longer-isolates removed [] | b/deny ingress no-longer-isolates removed []',
        '0.0.0.0/0 → b/server added [] [{"protocol":"TCP"},{"protocol":"UDP"},{"protocol":"SCTP"}] | b/allow-client ingress no-longer-isolates removed [] | b/deny ingress no-longer-isolates removed []',
      ],
    },
    {
      name: 'an allow added opens a port',
      before: [NAMESPACES, PODS, DENY_B],
      after: [NAMESPACES, PODS, DENY_B, allowToY('{ port: 80 }')],
      expected: [
        'a/client → b/server added [] [{"protocol":"TCP","ports":[[80,80]]}] | b/allow-client ingress allows added [0]',
      ],
    },
    {
      name: 'a port added to a rule',
      before: [NAMESPACES, PODS, DENY_B, allowToY('{ port: 80 }')],
      after: [NAMESPACES, PODS, DENY_B, allowToY('{ port: 80 }, { port: 443 }')],
      expected: [
        'a/client → b/server changed [{"protocol":"TCP","ports":[[80,80]]}] [{"protocol":"TCP","ports":[[80,80],[443,443]]}] | b/allow-client ingress allows modified [0]',
      ],
    },
    {
      name: 'a port taken from a rule',
      before: [NAMESPACES, PODS, DENY_B, allowToY('{ port: 80 }, { port: 443 }')],
      after: [NAMESPACES, PODS, DENY_B, allowToY('{ port: 80 }')],
      expected: [
        'a/client → b/server changed [{"protocol":"TCP","ports":[[80,80],[443,443]]}] [{"protocol":"TCP","ports":[[80,80]]}] | b/allow-client ingress no-longer-allows modified [0]',
      ],
    },
    {
      name: 'a relabelled pod falls out of an unchanged policy',
      before: [NAMESPACES, PODS, DENY_B, allowToY('{ port: 80 }')],
      after: [
        NAMESPACES,
        pod('a', 'client', '10.1.0.1') + '---' + pod('b', 'server', '10.1.0.2', 'app: other'),
        DENY_B,
        allowToY('{ port: 80 }'),
      ],
      expected: [
        'a/client → b/server removed [{"protocol":"TCP","ports":[[80,80]]}] [] | b/allow-client ingress no-longer-allows unchanged [0]',
      ],
    },
    {
      name: 'egress isolation is attributed to the source',
      before: [NAMESPACES, PODS],
      after: [
        NAMESPACES,
        PODS,
        `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: no-egress, namespace: a }
spec: { podSelector: {}, policyTypes: [Egress] }
`,
      ],
      expected: [
        'a/client → b/server removed [{"protocol":"TCP"},{"protocol":"UDP"},{"protocol":"SCTP"}] [] | a/no-egress egress isolates added []',
        'a/client → 0.0.0.0/0 removed [{"protocol":"TCP"},{"protocol":"UDP"},{"protocol":"SCTP"}] [] | a/no-egress egress isolates added []',
      ],
    },
  ])('$name', ({ before, after, expected }) => {
    expect(summary(diff(before, after))).toEqual(expected);
  });

  it('reports endpoints added and removed, and their connections without a policy to blame', () => {
    const d = diff(
      [NAMESPACES, PODS],
      [NAMESPACES, pod('a', 'client', '10.1.0.1') + '---' + pod('b', 'other', '10.1.0.3')],
    );
    expect(d.endpoints.added.map((n) => n.id)).toEqual(['b/other']);
    expect(d.endpoints.removed.map((n) => n.id)).toEqual(['b/server']);
    expect(d.changes.length).toBeGreaterThan(0);
    for (const c of d.changes) expect(c.causes).toEqual([]);
    expect(d.changes.filter((c) => c.type === 'changed')).toEqual([]);
  });

  it('names the policy that admits traffic to a new endpoint', () => {
    const d = diff(
      [NAMESPACES, pod('a', 'client', '10.1.0.1'), DENY_B, allowToY('{ port: 80 }')],
      [NAMESPACES, PODS, DENY_B, allowToY('{ port: 80 }')],
    );
    expect(summary(d)).toContain(
      'a/client → b/server added [] [{"protocol":"TCP","ports":[[80,80]]}] | b/allow-client ingress allows unchanged [0]',
    );
  });

  it('lines up external nodes when only one version cuts the address space', () => {
    const egress = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: egress, namespace: a }
spec:
  podSelector: {}
  egress: [{ to: [{ ipBlock: { cidr: 192.168.0.0/16 } }] }]
`;
    const d = diff([NAMESPACES, PODS], [NAMESPACES, PODS, egress]);
    const ids = new Set(d.nodes.map((n) => n.id));
    for (const c of d.changes) {
      expect(ids.has(c.src)).toBe(true);
      expect(ids.has(c.dst)).toBe(true);
    }
    // 192.168.0.0/16 stays open; everything else outside the cluster and b/server close.
    expect(d.changes.some((c) => c.dst === '192.168.0.0/16')).toBe(false);
    expect(d.changes.map((c) => `${c.src} → ${c.dst} ${c.type}`)).toEqual(
      expect.arrayContaining(['a/client → b/server removed']),
    );
    expect(d.endpoints).toEqual({ added: [], removed: [] });
    expect(
      d.changes.every((c) => c.causes.every((k) => k.policy.name === 'egress' && k.effect === 'isolates')),
    ).toBe(true);
  });

  it('compares namespaces at namespace granularity and filters by namespace', () => {
    const d = diff([NAMESPACES, PODS], [NAMESPACES, PODS, DENY_B], {
      granularity: 'namespace',
      external: false,
    });
    expect(summary(d)).toEqual([
      'a → b removed [{"protocol":"TCP"},{"protocol":"UDP"},{"protocol":"SCTP"}] [] | b/deny ingress isolates added []',
    ]);
    expect(filterDiffNamespace(d, 'a').changes).toHaveLength(1);
    const none = diff([NAMESPACES, PODS], [NAMESPACES, PODS], { granularity: 'namespace' });
    expect(filterDiffNamespace(none, 'b').changes).toEqual([]);
  });

  it('attributes a workload change through its distinct pods only once per behaviour', () => {
    const replicas = Array.from({ length: 30 }, (_, i) =>
      pod('b', `server-${i}`, `10.2.0.${i + 1}`, 'app: server'),
    ).join('---');
    const d = diff([NAMESPACES, PODS, replicas], [NAMESPACES, PODS, replicas, DENY_B], {
      granularity: 'namespace',
      maxPairs: 4,
    });
    const intra = d.changes.find((c) => c.src === 'b' && c.dst === 'b');
    expect(intra?.causes.map((k) => `${k.policy.name} ${k.effect}`)).toEqual(['deny isolates']);
  });
});
