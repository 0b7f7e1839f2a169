import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkConnection } from '../../src/engine/check.js';
import { compileCluster } from '../../src/engine/compile.js';
import { resolveTarget } from '../../src/engine/targets.js';
import { loadManifests } from '../../src/load.js';
import type { Cluster } from '../../src/model/types.js';
import { type BuilderSpec, builderYaml, portChoices } from '../../web/src/builder/builder.js';

const files = readdirSync('examples/tutorial')
  .filter((f) => f.endsWith('.yaml') && f !== 'reachability-test.yaml')
  .map((f) => ({ name: `examples/tutorial/${f}`, text: readFileSync(`examples/tutorial/${f}`, 'utf8') }));
const cluster = loadManifests(files);

function allowed(c: Cluster, src: string, dst: string, port: number): boolean {
  const s = resolveTarget(c, src);
  const d = resolveTarget(c, dst);
  if (!s.ok || !d.ok) throw new Error('not found');
  return checkConnection(compileCluster(c), s.target, d.target, port, 'TCP').allowed;
}

const withPolicy = (spec: BuilderSpec) =>
  loadManifests([...files, { name: 'built.yaml', text: builderYaml(cluster, spec) }]);

describe('the policy builder', () => {
  it('offers the target ports of the Services in front of the pods', () => {
    const choices = portChoices(cluster, { subject: 'dev2/http-echo', direction: 'ingress', peers: [] });
    expect(choices).toEqual([{ protocol: 'TCP', port: 8080, label: 'Service http-echo:8080' }]);
  });

  it.each<{
    name: string;
    spec: BuilderSpec;
    open: [string, string, number][];
    closed: [string, string, number][];
  }>([
    {
      name: 'a workload of another namespace (the cluster area)',
      spec: {
        subject: 'dev2/http-echo',
        direction: 'ingress',
        peers: [{ area: 'cluster', target: 'dev1/demo1' }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
      open: [['dev1/demo1', 'dev2/http-echo', 8080]],
      closed: [
        ['dev1/demo1', 'dev2/demo2', 8080],
        ['default/default', 'dev2/http-echo', 8080],
      ],
    },
    {
      name: 'every pod of this namespace',
      spec: {
        subject: 'dev2/http-echo',
        direction: 'ingress',
        peers: [{ area: 'namespace', target: 'dev2/*' }],
        ports: [],
      },
      open: [['dev2/demo2', 'dev2/http-echo', 8080]],
      closed: [['dev1/demo1', 'dev2/http-echo', 8080]],
    },
    {
      name: 'egress to a namespace, and nowhere else',
      spec: {
        subject: 'dev1/demo1',
        direction: 'egress',
        peers: [{ area: 'cluster', target: 'default/*' }],
        ports: [],
      },
      open: [['dev1/demo1', 'default/default', 443]],
      closed: [['dev1/demo1', 'dev2/demo2', 80]],
    },
    {
      name: 'outside the cluster',
      spec: {
        subject: 'dev2/*',
        direction: 'ingress',
        peers: [{ area: 'outside', target: '203.0.113.0/24' }],
        ports: [{ protocol: 'TCP', port: 80 }],
      },
      open: [['203.0.113.9', 'dev2/demo2', 80]],
      closed: [['198.51.100.1', 'dev2/demo2', 80]],
    },
  ])('$name: the engine agrees with what the builder says', ({ spec, open, closed }) => {
    const c = withPolicy(spec);
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const [s, d, p] of open) expect(allowed(c, s, d, p), `${s} → ${d}:${p}`).toBe(true);
    for (const [s, d, p] of closed) expect(allowed(c, s, d, p), `${s} → ${d}:${p}`).toBe(false);
  });
});
