import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/load.js';
import { findTemplate, policyName, TEMPLATES, yamlScalar } from '../../web/src/templates/templates.js';

function load(yaml: string) {
  const cluster = loadManifests([{ name: 'added.yaml', text: yaml }]);
  expect(cluster.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  expect(cluster.policies).toHaveLength(1);
  return cluster.policies[0]!;
}

function render(id: string, values: Parameters<(typeof TEMPLATES)[number]['render']>[0]) {
  const r = findTemplate(id)!.render(values);
  if (!r.ok) throw new Error(r.message);
  return r.yaml;
}

describe('policy templates', () => {
  it('deny-all-ingress isolates every pod of the namespace for ingress', () => {
    const p = load(render('deny-all-ingress', { namespace: 'shop' }));
    expect(p).toMatchObject({
      namespace: 'shop',
      name: 'deny-all-ingress',
      policyTypes: ['Ingress'],
      ingress: [],
    });
    expect(p.podSelector).toEqual({ matchLabels: {}, matchExpressions: [] });
  });

  it('deny-all-egress isolates for egress', () => {
    expect(load(render('deny-all-egress', { namespace: 'shop' })).policyTypes).toEqual(['Egress']);
  });

  it('allow-from-namespace selects the source by kubernetes.io/metadata.name, with or without a port', () => {
    const p = load(
      render('allow-from-namespace', { namespace: 'dev2', from: 'dev1', port: '80', protocol: 'TCP' }),
    );
    expect(p.name).toBe('allow-from-dev1-80');
    expect(p.ingress[0]?.peers?.[0]).toMatchObject({
      type: 'pods',
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dev1' } },
      podSelector: null,
    });
    expect(p.ingress[0]?.ports).toEqual([{ protocol: 'TCP', port: 80, index: 0 }]);
    const any = load(render('allow-from-namespace', { namespace: 'dev2', from: 'dev1', port: '' }));
    expect(any.ingress[0]?.ports).toBeNull();
  });

  it('allow-dns opens UDP and TCP 53 to kube-dns', () => {
    const p = load(render('allow-dns', { namespace: 'shop' }));
    expect(p.policyTypes).toEqual(['Egress']);
    expect(p.egress[0]?.ports?.map((x) => `${x.protocol}/${x.port}`)).toEqual(['UDP/53', 'TCP/53']);
  });

  it('allow-same-app selects and admits pods with the label', () => {
    const p = load(
      render('allow-same-app', { namespace: 'shop', label: 'app=web', port: '8080', protocol: 'TCP' }),
    );
    expect(p.podSelector.matchLabels).toEqual({ app: 'web' });
    expect(p.ingress[0]?.peers?.[0]).toMatchObject({
      podSelector: { matchLabels: { app: 'web' } },
      namespaceSelector: null,
    });
  });

  it('allow-port-from-anywhere has a rule without peers', () => {
    const p = load(render('allow-port-from-anywhere', { namespace: 'shop', port: '443', protocol: 'TCP' }));
    expect(p.ingress[0]).toMatchObject({ peers: null, ports: [{ protocol: 'TCP', port: 443 }] });
  });

  it.each([
    ['deny-all-ingress', { namespace: '' }],
    ['deny-all-ingress', { namespace: 'Not_A_Name' }],
    ['allow-from-namespace', { namespace: 'a', from: '<b>' }],
    ['allow-from-namespace', { namespace: 'a', from: 'b', port: '99999' }],
    ['allow-same-app', { namespace: 'a', label: 'no equals sign' }],
    ['allow-port-from-anywhere', { namespace: 'a', port: '' }],
  ] as const)('%s refuses %j', (id, values) => {
    expect(findTemplate(id)!.render(values).ok).toBe(false);
  });

  it('every template renders a valid policy with its defaults', () => {
    for (const t of TEMPLATES.filter((x) => x.dialect === undefined)) {
      const r = t.render({ namespace: 'ns', from: 'other', port: '80', protocol: 'UDP', label: 'app=x' });
      expect(r.ok, t.id).toBe(true);
      if (r.ok) load(r.yaml);
    }
  });
});

describe('YAML helpers', () => {
  it.each([
    ['web', 'web'],
    ['kubernetes.io/metadata.name', 'kubernetes.io/metadata.name'],
    ['yes', '"yes"'],
    ['80', '"80"'],
    ['a: b', '"a: b"'],
    ['<img src=x>', '"<img src=x>"'],
  ])('quotes %j as %s', (text, out) => {
    expect(yamlScalar(text)).toBe(out);
  });

  it.each([
    [['allow-from', 'Dev_1', '80'], 'allow-from-dev-1-80'],
    [['--', '!!'], 'policy'],
    [['a'.repeat(80)], 'a'.repeat(63)],
  ] as const)('names %j %s', (parts, name) => {
    expect(policyName(...parts)).toBe(name);
  });
});
