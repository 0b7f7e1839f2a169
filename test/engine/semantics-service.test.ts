/**
 * Traffic to a Service: ClusterIP:port is translated to an endpoint pod and its targetPort
 * before NetworkPolicy applies (policies see pod IPs and target ports). A named targetPort is
 * resolved per pod. A port the Service does not expose, or a Service without ready endpoints,
 * fails whatever the policies say, and is reported as its own verdict.
 */
import { describe, expect, it } from 'vitest';
import { checkConnection } from '../../src/engine/check.js';
import { target } from '../support/probe.js';
import { compiledScenario, describeScenarios, policy, type Scenario } from '../support/scenarios.js';

const SERVICES = `
---
apiVersion: v1
kind: Service
metadata: {name: svc-a, namespace: x}
spec:
  clusterIP: 10.96.0.10
  selector: {pod: a}
  ports:
  - {name: http, port: 8080, targetPort: 80}
  - {name: alt, port: 9090, targetPort: serve-81-tcp}
  - {name: dns, port: 53, protocol: UDP, targetPort: serve-80-udp}
---
apiVersion: v1
kind: Service
metadata: {name: svc-all, namespace: x}
spec:
  clusterIP: 10.96.0.11
  selector: {}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: nobody, namespace: x}
spec:
  clusterIP: 10.96.0.12
  selector: {pod: zzz}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: manual, namespace: x}
spec:
  clusterIP: 10.96.0.13
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: bad-name, namespace: x}
spec:
  clusterIP: 10.96.0.14
  selector: {pod: a}
  ports: [{port: 80, targetPort: no-such-name}]
---
apiVersion: v1
kind: Service
metadata: {name: svc-a, namespace: 'y'}
spec:
  clusterIP: 10.96.1.10
  selector: {pod: a}
  ports: [{port: 80}]
`;

/** Two web pods naming different numbers `http`, a Service on the name, and a client. */
const NAMED = `
---
apiVersion: v1
kind: Pod
metadata: {name: web1, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{containerPort: 8080, name: http}]}]}
status: {phase: Running, podIP: 10.9.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: web2, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{containerPort: 9090, name: http}]}]}
status: {phase: Running, podIP: 10.9.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
status: {phase: Running, podIP: 10.9.0.3}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 10.96.2.1
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
`;

const A_FROM_B = policy(
  'x',
  'a-from-b',
  `
  podSelector: {matchLabels: {pod: a}}
  ingress:
  - from: [{podSelector: {matchLabels: {pod: b}}}]
    ports: [{port: 80}, {port: 80, protocol: UDP}]`,
);

const scenarios: Scenario[] = [
  {
    name: 'port → targetPort before policy',
    manifests: SERVICES + A_FROM_B,
    rows: [
      ['x/b', 'x/svc/svc-a', 8080, 'TCP', 'allowed'],
      ['x/b', '10.96.0.10', 8080, 'TCP', 'allowed'],
      ['x/b', 'x/svc/svc-a', 'http', 'TCP', 'allowed'],
      ['x/c', 'x/svc/svc-a', 8080, 'TCP', 'denied'],
      ['y/b', 'x/svc/svc-a', 8080, 'TCP', 'denied'],
      // named targetPort serve-81-tcp → 81, which the policy does not open
      ['x/b', 'x/svc/svc-a', 9090, 'TCP', 'denied'],
      ['x/b', 'x/svc/svc-a', 53, 'UDP', 'allowed'],
      // a pod reaching itself through its own Service
      ['x/a', 'x/svc/svc-a', 9090, 'TCP', 'allowed'],
    ],
  },
  {
    name: 'a port the Service does not expose',
    manifests: SERVICES + A_FROM_B,
    rows: [
      ['x/b', 'x/svc/svc-a', 8081, 'TCP', 'no-such-port'],
      // the policy allows 80 on the pod, but the Service exposes 8080, not 80
      ['x/b', 'x/svc/svc-a', 80, 'TCP', 'no-such-port'],
      ['x/b', 'x/svc/svc-a', 8080, 'UDP', 'no-such-port'],
      ['x/b', 'x/svc/svc-a', 'nope', 'TCP', 'no-such-port'],
      ['x/b', '10.96.0.12', 81, 'TCP', 'no-such-port'],
    ],
  },
  {
    name: 'a Service without endpoints',
    manifests: SERVICES,
    rows: [
      ['x/b', 'x/svc/nobody', 80, 'TCP', 'no-endpoints'],
      ['x/b', '10.96.0.13', 80, 'TCP', 'no-endpoints'],
      ['x/b', 'x/svc/bad-name', 80, 'TCP', 'no-endpoints'],
      // "If empty or not present, the service is assumed to have an external process managing
      // its endpoints" (ServiceSpec.selector): `selector: {}` selects nothing
      ['x/b', 'x/svc/svc-all', 80, 'TCP', 'no-endpoints'],
    ],
  },
  {
    name: 'a Service selects pods of its own namespace only',
    manifests: SERVICES + policy('x', 'deny', `podSelector: {}`),
    rows: [
      ['z/a', 'y/svc/svc-a', 80, 'TCP', 'allowed'],
      ['z/a', 'x/svc/svc-a', 8080, 'TCP', 'denied'],
    ],
  },
  {
    name: 'a named targetPort resolves per endpoint pod',
    manifests:
      NAMED +
      policy(
        'shop',
        'only-8080',
        `
        podSelector: {matchLabels: {app: web}}
        ingress:
        - ports: [{port: 8080}]`,
      ),
    rows: [['shop/client', 'shop/svc/web', 80, 'TCP', 'partial']],
  },
  {
    name: 'a named targetPort and a named policy port agree on every pod',
    manifests:
      NAMED +
      policy(
        'shop',
        'by-name',
        `
        podSelector: {matchLabels: {app: web}}
        ingress:
        - ports: [{port: http}]`,
      ),
    rows: [
      ['shop/client', 'shop/svc/web', 80, 'TCP', 'allowed'],
      ['shop/client', '10.96.2.1', 80, 'TCP', 'allowed'],
      ['shop/client', 'shop/svc/web', 8080, 'TCP', 'no-such-port'],
    ],
  },
];

describeScenarios('Service translation', scenarios);

describe('Service translation, the hop as data', () => {
  const named = scenarios.find((s) => s.name.startsWith('a named targetPort resolves'))!;

  it('records the service port and each endpoint’s target port', () => {
    const compiled = compiledScenario(named);
    const result = checkConnection(
      compiled,
      target(compiled, 'shop/client'),
      target(compiled, 'shop/svc/web'),
      80,
      'TCP',
    );
    expect(result.service?.servicePort).toMatchObject({ port: 80, targetPort: 'http' });
    expect(result.service?.endpoints.map((e) => [e.endpoint.id, e.targetPort])).toEqual([
      ['shop/web1', 8080],
      ['shop/web2', 9090],
    ]);
    expect(
      result.probes.map((p) => [p.dst.type === 'endpoint' && p.dst.endpoint.id, p.port, p.allowed]),
    ).toEqual([
      ['shop/web1', 8080, true],
      ['shop/web2', 9090, false],
    ]);
  });

  it('a non-policy verdict has no probes', () => {
    const compiled = compiledScenario(named);
    const result = checkConnection(
      compiled,
      target(compiled, 'shop/client'),
      target(compiled, 'shop/svc/web'),
      81,
      'TCP',
    );
    expect(result).toMatchObject({ verdict: 'no-such-port', allowed: false, probes: [] });
  });

  it('a Service as a source stands for the pods it selects', () => {
    const compiled = compiledScenario(scenarios[0]!);
    const from = (src: string, dst: string, port: number) =>
      checkConnection(compiled, target(compiled, src), target(compiled, dst), port, 'TCP');
    // svc-a selects x/a; x/b is not isolated, x/a is isolated except from x/b on 80
    const out = from('x/svc/svc-a', 'x/b', 80);
    expect(out.verdict).toBe('allowed');
    expect(out.probes.map((p) => p.src.type === 'endpoint' && p.src.endpoint.id)).toEqual(['x/a']);
    expect(from('x/svc/svc-a', 'x/a', 80).verdict).toBe('allowed'); // a pod reaches itself
    expect(from('x/svc/nobody', 'x/b', 80)).toMatchObject({
      verdict: 'no-endpoints',
      allowed: false,
      probes: [],
    });
  });
});
