import { describe, expect, it } from 'vitest';
import { checkConnection } from '../../src/engine/check.js';
import { compileCluster } from '../../src/engine/compile.js';
import { resolveTarget } from '../../src/engine/targets.js';
import { loadManifests } from '../../src/load.js';
import type { CiliumPolicy } from '../../src/model/types.js';
import { CILIUM_TEMPLATES, TEMPLATE_ENTITIES } from '../../web/src/templates/cilium-templates.js';
import { findTemplate, TEMPLATES, type TemplateValues } from '../../web/src/templates/templates.js';

function render(id: string, values: TemplateValues): string {
  const r = findTemplate(id)!.render(values);
  if (!r.ok) throw new Error(r.message);
  return r.yaml;
}

/** The template loaded as kubereach reads it: exactly one valid Cilium policy, no warning. */
function load(yaml: string): CiliumPolicy {
  const cluster = loadManifests([{ name: 'added.yaml', text: yaml }]);
  expect(cluster.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  expect(cluster.ciliumPolicies).toHaveLength(1);
  return cluster.ciliumPolicies[0]!;
}

describe('CiliumNetworkPolicy templates', () => {
  it('are offered after the NetworkPolicy ones, each marked as Cilium', () => {
    expect(TEMPLATES.slice(-CILIUM_TEMPLATES.length)).toEqual(CILIUM_TEMPLATES);
    expect(CILIUM_TEMPLATES.map((t) => t.id)).toEqual([
      'cnp-default-deny',
      'cnp-allow-same-namespace',
      'cnp-allow-dns',
      'cnp-allow-world',
      'cnp-allow-from-entity',
      'cnp-deny-from-namespace',
    ]);
    expect(CILIUM_TEMPLATES.every((t) => t.dialect === 'cilium')).toBe(true);
  });

  it('default deny is `ingress: [{}]`: an empty item, which isolates and allows nothing', () => {
    const p = load(render('cnp-default-deny', { namespace: 'shop' }));
    expect(p).toMatchObject({ kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'default-deny-ingress' });
    expect(p.specs[0]!.ingress).toMatchObject([{ empty: true, peers: null, toPorts: null }]);
    expect(p.specs[0]!.defaultDeny.ingress).toBe(true);
  });

  it('same namespace: fromEndpoints [{}] (namespace-local), TCP written out', () => {
    const p = load(render('cnp-allow-same-namespace', { namespace: 'shop', port: '8080', protocol: 'TCP' }));
    const item = p.specs[0]!.ingress[0]!;
    expect(item.peers).toMatchObject([
      { type: 'endpoints', selector: { matchLabels: {}, matchExpressions: [] } },
    ]);
    expect(item.toPorts?.[0]?.ports).toMatchObject([{ protocols: ['TCP'], port: 8080 }]);
    expect(
      load(render('cnp-allow-same-namespace', { namespace: 'shop', port: '' })).specs[0]!.ingress[0]!.toPorts,
    ).toBeNull();
  });

  it('DNS: kube-dns in kube-system on port 53 of every protocol, with a dns rule', () => {
    const p = load(render('cnp-allow-dns', { namespace: 'shop' }));
    const item = p.specs[0]!.egress[0]!;
    expect(item.peers).toMatchObject([
      {
        type: 'endpoints',
        selector: {
          matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' },
        },
      },
    ]);
    expect(item.toPorts?.[0]).toMatchObject({
      ports: [{ protocols: ['TCP', 'UDP', 'SCTP'], port: 53 }],
      l7: { type: 'dns', matches: [expect.stringContaining('*')] },
    });
  });

  it('world: the world entity on 443 unless another port is given', () => {
    const p = load(render('cnp-allow-world', { namespace: 'shop' }));
    const item = p.specs[0]!.egress[0]!;
    expect(item.peers).toMatchObject([{ type: 'entity', entity: 'world' }]);
    expect(item.toPorts?.[0]?.ports).toMatchObject([{ protocols: ['TCP'], port: 443 }]);
    const other = load(render('cnp-allow-world', { namespace: 'shop', port: '8443', protocol: 'TCP' }));
    expect(other.name).toBe('allow-world-8443');
  });

  it.each(TEMPLATE_ENTITIES.map((e) => [e]))('from entity %s: fromEntities with that entity', (entity) => {
    const p = load(render('cnp-allow-from-entity', { namespace: 'shop', entity }));
    expect(p.specs[0]!.ingress[0]!.peers).toMatchObject([{ type: 'entity', entity }]);
  });

  it('deny from a namespace: ingressDeny naming the namespace by its pod label, and it decides', () => {
    const yaml = render('cnp-deny-from-namespace', {
      namespace: 'b',
      from: 'a',
      port: '80',
      protocol: 'TCP',
    });
    const p = load(yaml);
    expect(p.specs[0]!.ingressDeny[0]!.peers).toMatchObject([
      { type: 'endpoints', selector: { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'a' } } },
    ]);
    const pod = (ns: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ${ns}, labels: {app: p}}\nspec: {containers: [{name: c, image: x}]}\nstatus: {podIP: 10.0.0.${ns === 'a' ? 1 : 2}}\n`;
    // with everything allowed in, the deny rule takes port 80 back (deny beats allow)
    const all = render('cnp-allow-from-entity', { namespace: 'b', entity: 'all' });
    const cluster = loadManifests([
      { name: 'c.yaml', text: `${pod('a')}---\n${pod('b')}---\n${yaml}---\n${all}` },
    ]);
    const compiled = compileCluster(cluster);
    const target = (t: string) => {
      const r = resolveTarget(cluster, t);
      if (!r.ok) throw new Error(r.message);
      return r.target;
    };
    expect(checkConnection(compiled, target('a/p'), target('b/p'), 80, 'TCP').verdict).toBe('denied');
    expect(checkConnection(compiled, target('a/p'), target('b/p'), 81, 'TCP').verdict).toBe('allowed');
  });

  it.each([
    ['cnp-default-deny', { namespace: 'Not A Namespace' }],
    ['cnp-allow-world', { namespace: 'a', port: '70000' }],
    ['cnp-allow-from-entity', { namespace: 'a', entity: 'wrld' }],
    ['cnp-deny-from-namespace', { namespace: 'a', from: '' }],
  ] as const)('%s refuses %j', (id, values) => {
    expect(findTemplate(id)!.render(values).ok).toBe(false);
  });
});
