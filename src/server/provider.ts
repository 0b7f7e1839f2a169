import type { SaveFile, SaveResponse, StudioSnapshot } from './protocol.js';

/** Why a save was refused, mapped to an HTTP status by the server. */
export class SaveRefused extends Error {
  constructor(
    message: string,
    /** 403: not a served file; 409: the file changed on disk in a way that forbids writing; 500: I/O. */
    readonly status: 403 | 409 | 500,
  ) {
    super(message);
    this.name = 'SaveRefused';
  }
}

/**
 * Where the studio's manifests come from: files on disk, or a live cluster. The server only
 * asks for snapshots, forwards saves and relays change notifications; it never reads the
 * source itself.
 */
export interface SnapshotProvider {
  /** The manifests as they are now. Never holds credentials: objects only. */
  snapshot(): Promise<StudioSnapshot>;
  /**
   * Writes files back. Only files the first snapshot (the load) served as writable may be
   * written, and later snapshots never widen or narrow that list; anything else is refused with
   * SaveRefused, save new files (`create`) in the snapshot's `newFileFolders`, which join the
   * list once created. Absent when the source is read-only.
   */
  save?(files: readonly SaveFile[]): Promise<SaveResponse>;
  /**
   * Reads ahead what the first snapshot will read (the server calls it once it listens, before
   * any page asks), so that snapshot finds the input read. Changes in between are still seen:
   * a snapshot never serves what it did not find unchanged.
   */
  warm?(): Promise<void>;
  /** Calls `onChange` whenever the source changes; returns a function that stops watching. */
  watch?(onChange: () => void): () => void;
  /** Releases whatever the provider holds (watches, connections). */
  close?(): Promise<void>;
}
