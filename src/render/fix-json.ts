import { connsToJson } from '../engine/port-set.js';
import type { FixReport } from '../fix/types.js';
import { renderFixPatch } from './fix-text.js';

/** `fix -o json`: the request, the verdict before, and every proposal with its effects and patch. */
export function fixToJson(report: FixReport): unknown {
  return {
    apiVersion: 'kubereach/v1',
    kind: 'FixReport',
    request: report.request,
    cni: report.cni,
    before: report.before,
    ...(report.blocker === undefined ? {} : { blocker: report.blocker }),
    proposals: report.proposals.map((p, i) => ({
      rank: i + 1,
      strategy: p.strategy,
      nearMiss: p.nearMiss,
      title: p.title,
      works: p.works,
      after: p.after,
      ...(p.failure === undefined ? {} : { failure: p.failure }),
      ...(p.source === undefined ? {} : { source: p.source }),
      sideEffects: p.sideEffects.map((s) => ({
        src: s.src,
        dst: s.dst,
        type: s.type,
        before: connsToJson(s.before),
        after: connsToJson(s.after),
      })),
      files: p.files.map((f) => f.file),
      patch: renderFixPatch(p),
    })),
  };
}
