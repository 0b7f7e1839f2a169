/**
 * What the studio server and the page say to each other over HTTP: plain JSON documents. Types
 * only, shared by src/server and web/.
 */

/** One manifest file as served to the studio. */
export interface SnapshotFile {
  /** The name as the user gave it on the command line (relative paths stay relative). */
  readonly name: string;
  readonly text: string;
  /** True when the server may write this file back (it was read from a served path). */
  readonly writable: boolean;
}

/** A problem reading the served paths, shown by the studio next to the manifests' own. */
export interface SnapshotProblem {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly file?: string;
}

/** `GET /api/snapshot`: the input the studio evaluates. */
export interface StudioSnapshot {
  readonly apiVersion: 'kubereach/v1';
  readonly kind: 'StudioSnapshot';
  /** Where the manifests come from, for the header ("files: examples/tutorial"). */
  readonly source: { readonly type: 'files' | 'cluster' | 'empty'; readonly description: string };
  /** Increases whenever the source changed (a live cluster being watched). */
  readonly revision: number;
  readonly files: readonly SnapshotFile[];
  readonly problems: readonly SnapshotProblem[];
  /**
   * How ipBlock treats pod IPs (`serve --cni`); absent: as every verb without `--cni`, Cilium's
   * profile when the manifests hold Cilium policies, else `upstream`.
   */
  readonly cni?: 'upstream' | 'cilium';
  /** The kubereach config file `serve` found (`--config`, or `.kubereach.yaml`): lint follows it. */
  readonly lintConfig?: { readonly file: string; readonly text: string };
  /**
   * The served directories a save may create new files in (`examples/tutorial`; `''` for the
   * working directory): a new file is `FOLDER/NAME.yaml` (`.yml`, `.json`), beneath them only.
   * Absent or empty when nothing may be created (files, stdin or a cluster served).
   */
  readonly newFileFolders?: readonly string[];
}

/** One file to write back. */
export interface SaveFile {
  readonly name: string;
  readonly text: string;
  /**
   * The text the page loaded (or last saved). When given and the file on disk no longer holds
   * it, someone else changed the file: the save is refused (409) rather than overwriting them.
   */
  readonly base?: string;
  /**
   * A new file, made by the studio: written only where none exists yet, in one of the snapshot's
   * `newFileFolders`; from then on it is a served file like the others.
   */
  readonly create?: boolean;
}

/** `PUT /api/files`: texts to write back, each to a file the snapshot marked writable. */
export interface SaveRequest {
  readonly files: readonly SaveFile[];
}

export interface SaveResponse {
  readonly saved: readonly string[];
}

/** Every error answer: `{ "error": "…" }` with the HTTP status saying what kind. */
export interface ErrorResponse {
  readonly error: string;
}

/** The header every state-changing request must carry (a cross-site form cannot set it). */
export const STUDIO_HEADER = 'x-kubereach-studio';

/** `POST` here with the launch token in TOKEN_HEADER: the answer sets the session cookie. */
export const SESSION_PATH = '/api/session';

/** The header the page sends the token in (a header, so no log or Referer ever carries it). */
export const TOKEN_HEADER = 'x-kubereach-token';
