/**
 * Validation as the API server does it, field by field, for every field kubereach reads: names
 * (ValidateObjectMeta and each kind's name rule), labels and selectors (apimachinery
 * ValidateLabels / ValidateLabelSelector), NetworkPolicy ports, peers, CIDRs and policyTypes
 * (pkg/apis/networking/validation), Service ports (ValidateService), container ports
 * (validateContainerPorts) and workload selectors (pkg/apis/apps/validation). Each row is one
 * object: accepted, or rejected with one code at one field — and then left out whole.
 */
import { describe, expect, it } from 'vitest';
import type { DiagnosticCode } from '../../src/model/diagnostics.js';
import type { Cluster } from '../../src/model/types.js';
import { load } from '../support/cluster.js';

type Json = Record<string, unknown>;

interface Row {
  readonly name: string;
  readonly object: Json;
  /** The error the API server gives, at `path`; absent when the object is accepted. */
  readonly code?: DiagnosticCode;
  readonly path?: string;
  /** A warning an accepted object gets. */
  readonly warning?: DiagnosticCode;
}

const meta = (name: string, extra: Json = {}) => ({ name, namespace: 'ns', ...extra });
const pod = (spec: Json, metadata: Json = meta('p')): Json => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata,
  spec,
});
const withPorts = (ports: unknown, more: Json = {}) =>
  pod({ containers: [{ name: 'c', image: 'i', ports, ...more }] });
const service = (spec: Json, metadata: Json = meta('s')): Json => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata,
  spec,
});
const policy = (spec: Json, metadata: Json = meta('np')): Json => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata,
  spec: { podSelector: {}, ...spec },
});
const ingressPort = (port: Json) => policy({ ingress: [{ ports: [port] }] });
const fromPeer = (peer: unknown) => policy({ ingress: [{ from: [peer] }] });
const ipBlock = (block: Json) => fromPeer({ ipBlock: block });
const selector = (sel: Json) => policy({ podSelector: sel });
const workload = (kind: string, spec: Json, name = 'w', apiVersion = 'apps/v1'): Json => ({
  apiVersion,
  kind,
  metadata: meta(name),
  spec: {
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    ...spec,
  },
});
const namespace = (name: string, labels: Json = {}): Json => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});

function loaded(cluster: Cluster, object: Json): boolean {
  const kind = object.kind as string;
  const name = (object.metadata as { name: string }).name;
  switch (kind) {
    case 'Namespace':
      return cluster.namespaces.get(name)?.implicit === false;
    case 'Service':
      return cluster.services.some((s) => s.name === name);
    case 'NetworkPolicy':
      return cluster.policies.some((p) => p.name === name);
    default:
      return cluster.workloads.some((w) => w.name === name);
  }
}

function check(row: Row): void {
  const cluster = load(JSON.stringify(row.object));
  const errors = cluster.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'POLICY_REJECTED');
  if (row.code === undefined) {
    expect(errors.map((d) => `${d.code} ${d.path}: ${d.message}`)).toEqual([]);
    expect(loaded(cluster, row.object)).toBe(true);
    if (row.warning !== undefined)
      expect(cluster.diagnostics.map((d) => [d.code, d.severity])).toContainEqual([row.warning, 'warning']);
    return;
  }
  expect(errors.map((d) => [d.code, d.path])).toEqual([[row.code, row.path]]);
  expect(loaded(cluster, row.object)).toBe(false);
}

const long = (n: number) => 'a'.repeat(n);

describe('names (ValidateObjectMeta and the name rule of each kind)', () => {
  it.each<Row>([
    { name: 'a namespace is a DNS label', object: namespace('dev-1') },
    {
      name: 'a namespace may not hold a dot',
      object: namespace('dev.1'),
      code: 'INVALID_NAME',
      path: 'metadata.name',
    },
    { name: 'a pod name is a DNS subdomain (dots allowed)', object: pod({}, meta('web.v1')) },
    {
      name: 'a pod name is lower case',
      object: pod({}, meta('Web')),
      code: 'INVALID_NAME',
      path: 'metadata.name',
    },
    {
      name: 'a pod name has at most 253 characters',
      object: pod({}, meta(long(254))),
      code: 'INVALID_NAME',
      path: 'metadata.name',
    },
    { name: 'a service name is a DNS-1035 label', object: service({ ports: [{ port: 80 }] }, meta('web-1')) },
    {
      name: 'a service name starts with a letter',
      object: service({ ports: [{ port: 80 }] }, meta('1st')),
      code: 'INVALID_NAME',
      path: 'metadata.name',
    },
    {
      name: 'a service name may not hold a dot',
      object: service({ ports: [{ port: 80 }] }, meta('web.v1')),
      code: 'INVALID_NAME',
      path: 'metadata.name',
    },
    {
      name: 'a StatefulSet name is a DNS label',
      object: workload('StatefulSet', {}, 'db.primary'),
      code: 'INVALID_NAME',
      path: 'metadata.name',
    },
    { name: 'a Deployment name is a DNS subdomain', object: workload('Deployment', {}, 'web.v1') },
    {
      name: 'a CronJob name has at most 52 characters',
      object: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta(long(53)), spec: {} },
      code: 'INVALID_NAME',
      path: 'metadata.name',
    },
    {
      name: 'a CronJob name of 52 characters',
      object: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta(long(52)), spec: {} },
    },
    {
      name: 'a policy name is lower case',
      object: policy({}, meta('Allow')),
      code: 'INVALID_NAME',
      path: 'metadata.name',
    },
    {
      name: 'metadata.namespace is a DNS label',
      object: pod({}, { name: 'p', namespace: 'Dev' }),
      code: 'INVALID_NAME',
      path: 'metadata.namespace',
    },
    {
      name: 'a name is required',
      object: pod({}, { namespace: 'ns' }),
      code: 'MISSING_NAME',
      path: 'metadata.name',
    },
  ])('$name', check);
});

describe('labels (ValidateLabels) on every kind', () => {
  it.each<Row>([
    { name: 'a prefixed key', object: namespace('n', { 'example.com/app': 'web' }) },
    { name: 'an empty value', object: namespace('n', { app: '' }) },
    { name: 'a value of 63 characters', object: namespace('n', { app: long(63) }) },
    {
      name: 'a value of 64 characters',
      object: namespace('n', { app: long(64) }),
      code: 'INVALID_LABEL',
      path: 'metadata.labels.app',
    },
    {
      name: 'a key prefix in upper case',
      object: namespace('n', { 'Example.com/app': 'x' }),
      code: 'INVALID_LABEL',
      path: 'metadata.labels.Example.com/app',
    },
    {
      name: 'an empty key prefix',
      object: namespace('n', { '/app': 'x' }),
      code: 'INVALID_LABEL',
      path: 'metadata.labels./app',
    },
    {
      name: 'a value with a space',
      object: pod({}, meta('p', { labels: { app: 'a b' } })),
      code: 'INVALID_LABEL',
      path: 'metadata.labels.app',
    },
    {
      name: 'a value that is a number',
      object: pod({}, meta('p', { labels: { v: 1 } })),
      code: 'INVALID_TYPE',
      path: 'metadata.labels.v',
    },
    {
      name: 'on a Service',
      object: service({ ports: [{ port: 80 }] }, meta('s', { labels: { 'a b': 'x' } })),
      code: 'INVALID_LABEL',
      path: 'metadata.labels.a b',
    },
    {
      name: 'on a NetworkPolicy',
      object: policy({}, meta('np', { labels: { app: '-x' } })),
      code: 'INVALID_LABEL',
      path: 'metadata.labels.app',
    },
    {
      name: 'on a Deployment',
      object: { ...workload('Deployment', {}), metadata: meta('w', { labels: { app: 'x_' } }) },
      code: 'INVALID_LABEL',
      path: 'metadata.labels.app',
    },
    {
      name: 'on a pod template',
      object: workload('DaemonSet', { template: { metadata: { labels: { app: '!' } } } }),
      code: 'INVALID_LABEL',
      path: 'spec.template.metadata.labels.app',
    },
  ])('$name', check);
});

describe('label selectors (ValidateLabelSelector)', () => {
  const expr = (e: Json) => selector({ matchExpressions: [e] });
  it.each<Row>([
    { name: 'In with values', object: expr({ key: 'app', operator: 'In', values: ['a', 'b'] }) },
    { name: 'NotIn with values', object: expr({ key: 'app', operator: 'NotIn', values: ['a'] }) },
    { name: 'Exists without values', object: expr({ key: 'app', operator: 'Exists' }) },
    { name: 'DoesNotExist without values', object: expr({ key: 'app', operator: 'DoesNotExist' }) },
    {
      name: 'In without values',
      object: expr({ key: 'app', operator: 'In' }),
      code: 'INVALID_SELECTOR',
      path: 'spec.podSelector.matchExpressions[0].values',
    },
    {
      name: 'NotIn with an empty list',
      object: expr({ key: 'app', operator: 'NotIn', values: [] }),
      code: 'INVALID_SELECTOR',
      path: 'spec.podSelector.matchExpressions[0].values',
    },
    {
      name: 'DoesNotExist with values',
      object: expr({ key: 'app', operator: 'DoesNotExist', values: ['a'] }),
      code: 'INVALID_SELECTOR',
      path: 'spec.podSelector.matchExpressions[0].values',
    },
    {
      name: 'an unknown operator',
      object: expr({ key: 'app', operator: 'Equals', values: ['a'] }),
      code: 'INVALID_SELECTOR',
      path: 'spec.podSelector.matchExpressions[0].operator',
    },
    {
      name: 'no key',
      object: expr({ operator: 'Exists' }),
      code: 'INVALID_SELECTOR',
      path: 'spec.podSelector.matchExpressions[0].key',
    },
    {
      name: 'an invalid key',
      object: expr({ key: 'a b', operator: 'Exists' }),
      code: 'INVALID_LABEL',
      path: 'spec.podSelector.matchExpressions[0].key',
    },
    {
      name: 'a misspelt field',
      object: selector({ matchLabel: { app: 'a' } }),
      code: 'UNKNOWN_FIELD',
      path: 'spec.podSelector.matchLabel',
    },
    {
      name: 'matchLabels with an invalid value',
      object: selector({ matchLabels: { app: 'a/b' } }),
      code: 'INVALID_LABEL',
      path: 'spec.podSelector.matchLabels.app',
    },
    {
      name: 'a namespaceSelector is checked the same way',
      object: fromPeer({
        namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'in', values: ['a'] }] },
      }),
      code: 'INVALID_SELECTOR',
      path: 'spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].operator',
    },
  ])('$name', check);
});

describe('NetworkPolicy ports (ValidateNetworkPolicyPort)', () => {
  it.each<Row>([
    { name: 'port 1', object: ingressPort({ port: 1 }) },
    { name: 'port 65535', object: ingressPort({ port: 65535 }) },
    {
      name: 'port 0',
      object: ingressPort({ port: 0 }),
      code: 'INVALID_PORT',
      path: 'spec.ingress[0].ports[0].port',
    },
    {
      name: 'port 65536',
      object: ingressPort({ port: 65536 }),
      code: 'INVALID_PORT',
      path: 'spec.ingress[0].ports[0].port',
    },
    {
      name: 'a negative port',
      object: ingressPort({ port: -1 }),
      code: 'INVALID_PORT',
      path: 'spec.ingress[0].ports[0].port',
    },
    {
      name: 'a fractional port',
      object: ingressPort({ port: 80.5 }),
      code: 'INVALID_PORT',
      path: 'spec.ingress[0].ports[0].port',
    },
    {
      name: 'a quoted number is a port name, and not a valid one',
      object: ingressPort({ port: '80' }),
      code: 'INVALID_PORT',
      path: 'spec.ingress[0].ports[0].port',
    },
    { name: 'a port name', object: ingressPort({ port: 'http-alt' }) },
    {
      name: 'a port name in upper case',
      object: ingressPort({ port: 'HTTP' }),
      code: 'INVALID_PORT',
      path: 'spec.ingress[0].ports[0].port',
    },
    {
      name: 'a port name of 16 characters',
      object: ingressPort({ port: 'abcdefghijklmnop' }),
      code: 'INVALID_PORT',
      path: 'spec.ingress[0].ports[0].port',
    },
    {
      name: 'a port name with --',
      object: ingressPort({ port: 'a--b' }),
      code: 'INVALID_PORT',
      path: 'spec.ingress[0].ports[0].port',
    },
    {
      name: 'a port name starting with -',
      object: ingressPort({ port: '-ab' }),
      code: 'INVALID_PORT',
      path: 'spec.ingress[0].ports[0].port',
    },
    {
      name: 'a port that is a list',
      object: ingressPort({ port: [80] }),
      code: 'INVALID_PORT',
      path: 'spec.ingress[0].ports[0].port',
    },
    { name: 'endPort above port', object: ingressPort({ port: 80, endPort: 90 }) },
    { name: 'endPort equal to port', object: ingressPort({ port: 80, endPort: 80 }) },
    {
      name: 'endPort below port',
      object: ingressPort({ port: 90, endPort: 80 }),
      code: 'INVALID_END_PORT',
      path: 'spec.ingress[0].ports[0].endPort',
    },
    {
      name: 'endPort without port',
      object: ingressPort({ endPort: 80 }),
      code: 'INVALID_END_PORT',
      path: 'spec.ingress[0].ports[0].endPort',
    },
    {
      name: 'endPort with a named port',
      object: ingressPort({ port: 'http', endPort: 90 }),
      code: 'INVALID_END_PORT',
      path: 'spec.ingress[0].ports[0].endPort',
    },
    {
      name: 'endPort 65536',
      object: ingressPort({ port: 80, endPort: 65536 }),
      code: 'INVALID_END_PORT',
      path: 'spec.ingress[0].ports[0].endPort',
    },
    {
      name: 'endPort as a string',
      object: ingressPort({ port: 80, endPort: '90' }),
      code: 'INVALID_END_PORT',
      path: 'spec.ingress[0].ports[0].endPort',
    },
    { name: 'protocol SCTP', object: ingressPort({ port: 80, protocol: 'SCTP' }) },
    {
      name: 'protocol in lower case',
      object: ingressPort({ protocol: 'tcp' }),
      code: 'INVALID_PROTOCOL',
      path: 'spec.ingress[0].ports[0].protocol',
    },
    {
      name: 'protocol ICMP',
      object: ingressPort({ protocol: 'ICMP' }),
      code: 'INVALID_PROTOCOL',
      path: 'spec.ingress[0].ports[0].protocol',
    },
    {
      name: 'an egress port is checked the same way',
      object: policy({ egress: [{ ports: [{ port: 0 }] }] }),
      code: 'INVALID_PORT',
      path: 'spec.egress[0].ports[0].port',
    },
  ])('$name', check);
});

describe('NetworkPolicy peers and CIDRs (ValidateNetworkPolicyPeer, ValidateIPBlock)', () => {
  it.each<Row>([
    {
      name: 'podSelector and namespaceSelector together (AND)',
      object: fromPeer({ podSelector: {}, namespaceSelector: {} }),
    },
    { name: 'an empty peer', object: fromPeer({}), code: 'INVALID_PEER', path: 'spec.ingress[0].from[0]' },
    {
      name: 'ipBlock with a namespaceSelector',
      object: fromPeer({ ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {} }),
      code: 'INVALID_PEER',
      path: 'spec.ingress[0].from[0]',
    },
    { name: 'an IPv6 CIDR', object: ipBlock({ cidr: 'fd00::/64', except: ['fd00::/80'] }) },
    {
      name: 'a prefix over 32',
      object: ipBlock({ cidr: '10.0.0.0/33' }),
      code: 'INVALID_CIDR',
      path: 'spec.ingress[0].from[0].ipBlock.cidr',
    },
    {
      name: 'a prefix over 128',
      object: ipBlock({ cidr: 'fd00::/129' }),
      code: 'INVALID_CIDR',
      path: 'spec.ingress[0].from[0].ipBlock.cidr',
    },
    {
      name: 'no prefix',
      object: ipBlock({ cidr: '10.0.0.0' }),
      code: 'INVALID_CIDR',
      path: 'spec.ingress[0].from[0].ipBlock.cidr',
    },
    {
      name: 'an octet over 255',
      object: ipBlock({ cidr: '10.0.0.256/24' }),
      code: 'INVALID_CIDR',
      path: 'spec.ingress[0].from[0].ipBlock.cidr',
    },
    {
      name: 'an empty cidr',
      object: ipBlock({ cidr: '' }),
      code: 'INVALID_CIDR',
      path: 'spec.ingress[0].from[0].ipBlock.cidr',
    },
    {
      name: 'no cidr',
      object: ipBlock({ except: ['10.0.0.0/24'] }),
      code: 'INVALID_CIDR',
      path: 'spec.ingress[0].from[0].ipBlock.cidr',
    },
    {
      name: 'host bits set: accepted, with a warning',
      object: ipBlock({ cidr: '10.0.0.1/24' }),
      warning: 'NON_CANONICAL_CIDR',
    },
    {
      name: 'leading zeros: accepted (legacy field), with a warning',
      object: ipBlock({ cidr: '010.000.0.0/08' }),
      warning: 'NON_CANONICAL_CIDR',
    },
    { name: 'except inside cidr', object: ipBlock({ cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] }) },
    {
      name: 'except outside cidr',
      object: ipBlock({ cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] }),
      code: 'EXCEPT_OUTSIDE_CIDR',
      path: 'spec.ingress[0].from[0].ipBlock.except[0]',
    },
    {
      name: 'except equal to cidr',
      object: ipBlock({ cidr: '10.0.0.0/16', except: ['10.0.0.0/16'] }),
      code: 'EXCEPT_OUTSIDE_CIDR',
      path: 'spec.ingress[0].from[0].ipBlock.except[0]',
    },
    {
      name: 'except wider than cidr',
      object: ipBlock({ cidr: '10.0.0.0/16', except: ['10.0.0.0/8'] }),
      code: 'EXCEPT_OUTSIDE_CIDR',
      path: 'spec.ingress[0].from[0].ipBlock.except[0]',
    },
    {
      name: 'except of the other family',
      object: ipBlock({ cidr: '0.0.0.0/0', except: ['fd00::/64'] }),
      code: 'EXCEPT_OUTSIDE_CIDR',
      path: 'spec.ingress[0].from[0].ipBlock.except[0]',
    },
    {
      name: 'except not a CIDR',
      object: ipBlock({ cidr: '10.0.0.0/8', except: ['10.1.0.0'] }),
      code: 'INVALID_CIDR',
      path: 'spec.ingress[0].from[0].ipBlock.except[0]',
    },
  ])('$name', check);
});

describe('policyTypes (ValidateNetworkPolicySpec)', () => {
  it.each<Row>([
    { name: 'Ingress and Egress', object: policy({ policyTypes: ['Ingress', 'Egress'] }) },
    { name: 'a repeated entry is accepted', object: policy({ policyTypes: ['Egress', 'Egress'] }) },
    {
      name: 'three entries',
      object: policy({ policyTypes: ['Ingress', 'Egress', 'Egress'] }),
      code: 'INVALID_POLICY_TYPE',
      path: 'spec.policyTypes',
    },
    {
      name: 'lower case',
      object: policy({ policyTypes: ['egress'] }),
      code: 'INVALID_POLICY_TYPE',
      path: 'spec.policyTypes[0]',
    },
  ])('$name', check);

  it('a repeated entry means the type once', () => {
    const p = load(JSON.stringify(policy({ policyTypes: ['Egress', 'Egress'] }))).policies[0]!;
    expect(p.policyTypes).toEqual(['Egress']);
  });
});

describe('Service ports and addresses (ValidateService, SetDefaults_Service)', () => {
  it.each<Row>([
    { name: 'one unnamed port', object: service({ ports: [{ port: 80 }] }) },
    {
      name: 'two ports, one without a name',
      object: service({ ports: [{ port: 80 }, { port: 443, name: 'https' }] }),
      code: 'INVALID_PORT',
      path: 'spec.ports[0].name',
    },
    {
      name: 'a port name in upper case',
      object: service({ ports: [{ port: 80, name: 'HTTP' }] }),
      code: 'INVALID_PORT',
      path: 'spec.ports[0].name',
    },
    {
      name: 'a port name with a dot',
      object: service({ ports: [{ port: 80, name: 'a.b' }] }),
      code: 'INVALID_PORT',
      path: 'spec.ports[0].name',
    },
    {
      name: 'two ports with one name',
      object: service({
        ports: [
          { port: 80, name: 'a' },
          { port: 81, name: 'a' },
        ],
      }),
      code: 'INVALID_PORT',
      path: 'spec.ports[1].name',
    },
    {
      name: 'one port twice',
      object: service({
        ports: [
          { port: 80, name: 'a' },
          { port: 80, name: 'b' },
        ],
      }),
      code: 'INVALID_PORT',
      path: 'spec.ports[1]',
    },
    {
      name: 'one port number on two protocols',
      object: service({
        ports: [
          { port: 53, name: 'a' },
          { port: 53, name: 'b', protocol: 'UDP' },
        ],
      }),
    },
    {
      name: 'port 0',
      object: service({ ports: [{ port: 0 }] }),
      code: 'INVALID_PORT',
      path: 'spec.ports[0].port',
    },
    {
      name: 'no port number',
      object: service({ ports: [{ targetPort: 80 }] }),
      code: 'INVALID_PORT',
      path: 'spec.ports[0].port',
    },
    { name: 'targetPort 0 means port', object: service({ ports: [{ port: 80, targetPort: 0 }] }) },
    { name: 'targetPort "" means port', object: service({ ports: [{ port: 80, targetPort: '' }] }) },
    {
      name: 'targetPort 70000',
      object: service({ ports: [{ port: 80, targetPort: 70000 }] }),
      code: 'INVALID_PORT',
      path: 'spec.ports[0].targetPort',
    },
    {
      name: 'a targetPort name in upper case',
      object: service({ ports: [{ port: 80, targetPort: 'Web' }] }),
      code: 'INVALID_PORT',
      path: 'spec.ports[0].targetPort',
    },
    {
      name: 'nodePort on a NodePort service',
      object: service({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }),
    },
    {
      name: 'nodePort on a ClusterIP service',
      object: service({ ports: [{ port: 80, nodePort: 30080 }] }),
      code: 'INVALID_PORT',
      path: 'spec.ports[0].nodePort',
    },
    {
      name: 'a protocol in lower case',
      object: service({ ports: [{ port: 80, protocol: 'udp' }] }),
      code: 'INVALID_PROTOCOL',
      path: 'spec.ports[0].protocol',
    },
    {
      name: 'no ports',
      object: service({ selector: { app: 'a' } }),
      code: 'INVALID_PORT',
      path: 'spec.ports',
    },
    {
      name: 'a headless service without ports',
      object: service({ clusterIP: 'None', selector: { app: 'a' } }),
    },
    {
      name: 'an ExternalName service without ports',
      object: service({ type: 'ExternalName', externalName: 'db.example.com.' }),
    },
    {
      name: 'an ExternalName service without externalName',
      object: service({ type: 'ExternalName' }),
      code: 'INVALID_NAME',
      path: 'spec.externalName',
    },
    {
      name: 'an externalName that is no DNS name',
      object: service({ type: 'ExternalName', externalName: 'a b' }),
      code: 'INVALID_NAME',
      path: 'spec.externalName',
    },
    {
      name: 'an unknown type',
      object: service({ type: 'Internal', ports: [{ port: 80 }] }),
      code: 'INVALID_TYPE',
      path: 'spec.type',
    },
    {
      name: 'a clusterIP that is no IP',
      object: service({ clusterIP: '10.0.0', ports: [{ port: 80 }] }),
      code: 'INVALID_IP',
      path: 'spec.clusterIP',
    },
    {
      name: 'clusterIPs[0] other than clusterIP',
      object: service({ clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.2'], ports: [{ port: 80 }] }),
      code: 'INVALID_IP',
      path: 'spec.clusterIPs[0]',
    },
    {
      name: 'dual stack',
      object: service({ clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1', 'fd00::1'], ports: [{ port: 80 }] }),
    },
    {
      name: 'externalIPs "None"',
      object: service({ externalIPs: ['None'], ports: [{ port: 80 }] }),
      code: 'INVALID_IP',
      path: 'spec.externalIPs[0]',
    },
    {
      name: 'a selector value with a space',
      object: service({ selector: { app: 'a b' }, ports: [{ port: 80 }] }),
      code: 'INVALID_LABEL',
      path: 'spec.selector.app',
    },
  ])('$name', check);
});

describe('container ports (validateContainerPorts)', () => {
  it.each<Row>([
    { name: 'a named port', object: withPorts([{ name: 'http', containerPort: 80 }]) },
    {
      name: 'containerPort 0',
      object: withPorts([{ containerPort: 0 }]),
      code: 'INVALID_PORT',
      path: 'spec.containers[0].ports[0].containerPort',
    },
    {
      name: 'no containerPort',
      object: withPorts([{ name: 'http' }]),
      code: 'INVALID_PORT',
      path: 'spec.containers[0].ports[0].containerPort',
    },
    {
      name: 'containerPort as a string',
      object: withPorts([{ containerPort: '80' }]),
      code: 'INVALID_PORT',
      path: 'spec.containers[0].ports[0].containerPort',
    },
    {
      name: 'one name twice in a container',
      object: withPorts([
        { name: 'http', containerPort: 80 },
        { name: 'http', containerPort: 81 },
      ]),
      code: 'INVALID_PORT',
      path: 'spec.containers[0].ports[1].name',
    },
    {
      name: 'one name in two containers',
      object: pod({
        containers: [
          { name: 'a', ports: [{ name: 'http', containerPort: 80 }] },
          { name: 'b', ports: [{ name: 'http', containerPort: 81 }] },
        ],
      }),
    },
    {
      name: 'a port name without a letter',
      object: withPorts([{ name: '8080', containerPort: 8080 }]),
      code: 'INVALID_PORT',
      path: 'spec.containers[0].ports[0].name',
    },
    {
      name: 'a protocol in lower case',
      object: withPorts([{ containerPort: 53, protocol: 'udp' }]),
      code: 'INVALID_PROTOCOL',
      path: 'spec.containers[0].ports[0].protocol',
    },
    {
      name: 'hostNetwork as a string',
      object: pod({ hostNetwork: 'true' }),
      code: 'INVALID_TYPE',
      path: 'spec.hostNetwork',
    },
    {
      name: 'a pod IP that is no IP',
      object: { ...pod({}), status: { podIP: '10.0.0.300' } },
      code: 'INVALID_IP',
      path: 'status.podIP',
    },
  ])('$name', check);
});

describe('workload selectors (ValidateDeploymentSpec and the like)', () => {
  const labels = (l: Json) => ({ template: { metadata: { labels: l } } });
  it.each<Row>([
    {
      name: 'a selector matching the template',
      object: workload('Deployment', { selector: { matchLabels: { app: 'web' } } }),
    },
    {
      name: 'a matchExpressions selector matching the template',
      object: workload('ReplicaSet', {
        selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] },
      }),
    },
    { name: 'no selector (older API versions default it)', object: workload('Deployment', {}) },
    {
      name: 'a selector the template does not match',
      object: workload('Deployment', { selector: { matchLabels: { app: 'api' } } }),
      code: 'INVALID_SELECTOR',
      path: 'spec.template.metadata.labels',
    },
    {
      name: 'a selector asking for a label the template lacks',
      object: workload('StatefulSet', { selector: { matchLabels: { app: 'web', tier: 'db' } } }),
      code: 'INVALID_SELECTOR',
      path: 'spec.template.metadata.labels',
    },
    {
      name: 'an empty selector',
      object: workload('DaemonSet', { selector: {} }),
      code: 'INVALID_SELECTOR',
      path: 'spec.selector',
    },
    {
      name: 'a selector with a bad operator',
      object: workload('Deployment', {
        selector: { matchExpressions: [{ key: 'app', operator: 'in', values: ['web'] }] },
      }),
      code: 'INVALID_SELECTOR',
      path: 'spec.selector.matchExpressions[0].operator',
    },
    {
      name: 'a ReplicationController selecting its template',
      object: workload('ReplicationController', { selector: { app: 'web' } }, 'rc', 'v1'),
    },
    {
      name: 'a ReplicationController selecting other labels',
      object: workload('ReplicationController', { selector: { app: 'api' } }, 'rc', 'v1'),
      code: 'INVALID_SELECTOR',
      path: 'spec.template.metadata.labels',
    },
    {
      name: 'a template with an invalid label',
      object: workload('Deployment', labels({ app: 'a b' })),
      code: 'INVALID_LABEL',
      path: 'spec.template.metadata.labels.app',
    },
  ])('$name', check);
});
