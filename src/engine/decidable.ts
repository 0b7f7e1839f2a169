import type { Protocol } from '../model/types.js';
import type { CheckResult, ProbeResult } from './check.js';
import type { DirectionEvaluation } from './evaluate.js';
import { connsAllow } from './port-set.js';

/**
 * Whether a verdict is statically decidable: false when some probe's outcome hangs on what is
 * judged at run time — a Cilium L7 rule (`http`, `dns`, `kafka`) allowing the port, so each
 * request is judged by a proxy, or an FQDN peer (`toFQDNs`, admin `domainNames`) that could
 * change the port's verdict. A probe that one direction denies whatever is judged at run time
 * stays decided.
 */
export function checkDecidable(result: CheckResult): boolean {
  return result.probes.every((p) => probeDecidable(p, result.protocol));
}

function probeDecidable(probe: ProbeResult, protocol: Protocol): boolean {
  const sides = [probe.evaluation.egress, probe.evaluation.ingress];
  const open = (d: DirectionEvaluation) => connsAllow(d.allowed, protocol, probe.port);
  const unknown = (d: DirectionEvaluation) =>
    connsAllow(d.undecidable, protocol, probe.port) ||
    d.decisions.some(
      (x) =>
        x.action === 'allow' && x.hit?.rule.l7 !== undefined && connsAllow(x.conns, protocol, probe.port),
    );
  if (sides.some((d) => !open(d) && !unknown(d))) return true;
  return !sides.some(unknown);
}
