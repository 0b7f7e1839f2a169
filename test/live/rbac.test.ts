import { readFileSync } from 'node:fs';
import { load, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { LIVE_RESOURCES } from '../../src/live/resources.js';

interface ClusterRole {
  kind: string;
  metadata: { name: string };
  rules: { apiGroups: string[]; resources: string[]; resourceNames?: string[]; verbs: string[] }[];
}

const example = load(readFileSync('examples/rbac/kubereach-reader.yaml', 'utf8')) as ClusterRole;

/** `group/resource` for every permission of a role, with its verbs. */
function permissions(role: ClusterRole): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const rule of role.rules)
    for (const group of rule.apiGroups)
      for (const resource of rule.resources) out.set(`${group}/${resource}`, [...rule.verbs].sort());
  return out;
}

describe('the documented read-only RBAC', () => {
  it('grants list (and watch where serve watches) on exactly what kubereach reads, and nothing else', () => {
    expect(example).toMatchObject({ kind: 'ClusterRole', metadata: { name: 'kubereach-reader' } });
    const granted = permissions(example);
    expect([...granted.keys()].sort()).toEqual(LIVE_RESOURCES.map((r) => `${r.group}/${r.plural}`).sort());
    for (const r of LIVE_RESOURCES)
      expect(granted.get(`${r.group}/${r.plural}`), r.plural).toEqual(
        r.watched ? ['list', 'watch'] : ['list'],
      );
  });

  it('grants the resources read by name (the API server endpoints) for that name only', () => {
    for (const r of LIVE_RESOURCES) {
      const rules = example.rules.filter(
        (x) => x.apiGroups.includes(r.group) && x.resources.includes(r.plural),
      );
      expect(
        rules.map((x) => x.resourceNames),
        r.plural,
      ).toEqual([r.only === undefined ? undefined : [r.only.name]]);
    }
  });

  it('the README shows the same ClusterRole', () => {
    const readme = readFileSync('README.md', 'utf8');
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const roles = blocks
      .flatMap((b) => loadAll(b) as ClusterRole[])
      .filter((d) => d?.kind === 'ClusterRole' && d.metadata.name === 'kubereach-reader');
    expect(roles).toHaveLength(1);
    expect(roles[0]).toEqual(example);
  });
});
