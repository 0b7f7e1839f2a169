/**
 * "Make this allowed / denied" in the studio: the fix proposals of `kubereach fix` as plain,
 * serializable records the worker sends to the page.
 */
import type { CniProfile } from '../../../src/engine/compile.js';
import { proposeFixes } from '../../../src/fix/propose.js';
import type { FixReport, Want } from '../../../src/fix/types.js';
import type { Protocol } from '../../../src/model/types.js';
import { formatDelta } from '../../../src/render/diff-common.js';
import { ciliumDenyWords, fixSubject, renderFixPatch, tierWords } from '../../../src/render/fix-text.js';
import type { InputFile } from '../../../src/sources/parse.js';

/** What the page asks: make one connection allowed or denied in these files. */
export interface FixQuery {
  readonly files: readonly InputFile[];
  /** Left out: implied by the manifests, as every verb. */
  readonly cni?: CniProfile;
  readonly src: string;
  readonly dst: string;
  readonly port: number | string;
  readonly protocol: Protocol;
  readonly want: Want;
}

export interface ProposalView {
  readonly title: string;
  readonly strategy: string;
  readonly repair: boolean;
  /** One line per other connection the edit changes: `src → dst: +TCP 8080`. */
  readonly sideEffects: readonly string[];
  readonly source?: { readonly file: string; readonly line: number };
  /** The files as they are after the edit. */
  readonly files: readonly { readonly file: string; readonly text: string }[];
  readonly patch: string;
}

export interface FixView {
  readonly subject: string;
  readonly want: Want;
  readonly before: string;
  /** Why nothing can be proposed, in words; absent when there are proposals. */
  readonly blocker?: string;
  readonly proposals: readonly ProposalView[];
}

/** Runs the fix proposals for a query (in the worker) and turns them into view records. */
export function fixViewOf(query: FixQuery): FixView {
  const report = proposeFixes(
    query.files,
    { src: query.src, dst: query.dst, port: query.port, protocol: query.protocol, want: query.want },
    query.cni === undefined ? {} : { cni: query.cni },
  );
  return toFixView(report);
}

export function toFixView(report: FixReport): FixView {
  const base = { subject: fixSubject(report), want: report.request.want, before: report.before };
  const b = report.blocker;
  if (b !== undefined) {
    const blocker =
      b.code === 'ALREADY'
        ? `already ${b.verdict}`
        : b.code === 'NOT_A_POLICY_VERDICT'
          ? `${b.verdict}${b.reason === undefined ? '' : ` (${b.reason})`}: not decided by policies`
          : b.code === 'ADMIN_DECIDES'
            ? `${tierWords(b)}: only a cluster admin can change that`
            : b.code === 'CILIUM_DENY_DECIDES'
              ? `${ciliumDenyWords(b)}: edit the deny rule`
              : b.detail;
    return { ...base, blocker, proposals: [] };
  }
  const working = report.proposals.filter((p) => p.works);
  if (working.length === 0)
    return { ...base, blocker: `no edit kubereach knows makes it ${report.request.want}`, proposals: [] };
  return {
    ...base,
    proposals: working.map((p) => ({
      title: p.title,
      strategy: p.strategy,
      repair: p.nearMiss,
      sideEffects: p.sideEffects.map((s) => `${s.src} → ${s.dst}: ${formatDelta(s.before, s.after)}`),
      ...(p.source === undefined ? {} : { source: { file: p.source.file, line: p.source.line } }),
      files: p.files.map((f) => ({ file: f.file, text: f.after })),
      patch: renderFixPatch(p),
    })),
  };
}
