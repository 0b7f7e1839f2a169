import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { KIND_ALIASES } from '../../engine/targets.js';
import type { Cluster } from '../../model/types.js';
import { loadInput } from '../input.js';
import type { CliIo } from '../io.js';
import type { CompletionInput, CompletionNames, CompletionSource } from './complete.js';

/** A live read for completion gives up after this long per request: TAB must answer quickly. */
const LIVE_TIMEOUT_MS = 3000;

/**
 * Candidates from the input the command line names: its paths, else the cluster of the
 * kubeconfig (read-only, with a short timeout); contexts from the kubeconfig. Nothing here
 * prints or throws: what cannot be read gives no candidates.
 */
export function inputCompletionSource(io: CliIo): CompletionSource {
  const quiet: CliIo = { ...io, stdout: () => {}, stderr: () => {}, readStdin: async () => '' };
  return {
    contexts: async (input) => {
      try {
        const { contextNames } = await import('../../live/kubeconfig.js');
        const { loadClientLibrary } = await import('../../live/library.js');
        return contextNames(await loadClientLibrary(), {
          ...(input.kubeconfig === undefined ? {} : { kubeconfig: input.kubeconfig }),
          env: io.env,
          cwd: io.cwd,
        });
      } catch {
        return [];
      }
    },
    names: async (input) => {
      try {
        const paths = input.paths.filter((p) => existsSync(resolve(io.cwd, p)));
        // words that name no file are endpoints; with no path at all, the cluster is read
        const { cluster } = await loadInput(paths, inputOptions(input), quiet);
        return namesOf(cluster);
      } catch {
        return undefined;
      }
    },
  };
}

function inputOptions(input: CompletionInput) {
  return {
    recursive: input.recursive,
    requestTimeout: LIVE_TIMEOUT_MS,
    ...(input.kubeconfig === undefined ? {} : { kubeconfig: input.kubeconfig }),
    ...(input.context === undefined ? {} : { context: input.context }),
  };
}

/** The shortest kubectl spelling of each kind (`Deployment` → `deploy`). */
const SHORT_KIND = new Map<string, string>();
for (const [alias, kind] of Object.entries(KIND_ALIASES)) {
  const known = SHORT_KIND.get(kind);
  if (known === undefined || alias.length < known.length) SHORT_KIND.set(kind, alias);
}

/** Namespaces, endpoints as the CLI takes them, and policies of a cluster, sorted. */
export function namesOf(cluster: Cluster): CompletionNames {
  const endpoints = new Set<string>();
  for (const w of cluster.workloads) {
    endpoints.add(`${w.namespace}/${w.name}`);
    const kind = SHORT_KIND.get(w.kind);
    if (kind !== undefined) endpoints.add(`${w.namespace}/${kind}/${w.name}`);
  }
  for (const e of cluster.endpoints) endpoints.add(`${e.namespace}/${e.name}`);
  for (const s of cluster.services) endpoints.add(`${s.namespace}/svc/${s.name}`);
  return {
    namespaces: [...cluster.namespaces.keys()].sort(),
    endpoints: [...endpoints].sort(),
    // NetworkPolicies as NS/NAME; admin and Cilium policies by id (anp/NAME, cnp/NS/NAME, ccnp/NAME)
    policies: [
      ...cluster.policies.map((p) => `${p.namespace}/${p.name}`),
      ...cluster.adminPolicies.map((p) => p.id),
      ...cluster.ciliumPolicies.map((p) => p.id),
    ].sort(),
  };
}
