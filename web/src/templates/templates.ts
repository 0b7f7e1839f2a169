import { PROTOCOLS, type Protocol } from '../../../src/model/types.js';
import { CILIUM_TEMPLATES } from './cilium-templates.js';
import {
  checkNamespace,
  LABEL_KEY,
  LABEL_VALUE,
  type PolicyTemplate,
  parsePort,
  policyName,
  yamlScalar,
} from './template-kit.js';

export {
  type PolicyTemplate,
  policyName,
  type TemplateField,
  type TemplateValues,
  yamlScalar,
} from './template-kit.js';

function portsBlock(port: number | null, protocol: Protocol, indent: string): string {
  if (port === null) return '';
  return `${indent}ports:\n${indent}  - protocol: ${protocol}\n${indent}    port: ${port}\n`;
}

function header(name: string, namespace: string, comment: string): string {
  return `# ${comment}\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${yamlScalar(name)}\n  namespace: ${yamlScalar(namespace)}\n`;
}

/** The NetworkPolicy templates "add a policy" offers. Each produces a complete document. */
const NETWORK_POLICY_TEMPLATES: readonly PolicyTemplate[] = [
  {
    id: 'deny-all-ingress',
    title: 'Deny all ingress',
    description:
      'Isolates every pod of the namespace for ingress; nothing may come in until another policy allows it.',
    fields: ['namespace'],
    render(v) {
      const ns = checkNamespace(v.namespace, 'namespace');
      if (!ns.ok) return ns;
      return {
        ok: true,
        yaml: `${header('deny-all-ingress', v.namespace, `Deny all ingress to pods in ${v.namespace}`)}spec:\n  podSelector: {}\n  policyTypes:\n    - Ingress\n`,
      };
    },
  },
  {
    id: 'deny-all-egress',
    title: 'Deny all egress',
    description: 'Isolates every pod of the namespace for egress, DNS included; add "Allow DNS" next.',
    fields: ['namespace'],
    render(v) {
      const ns = checkNamespace(v.namespace, 'namespace');
      if (!ns.ok) return ns;
      return {
        ok: true,
        yaml: `${header('deny-all-egress', v.namespace, `Deny all egress from pods in ${v.namespace}`)}spec:\n  podSelector: {}\n  policyTypes:\n    - Egress\n`,
      };
    },
  },
  {
    id: 'allow-from-namespace',
    title: 'Allow from a namespace',
    description:
      'Lets every pod of another namespace reach the pods of this one (optionally on one port), selected by the kubernetes.io/metadata.name label every namespace carries.',
    fields: ['namespace', 'from', 'port', 'protocol'],
    render(v) {
      const ns = checkNamespace(v.namespace, 'namespace');
      if (!ns.ok) return ns;
      const from = checkNamespace(v.from, 'source namespace');
      if (!from.ok) return from;
      const port = parsePort(v.port);
      if (!port.ok) return port;
      const protocol = v.protocol ?? 'TCP';
      const name = policyName('allow-from', v.from!, ...(port.port === null ? [] : [String(port.port)]));
      return {
        ok: true,
        yaml:
          header(
            name,
            v.namespace,
            `Allow pods in ${v.from} to reach pods in ${v.namespace}${port.port === null ? '' : ` on ${protocol} ${port.port}`}`,
          ) +
          `spec:\n  podSelector: {}\n  policyTypes:\n    - Ingress\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: ${yamlScalar(v.from!)}\n` +
          portsBlock(port.port, protocol, '      '),
      };
    },
  },
  {
    id: 'allow-dns',
    title: 'Allow DNS',
    description:
      'Lets every pod of the namespace query the cluster DNS (kube-system, k8s-app=kube-dns) on UDP and TCP 53.',
    fields: ['namespace'],
    render(v) {
      const ns = checkNamespace(v.namespace, 'namespace');
      if (!ns.ok) return ns;
      return {
        ok: true,
        yaml:
          header('allow-dns', v.namespace, `Allow pods in ${v.namespace} to query the cluster DNS`) +
          'spec:\n  podSelector: {}\n  policyTypes:\n    - Egress\n  egress:\n    - to:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: kube-system\n          podSelector:\n            matchLabels:\n              k8s-app: kube-dns\n      ports:\n        - protocol: UDP\n          port: 53\n        - protocol: TCP\n          port: 53\n',
      };
    },
  },
  {
    id: 'allow-same-app',
    title: 'Allow within the same app',
    description:
      'Pods carrying a label (e.g. app=web) accept ingress from pods of the same namespace carrying the same label.',
    fields: ['namespace', 'label', 'port', 'protocol'],
    render(v) {
      const ns = checkNamespace(v.namespace, 'namespace');
      if (!ns.ok) return ns;
      const label = (v.label ?? '').trim();
      const eq = label.indexOf('=');
      const key = eq < 0 ? '' : label.slice(0, eq);
      const value = eq < 0 ? '' : label.slice(eq + 1);
      if (!LABEL_KEY.test(key) || !LABEL_VALUE.test(value) || value.length > 63)
        return { ok: false, message: `label ${JSON.stringify(label)} is not key=value (e.g. app=web)` };
      const port = parsePort(v.port);
      if (!port.ok) return port;
      const protocol = v.protocol ?? 'TCP';
      const selector = `matchLabels:\n      ${yamlScalar(key)}: ${yamlScalar(value)}\n`;
      return {
        ok: true,
        yaml:
          header(
            policyName('allow-same', value || key),
            v.namespace,
            `Pods with ${label} accept traffic from pods with ${label}`,
          ) +
          `spec:\n  podSelector:\n    ${selector}  policyTypes:\n    - Ingress\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              ${yamlScalar(key)}: ${yamlScalar(value)}\n` +
          portsBlock(port.port, protocol, '      '),
      };
    },
  },
  {
    id: 'allow-port-from-anywhere',
    title: 'Allow a port from anywhere',
    description: 'Opens one port of every pod of the namespace to every source, in the cluster or outside.',
    fields: ['namespace', 'port', 'protocol'],
    render(v) {
      const ns = checkNamespace(v.namespace, 'namespace');
      if (!ns.ok) return ns;
      const port = parsePort(v.port);
      if (!port.ok) return port;
      if (port.port === null) return { ok: false, message: 'port is required' };
      const protocol = v.protocol ?? 'TCP';
      return {
        ok: true,
        yaml:
          header(
            policyName('allow', protocol, String(port.port)),
            v.namespace,
            `Allow ${protocol} ${port.port} to pods in ${v.namespace} from anywhere`,
          ) +
          `spec:\n  podSelector: {}\n  policyTypes:\n    - Ingress\n  ingress:\n    - ${portsBlock(port.port, protocol, '      ').trimStart()}`,
      };
    },
  },
];

/** Every template "add a policy" offers: NetworkPolicy ones, then CiliumNetworkPolicy ones. */
export const TEMPLATES: readonly PolicyTemplate[] = [...NETWORK_POLICY_TEMPLATES, ...CILIUM_TEMPLATES];

export const TEMPLATE_PROTOCOLS: readonly Protocol[] = PROTOCOLS;

/** The template with this id. */
export function findTemplate(id: string): PolicyTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
