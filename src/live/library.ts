/**
 * The one door to `@kubernetes/client-node`. The library takes most of a second to load, so it
 * is imported on first use only: reading manifests never loads it. Elsewhere in src/live only
 * `import type` names the library.
 */
export type ClientLibrary = typeof import('@kubernetes/client-node');

let loading: Promise<ClientLibrary> | undefined;

/** Loads the client library once. */
export function loadClientLibrary(): Promise<ClientLibrary> {
  loading ??= import('@kubernetes/client-node');
  return loading;
}
