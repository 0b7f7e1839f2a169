/**
 * Cilium scenarios: CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy documents, and the
 * objects the e2e topology lacks for Cilium's entities (nodes, pods placed on them, a hostNetwork
 * pod, the API server's endpoints).
 */
import { dedent, indent } from './scenarios.js';

/**
 * Whether the engine evaluates Cilium policies yet. Until it does, the Cilium semantic tables
 * register their rows as `it.todo` (the scenarios' loading is still tested).
 */
export const CILIUM_EVALUATED = true;

/** A CiliumNetworkPolicy; `body` is what goes under the object (`spec:` or `specs:`). */
export function cnp(namespace: string, name: string, body: string): string {
  return `---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: ${JSON.stringify(name)}
  namespace: ${JSON.stringify(namespace)}
${dedent(body)}
`;
}

/** A CiliumClusterwideNetworkPolicy; `body` is what goes under the object. */
export function ccnp(name: string, body: string): string {
  return `---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: ${JSON.stringify(name)}
${dedent(body)}
`;
}

/** `spec:` with an endpointSelector and the rule sections given as YAML. */
export function spec(endpointSelector: string, sections: string): string {
  return `spec:\n  endpointSelector: ${endpointSelector}\n${indent(dedent(sections), 2)}`;
}

/** Node n1 (192.168.0.1) and n2 (192.168.0.2). */
export const NODE_IPS = { n1: '192.168.0.1', n2: '192.168.0.2' } as const;

/** The kube-apiserver's address (default/kubernetes endpoints), on no node. */
export const API_SERVER_IP = '172.20.0.1';

/** An address outside the cluster. */
export const WORLD_IP = '203.0.113.5';

/**
 * Namespace w (label ns=w) with pod w/p1 on n1 (10.0.3.1, label pod=p1), pod w/p2 on n2
 * (10.0.3.2, label pod=p2) and the hostNetwork pod w/h on n2 (the node's address, label pod=a);
 * nodes n1 and n2; the endpoints of default/kubernetes.
 */
export const CILIUM_EXTRA = `
---
apiVersion: v1
kind: Namespace
metadata: {name: w, labels: {ns: w}}
---
apiVersion: v1
kind: Pod
metadata: {name: p1, namespace: w, labels: {pod: p1}}
spec: {nodeName: n1, containers: [{name: c, image: agnhost}]}
status: {phase: Running, podIP: 10.0.3.1}
---
apiVersion: v1
kind: Pod
metadata: {name: p2, namespace: w, labels: {pod: p2}}
spec: {nodeName: n2, containers: [{name: c, image: agnhost}]}
status: {phase: Running, podIP: 10.0.3.2}
---
apiVersion: v1
kind: Pod
metadata: {name: h, namespace: w, labels: {pod: a}}
spec: {nodeName: n2, hostNetwork: true, containers: [{name: c, image: agnhost}]}
status: {phase: Running, podIP: ${NODE_IPS.n2}}
---
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {kubernetes.io/hostname: n1}}
status: {addresses: [{type: InternalIP, address: ${NODE_IPS.n1}}]}
---
apiVersion: v1
kind: Node
metadata: {name: n2, labels: {kubernetes.io/hostname: n2}}
status: {addresses: [{type: InternalIP, address: ${NODE_IPS.n2}}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: kubernetes, namespace: default}
subsets: [{addresses: [{ip: ${API_SERVER_IP}}], ports: [{name: https, port: 6443}]}]
`;
