import type { SaveFile, SaveResponse, StudioSnapshot } from '../../src/server/protocol.js';
import { STUDIO_HEADER } from '../../src/server/protocol.js';

/** The body of the server's snapshot (JSON), or an error saying what the server answered. */
export async function fetchSnapshotBytes(url = './api/snapshot'): Promise<ArrayBuffer> {
  const response = await fetch(url, {
    headers: { accept: 'application/json' },
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`the server answered ${response.status} for the snapshot`);
  return response.arrayBuffer();
}

/** A snapshot from its JSON body. */
export function readSnapshot(bytes: ArrayBuffer): StudioSnapshot {
  return JSON.parse(new TextDecoder().decode(bytes)) as StudioSnapshot;
}

/** Reads the manifests the server offers. */
export async function fetchSnapshot(url = './api/snapshot'): Promise<StudioSnapshot> {
  return readSnapshot(await fetchSnapshotBytes(url));
}

/** Writes files back through the server; resolves with the names written or rejects with its message. */
export async function saveFiles(files: readonly SaveFile[]): Promise<readonly string[]> {
  const response = await fetch('./api/files', {
    method: 'PUT',
    headers: { 'content-type': 'application/json', [STUDIO_HEADER]: '1' },
    body: JSON.stringify({ files }),
  });
  const body = (await response.json().catch(() => ({}))) as Partial<SaveResponse> & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `the server answered ${response.status}`);
  return body.saved ?? [];
}

/** Calls `onChange` whenever the server's source changes (a watched cluster); returns a stop function. */
export function watchSnapshot(onChange: () => void): () => void {
  if (typeof EventSource === 'undefined') return () => {};
  const source = new EventSource('./api/events');
  source.addEventListener('snapshot', () => onChange());
  return () => source.close();
}
