import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInputs } from '../../src/sources/parse.js';
import { KINDS } from './fake-api-server.js';

export const TOKEN = 'kubereach-test-token';

/** The list path of each kind the fake serves. */
const PATH_OF_KIND = new Map(Object.entries(KINDS).map(([path, info]) => [info.kind, path]));

/**
 * Turns manifest objects into what the API server stores and lists: items without kind and
 * apiVersion, with uid, resourceVersion, creationTimestamp, managedFields and the namespace label
 * the server adds.
 */
export function serverLists(
  objects: readonly Record<string, unknown>[],
): Record<string, Record<string, unknown>[]> {
  const lists: Record<string, Record<string, unknown>[]> = {};
  for (const object of objects) {
    const { kind, apiVersion: _apiVersion, ...rest } = object;
    const path = PATH_OF_KIND.get(String(kind));
    if (path === undefined) throw new Error(`the fake API server does not serve ${String(kind)}`);
    lists[path] = [...(lists[path] ?? []), asStored(String(kind), rest)];
  }
  return lists;
}

/** One object as the API server returns it in a list. */
export function asStored(kind: string, object: Record<string, unknown>): Record<string, unknown> {
  const metadata = { ...((object.metadata ?? {}) as Record<string, unknown>) };
  // identity-derived, so that goldens do not depend on the order objects were made in
  const digest = createHash('sha256')
    .update(`${kind}/${String(metadata.namespace ?? '')}/${String(metadata.name)}`)
    .digest('hex');
  metadata.uid = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-4${digest.slice(13, 16)}-8${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  metadata.resourceVersion = String(Number.parseInt(digest.slice(0, 6), 16));
  metadata.creationTimestamp = '2024-05-01T10:00:00Z';
  metadata.managedFields = [
    { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1' },
  ];
  if (kind === 'Namespace') {
    metadata.labels = {
      ...((metadata.labels ?? {}) as Record<string, string>),
      'kubernetes.io/metadata.name': String(metadata.name),
    };
  }
  return { ...object, metadata };
}

/** Objects of manifest files, as written. */
export function manifestObjects(files: readonly string[]): Record<string, unknown>[] {
  const parsed = parseInputs(files.map((name) => ({ name, text: readFileSync(name, 'utf8') })));
  return parsed.objects.map((o) => ({ ...o.value }));
}

export interface KubeconfigContext {
  readonly name: string;
  readonly server: string;
  readonly token: string;
}

/** A scratch directory removed by the returned function. */
export function scratchDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kubereach-live-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Writes a kubeconfig with one cluster, user and context per entry (http:// servers need
 * insecure-skip-tls-verify in the client library) and returns its path.
 */
export function writeKubeconfig(
  dir: string,
  contexts: readonly KubeconfigContext[],
  current: string,
  file = 'kubeconfig',
): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (const c of contexts)
    lines.push(
      `- name: ${c.name}-cluster`,
      '  cluster:',
      `    server: ${c.server}`,
      '    insecure-skip-tls-verify: true',
    );
  lines.push('users:');
  for (const c of contexts) lines.push(`- name: ${c.name}-user`, '  user:', `    token: ${c.token}`);
  lines.push('contexts:');
  for (const c of contexts)
    lines.push(
      `- name: ${c.name}`,
      '  context:',
      `    cluster: ${c.name}-cluster`,
      `    user: ${c.name}-user`,
    );
  lines.push(`current-context: ${current}`, '');
  const path = join(dir, file);
  writeFileSync(path, lines.join('\n'));
  return path;
}

/** Waits until `check` holds, polling; fails after `tries` polls (no timing assertions). */
export async function eventually(check: () => boolean, tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not reached');
}
