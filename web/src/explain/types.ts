import type { CheckVerdict } from '../../../src/engine/check.js';
import type { Protocol } from '../../../src/model/types.js';
import type { SourceLink } from '../view/types.js';

export type Tone = 'allowed' | 'denied' | 'neutral' | 'warning';

/** One line of an explanation; `source` is the YAML line that decided it (clickable). */
export interface ExplainLine {
  readonly text: string;
  readonly tone: Tone;
  /** Indentation level: 0 for the sections, deeper for their details. */
  readonly depth: number;
  readonly source?: SourceLink;
}

/** What the explain panel shows for one "from → to : port" question. */
export interface ExplanationView {
  readonly src: string;
  readonly dst: string;
  readonly port: number | string;
  readonly protocol: Protocol;
  /** A verdict of `check`, or `error` when an endpoint could not be resolved. */
  readonly verdict: CheckVerdict | 'error';
  readonly allowed: boolean;
  /** One sentence: the verdict and its main reason. */
  readonly headline: string;
  readonly lines: readonly ExplainLine[];
  /** The address a client would connect to (pod IP, service IP), when known. */
  readonly address?: string;
  /** The port number the connection used (after Service translation it may differ). */
  readonly connectPort?: number;
}
