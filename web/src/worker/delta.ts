import type { EdgeInfo, GraphModel, NamespaceInfo, NodeInfo } from '../view/types.js';
import type { AnalyzeResult } from './session.js';

/**
 * An analysis as the worker sends it after an edit: the parts the page holds already are not
 * copied again. After an edit of policies most graph nodes, edges, namespaces and the target
 * names are the very objects of the analysis before (the session patches them), and copying
 * them across threads costs both threads (about a megabyte at 1,000 workloads).
 *
 * A list is sent as its items, each either the item itself or the index of the same item in
 * the list sent before; `null` for a list the same as before.
 */
export interface PackedAnalysis {
  /** Which packed analysis this one refers to (0: none, every item is sent). */
  readonly against: number;
  readonly serial: number;
  readonly result: Omit<AnalyzeResult, 'model' | 'targets'> & {
    readonly model: {
      readonly namespaces: Packed<NamespaceInfo>;
      readonly nodes: Packed<NodeInfo>;
      readonly edges: Packed<EdgeInfo>;
    };
    readonly targets: Packed<string> | null;
  };
}

/** Items, or indexes into the list sent before. */
type Packed<T> = readonly (T | number)[] | null;

interface Sent {
  readonly serial: number;
  readonly namespaces: readonly NamespaceInfo[];
  readonly nodes: readonly NodeInfo[];
  readonly edges: readonly EdgeInfo[];
  readonly targets: readonly string[];
}

/** The worker's side: packs each analysis against the one sent before it. */
export class AnalysisPacker {
  private sent: Sent | undefined;
  private serial = 0;

  /** The packed analysis, and `commit` to call once it is sent (an unsent one is not referred to). */
  pack(result: AnalyzeResult): { packed: PackedAnalysis; commit: () => void } {
    const last = this.sent;
    const serial = this.serial + 1;
    const { model, targets, ...rest } = result;
    const packed: PackedAnalysis = {
      against: last?.serial ?? 0,
      serial,
      result: {
        ...rest,
        model: {
          namespaces: packList(model.namespaces, last?.namespaces),
          nodes: packList(model.nodes, last?.nodes),
          edges: packList(model.edges, last?.edges),
        },
        targets: last !== undefined && last.targets === targets ? null : packList(targets, undefined),
      },
    };
    const commit = () => {
      this.serial = serial;
      this.sent = { serial, namespaces: model.namespaces, nodes: model.nodes, edges: model.edges, targets };
    };
    return { packed, commit };
  }
}

/** The page's side: unpacks each analysis from the one received before it. */
export class AnalysisUnpacker {
  private received: Sent | undefined;

  /** The analysis; throws when it refers to one this side did not receive (never expected). */
  unpack(packed: PackedAnalysis): AnalyzeResult {
    const last = this.received;
    if (packed.against !== 0 && packed.against !== last?.serial)
      throw new Error(`the engine's answer refers to analysis ${packed.against}, not the last one received`);
    const base = packed.against === 0 ? undefined : last;
    const { model, targets, ...rest } = packed.result;
    const namespaces = unpackList(model.namespaces, base?.namespaces);
    const nodes = unpackList(model.nodes, base?.nodes);
    const edges = unpackList(model.edges, base?.edges);
    const names = targets === null ? (base?.targets ?? []) : unpackList(targets, undefined);
    this.received = { serial: packed.serial, namespaces, nodes, edges, targets: names };
    const graph: GraphModel = { namespaces, nodes, edges };
    return { ...rest, model: graph, targets: names };
  }
}

function packList<T>(list: readonly T[], before: readonly T[] | undefined): Packed<T> {
  if (before === undefined) return list;
  if (before === list) return null;
  const at = new Map<T, number>();
  for (let i = 0; i < before.length; i++) at.set(before[i]!, i);
  return list.map((item) => at.get(item) ?? item);
}

function unpackList<T>(packed: Packed<T>, before: readonly T[] | undefined): readonly T[] {
  if (packed === null) return before ?? [];
  return packed.map((item) => (typeof item === 'number' ? before![item]! : item));
}
