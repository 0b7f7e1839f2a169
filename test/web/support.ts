import { readFileSync } from 'node:fs';
import { dump } from 'js-yaml';
import { compileCluster } from '../../src/engine/compile.js';
import { computeReachability } from '../../src/engine/reachability.js';
import { loadManifests } from '../../src/load.js';
import type { InputFile } from '../../src/sources/parse.js';
import { TUTORIAL_FILES, type TutorialFile } from '../../web/src/tutorial/steps.js';
import type { AnalyzeRequest } from '../../web/src/worker/session.js';

/** The tutorial's manifests as the studio names them in tutorial mode. */
export function tutorialFiles(only: readonly TutorialFile[] = TUTORIAL_FILES): InputFile[] {
  return only.map((f) => ({
    name: `tutorial/${f}`,
    text: readFileSync(new URL(`../../examples/tutorial/${f}`, import.meta.url), 'utf8'),
  }));
}

/** The tutorial evaluated by the engine, for view-model functions that take engine results. */
export function tutorialReach(only?: readonly TutorialFile[]) {
  const cluster = loadManifests(tutorialFiles(only));
  const compiled = compileCluster(cluster);
  return { cluster, compiled, reach: computeReachability(compiled) };
}

/** An analysis request with the studio's defaults. */
export function request(files: readonly InputFile[], patch: Partial<AnalyzeRequest> = {}): AnalyzeRequest {
  return {
    files,
    disabled: [],
    cni: 'upstream',
    granularity: 'workload',
    view: null,
    heatmap: { granularity: 'workload', filter: null },
    baseline: 'keep',
    ...patch,
  };
}

/** Replaces the first occurrence of `from` in the file named `name`. */
export function edit(files: readonly InputFile[], name: string, from: string, to: string): InputFile[] {
  return files.map((f) => {
    if (f.name !== name) return f;
    if (!f.text.includes(from)) throw new Error(`${name} does not contain ${from}`);
    return { ...f, text: f.text.replace(from, to) };
  });
}

/** Objects written as a repository holds them: per namespace, `apps/NS.yaml` and `policies/NS.yaml`. */
export function repositoryFiles(objects: readonly Record<string, unknown>[]): InputFile[] {
  const byFile = new Map<string, Record<string, unknown>[]>();
  for (const o of objects) {
    const meta = o.metadata as { name: string; namespace?: string };
    const ns = o.kind === 'Namespace' ? meta.name : (meta.namespace ?? 'default');
    const name = `${o.kind === 'NetworkPolicy' ? 'policies' : 'apps'}/${ns}.yaml`;
    byFile.set(name, [...(byFile.get(name) ?? []), o]);
  }
  return [...byFile].map(([name, list]) => ({
    name,
    text: list.map((o) => dump(o, { noRefs: true })).join('---\n'),
  }));
}
