import type { CheckVerdict } from '../engine/check.js';
import type { SourcePosition } from '../model/source.js';
import type { LabelSelector, Protocol } from '../model/types.js';

/**
 * What a test expects. `allowed` and `denied` are policy verdicts; the others assert that the
 * connection fails before any policy is consulted (see `CheckVerdict`).
 */
export type Expectation = Exclude<CheckVerdict, 'partial'>;

export const EXPECTATIONS: readonly Expectation[] = [
  'allowed',
  'denied',
  'no-such-port',
  'no-endpoints',
  'no-such-named-port',
];

/**
 * One end of a test as written:
 * - `name`: anything `check` takes (`NAMESPACE/NAME`, `NAMESPACE/KIND/NAME`, an IP address);
 * - `namespace`: `NAMESPACE/*`, every workload of the namespace;
 * - `selector`: workloads whose pod labels match `selector`, in `namespace` or in every
 *   namespace whose labels match `namespaceSelector`.
 */
export type EndpointSpec =
  | { readonly type: 'name'; readonly text: string }
  | { readonly type: 'namespace'; readonly namespace: string; readonly text: string }
  | {
      readonly type: 'selector';
      readonly namespace?: string;
      readonly namespaceSelector?: LabelSelector;
      readonly selector: LabelSelector;
      /** The group in words, for names and messages: `shop: app=web`. */
      readonly text: string;
    };

/** One assertion of a `ReachabilityTest`. */
export interface ReachabilityTestCase {
  /** Position in the spec's `tests` list. */
  readonly index: number;
  /** The `name` written, or one made of the endpoints, port and expectation. */
  readonly name: string;
  readonly from: EndpointSpec;
  readonly to: EndpointSpec;
  /** Destination port number or name; 80 when not written, as in `check`. */
  readonly port: number | string;
  readonly protocol: Protocol;
  readonly expect: Expectation;
  /** Where the test and its `from`/`to` are written. */
  readonly source: SourcePosition;
  readonly fromSource: SourcePosition;
  readonly toSource: SourcePosition;
}

/** A parsed `ReachabilityTest` file (all its documents). */
export interface ReachabilityTestSpec {
  /** `metadata.name` of the first document, or the file name. */
  readonly name: string;
  readonly file: string;
  readonly tests: readonly ReachabilityTestCase[];
}
