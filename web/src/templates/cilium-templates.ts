import { CILIUM_ENTITIES, type Protocol } from '../../../src/model/types.js';
import {
  checkNamespace,
  type PolicyTemplate,
  parsePort,
  policyName,
  type TemplateValues,
  yamlScalar,
} from './template-kit.js';

/** The entities "Allow from an entity" offers: the ones a person means as a source. */
export const TEMPLATE_ENTITIES = CILIUM_ENTITIES.filter((e) => e !== 'none');

function header(name: string, namespace: string, comment: string): string {
  return `# ${comment}\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: ${yamlScalar(name)}\n  namespace: ${yamlScalar(namespace)}\n`;
}

/**
 * `toPorts` of one port, at `indent` (the item's keys). Cilium reads no protocol as ANY (TCP,
 * UDP and SCTP), so the protocol is always written.
 */
function toPorts(port: number | null, protocol: Protocol, indent: string): string {
  if (port === null) return '';
  return `${indent}toPorts:\n${indent}  - ports:\n${indent}      - port: "${port}"\n${indent}        protocol: ${protocol}\n`;
}

/** The namespace as Cilium's endpoint selectors name it: a pod label. */
const NAMESPACE_KEY = 'k8s:io.kubernetes.pod.namespace';

type Rendered = ReturnType<PolicyTemplate['render']>;

function withNamespace(v: TemplateValues, then: () => Rendered): Rendered {
  const ns = checkNamespace(v.namespace, 'namespace');
  return ns.ok ? then() : ns;
}

/** The CiliumNetworkPolicy templates "Add policy" offers. Each produces one complete document. */
export const CILIUM_TEMPLATES: readonly PolicyTemplate[] = [
  {
    id: 'cnp-default-deny',
    dialect: 'cilium',
    title: 'Cilium: deny all ingress',
    description:
      'Isolates every pod of the namespace for ingress with `ingress: [{}]`, an item that matches no peer (in a NetworkPolicy, `- {}` would allow everything).',
    fields: ['namespace'],
    render: (v) =>
      withNamespace(v, () => ({
        ok: true,
        yaml: `${header('default-deny-ingress', v.namespace, `Deny all ingress to pods in ${v.namespace}`)}spec:\n  endpointSelector: {}\n  ingress:\n    - {}\n`,
      })),
  },
  {
    id: 'cnp-allow-same-namespace',
    dialect: 'cilium',
    title: 'Cilium: allow from the same namespace',
    description:
      'Pods of the namespace accept ingress from every pod of the same namespace: in a CiliumNetworkPolicy, `fromEndpoints: [{}]` stays in the policy namespace.',
    fields: ['namespace', 'port', 'protocol'],
    render: (v) =>
      withNamespace(v, () => {
        const port = parsePort(v.port);
        if (!port.ok) return port;
        return {
          ok: true,
          yaml:
            header(
              policyName('allow-same-namespace', ...(port.port === null ? [] : [String(port.port)])),
              v.namespace,
              `Pods in ${v.namespace} accept traffic from pods in ${v.namespace}`,
            ) +
            'spec:\n  endpointSelector: {}\n  ingress:\n    - fromEndpoints:\n        - {}\n' +
            toPorts(port.port, v.protocol ?? 'TCP', '      '),
        };
      }),
  },
  {
    id: 'cnp-allow-dns',
    dialect: 'cilium',
    title: 'Cilium: allow DNS to kube-dns',
    description:
      'Lets every pod of the namespace query kube-dns (kube-system, k8s-app=kube-dns) on port 53, with a dns rule so the proxy sees the names (what toFQDNs rules need). Each query is then judged at run time.',
    fields: ['namespace'],
    render: (v) =>
      withNamespace(v, () => ({
        ok: true,
        yaml:
          header('allow-dns', v.namespace, `Allow pods in ${v.namespace} to query kube-dns`) +
          `spec:\n  endpointSelector: {}\n  egress:\n    - toEndpoints:\n        - matchLabels:\n            ${NAMESPACE_KEY}: kube-system\n            k8s:k8s-app: kube-dns\n      toPorts:\n        - ports:\n            - port: "53"\n              protocol: ANY\n          rules:\n            dns:\n              - matchPattern: "*"\n`,
      })),
  },
  {
    id: 'cnp-allow-world',
    dialect: 'cilium',
    title: 'Cilium: allow egress to the world on a port',
    description:
      'Lets every pod of the namespace reach addresses outside the cluster (the world entity) on one port, 443 unless you say otherwise.',
    fields: ['namespace', 'port', 'protocol'],
    render: (v) =>
      withNamespace(v, () => {
        const port = parsePort(v.port === undefined || v.port.trim() === '' ? '443' : v.port);
        if (!port.ok) return port;
        const protocol = v.protocol ?? 'TCP';
        return {
          ok: true,
          yaml:
            header(
              policyName('allow-world', String(port.port)),
              v.namespace,
              `Allow pods in ${v.namespace} to reach the world on ${protocol} ${port.port}`,
            ) +
            'spec:\n  endpointSelector: {}\n  egress:\n    - toEntities:\n        - world\n' +
            toPorts(port.port, protocol, '      '),
        };
      }),
  },
  {
    id: 'cnp-allow-from-entity',
    dialect: 'cilium',
    title: 'Cilium: allow from an entity',
    description:
      'Pods of the namespace accept ingress from a Cilium entity: host (their own node, always admitted anyway), remote-node, kube-apiserver, world, cluster…',
    fields: ['namespace', 'entity', 'port', 'protocol'],
    render: (v) =>
      withNamespace(v, () => {
        const entity = (v.entity ?? '').trim();
        if (!(TEMPLATE_ENTITIES as readonly string[]).includes(entity))
          return {
            ok: false,
            message: `entity ${JSON.stringify(entity)} is not one of ${TEMPLATE_ENTITIES.join(', ')}`,
          };
        const port = parsePort(v.port);
        if (!port.ok) return port;
        return {
          ok: true,
          yaml:
            header(
              policyName('allow-from', entity, ...(port.port === null ? [] : [String(port.port)])),
              v.namespace,
              `Pods in ${v.namespace} accept traffic from ${entity}`,
            ) +
            `spec:\n  endpointSelector: {}\n  ingress:\n    - fromEntities:\n        - ${entity}\n` +
            toPorts(port.port, v.protocol ?? 'TCP', '      '),
        };
      }),
  },
  {
    id: 'cnp-deny-from-namespace',
    dialect: 'cilium',
    title: 'Cilium: deny from a namespace',
    description:
      'An ingressDeny rule: nothing from the pods of another namespace gets in (optionally on one port), whatever any allow rule of any policy says. A deny-only policy still isolates.',
    fields: ['namespace', 'from', 'port', 'protocol'],
    render: (v) =>
      withNamespace(v, () => {
        const from = checkNamespace(v.from, 'source namespace');
        if (!from.ok) return from;
        const port = parsePort(v.port);
        if (!port.ok) return port;
        return {
          ok: true,
          yaml:
            header(
              policyName('deny-from', v.from!, ...(port.port === null ? [] : [String(port.port)])),
              v.namespace,
              `Deny traffic from pods in ${v.from} to pods in ${v.namespace}`,
            ) +
            `spec:\n  endpointSelector: {}\n  ingressDeny:\n    - fromEndpoints:\n        - matchLabels:\n            ${NAMESPACE_KEY}: ${yamlScalar(v.from!)}\n` +
            toPorts(port.port, v.protocol ?? 'TCP', '      '),
        };
      }),
  },
];
