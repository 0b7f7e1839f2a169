/** Reasons before policies: Service hops, missing service ports, endpoints and named ports. */
import { describe, expect, it } from 'vitest';
import { checkConnection } from '../../src/engine/check.js';
import { resolveTarget } from '../../src/engine/targets.js';
import { explainConnection } from '../../src/explain/index.js';
import type { Protocol } from '../../src/model/types.js';
import { compile } from '../support/cluster.js';

const MANIFESTS = `
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: a, labels: {app: client}}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: a, labels: {app: web}}
spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 8080}]}]}
status: {podIP: 10.0.0.2}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: a}
spec: {clusterIP: 10.96.0.2, selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Service
metadata: {name: nobody, namespace: a}
spec: {clusterIP: 10.96.0.3, selector: {app: gone}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: wrong-target, namespace: a}
spec: {clusterIP: 10.96.0.4, selector: {app: web}, ports: [{port: 80, targetPort: grpc}]}
`;

function check(dst: string, port: number | string, protocol: Protocol = 'TCP') {
  const compiled = compile([MANIFESTS]);
  const target = (text: string) => {
    const r = resolveTarget(compiled.cluster, text);
    if (!r.ok) throw new Error(r.message);
    return r.target;
  };
  return explainConnection(
    compiled,
    checkConnection(compiled, target('a/client'), target(dst), port, protocol),
  );
}

describe('check reasons', () => {
  it.each([
    { dst: 'a/svc/web', port: 80, verdict: 'allowed', codes: ['SERVICE_HOP'], hints: [] },
    {
      dst: 'a/svc/web',
      port: 8080,
      verdict: 'no-such-port',
      codes: ['NO_SUCH_SERVICE_PORT'],
      hints: ['SERVICE_PORT_CHOICE'],
    },
    {
      dst: 'a/svc/nobody',
      port: 80,
      verdict: 'no-endpoints',
      codes: ['SERVICE_HOP', 'NO_ENDPOINTS'],
      hints: [],
    },
    {
      dst: 'a/svc/wrong-target',
      port: 80,
      verdict: 'no-endpoints',
      codes: ['SERVICE_HOP', 'TARGET_PORT_NOT_DECLARED'],
      hints: [],
    },
    {
      dst: 'a/web',
      port: 'metrics',
      verdict: 'no-such-named-port',
      codes: ['NO_SUCH_NAMED_PORT'],
      hints: [],
    },
  ])('$dst:$port → $verdict', ({ dst, port, verdict, codes, hints }) => {
    const e = check(dst, port);
    expect(e.verdict).toBe(verdict);
    expect(e.reasons.map((r) => r.code)).toEqual(codes);
    expect(e.hints.map((h) => h.code)).toEqual(hints);
  });

  it('the Service hop carries each endpoint pod with the target port it resolves to', () => {
    const e = check('10.96.0.2', 80);
    expect(e.reasons[0]).toMatchObject({
      code: 'SERVICE_HOP',
      service: 'a/web',
      address: '10.96.0.2',
      port: 80,
      portName: 'http',
      targetPort: 'http',
      endpoints: [{ pod: 'a/web', targetPort: 8080 }],
      at: { path: ['spec', 'ports', 0] },
    });
    expect(e.probes).toHaveLength(1);
    expect(e.probes[0]!.query).toEqual({ port: 8080, protocol: 'TCP' });
    expect(e.groups).toEqual([{ probes: [0] }]);
  });
});
