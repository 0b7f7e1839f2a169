import { formatConns, isEmptyConns } from '../engine/port-set.js';
import type { GenerateResult } from '../generate/generate.js';
import type { Style } from './style.js';
import { plural } from './words.js';

/** What `generate --verify` proved, or the difference it found (for stderr). */
export function renderVerification(result: GenerateResult, style: Style): string {
  const v = result.verification;
  switch (v.status) {
    case 'equal':
      return `${style.good('verified:')} the generated policies allow exactly the intended connectivity (${plural(v.pairs, 'pair')}, every port${result.intent.some((f) => f.dns === true) ? ', DNS to kube-dns included for every source' : ''})\n`;
    case 'unverifiable':
      return `${style.warn('not verified:')} kubereach cannot evaluate this dialect yet, so it cannot prove what these policies allow\n`;
    case 'different': {
      let out = `${style.bad('not verified:')} the generated policies differ from the intent on ${plural(v.differences.length, 'pair')}:\n`;
      for (const d of v.differences) {
        const parts = [
          ...(isEmptyConns(d.missing) ? [] : [`missing ${formatConns(d.missing)}`]),
          ...(isEmptyConns(d.extra) ? [] : [`extra ${formatConns(d.extra)}`]),
        ];
        out += `  ${short(d.src)} → ${short(d.dst)}: ${parts.join('; ')}\n`;
      }
      return out;
    }
  }
}

/** A node id, with a long list of address ranges shortened. */
function short(id: string): string {
  const ranges = id.split(',');
  return ranges.length > 3 ? `${ranges.slice(0, 2).join(',')},… (${ranges.length} address ranges)` : id;
}
