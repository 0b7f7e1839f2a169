import type { CheckResult, ProbeResult } from '../engine/check.js';
import type { DirectionEvaluation, Party } from '../engine/evaluate.js';
import type { Matrix, MatrixNode } from '../engine/matrix.js';
import { connsAllow, connsToJson } from '../engine/port-set.js';
import { formatTarget } from '../engine/targets.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { SourceLocator, SourceRef } from '../model/source.js';
import { formatPath } from '../model/source.js';

/** The version of every JSON document kubereach writes. */
export const API_VERSION = 'kubereach/v1';

/** A diagnostic in JSON: the Diagnostic fields as they are. */
export function diagnosticToJson(d: Diagnostic): Record<string, unknown> {
  return { ...d };
}

export function nodeToJson(node: MatrixNode): Record<string, unknown> {
  return {
    id: node.id,
    kind: node.kind,
    ...(node.namespace === undefined ? {} : { namespace: node.namespace }),
    ...(node.name === undefined ? {} : { name: node.name }),
    ...(node.cidrs === undefined ? {} : { cidrs: node.cidrs }),
  };
}

/**
 * The `ConnectivityReport` of the matrix contract, as chunks of text (one node or connection per
 * line) so large reports stream instead of building one giant string.
 */
export function* matrixJsonChunks(matrix: Matrix, diagnostics: readonly Diagnostic[]): Generator<string> {
  yield `{\n  "apiVersion": ${JSON.stringify(API_VERSION)},\n  "kind": "ConnectivityReport",\n  "nodes": [`;
  yield* listChunks(matrix.nodes.map((n) => () => JSON.stringify(nodeToJson(n))));
  yield '],\n  "connections": [';
  yield* listChunks(
    matrix.connections.map(
      (c) => () => JSON.stringify({ src: c.src, dst: c.dst, conns: connsToJson(c.conns) }),
    ),
  );
  yield '],\n  "diagnostics": [';
  yield* listChunks(diagnostics.map((d) => () => JSON.stringify(diagnosticToJson(d))));
  yield ']\n}\n';
}

/** Lines of a JSON array, yielded in batches so a large report is never one giant string. */
function* listChunks(items: readonly (() => string)[]): Generator<string> {
  if (items.length === 0) return;
  let batch = '';
  for (let i = 0; i < items.length; i++) {
    batch += `${i === 0 ? '' : ','}\n    ${items[i]!()}`;
    if (batch.length > 65_536) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch}\n  `;
}

function sourceJson(locator: SourceLocator, ref: SourceRef, path?: readonly (string | number)[]) {
  const pos = locator.locate(ref, path);
  return { file: pos.file, line: pos.line, column: pos.column };
}

function partyName(p: Party): string {
  return p.type === 'endpoint' ? p.endpoint.id : p.label;
}

/** One direction of a probe with the deciding policies and rules. */
export function directionToJson(d: DirectionEvaluation, locator: SourceLocator) {
  return {
    subject: partyName(d.subject),
    state: d.state,
    policies: d.policies.map((p) => ({
      namespace: p.namespace,
      name: p.name,
      source: sourceJson(locator, p.source),
    })),
    rules: d.matches.map((m) => {
      const path = ['spec', m.rule.direction, m.rule.rule.index];
      return {
        policy: `${m.rule.policy.namespace}/${m.rule.policy.name}`,
        rule: formatPath(path),
        peer: m.peerIndex,
        conns: connsToJson(m.ports),
        source: sourceJson(locator, m.rule.policy.source, path),
      };
    }),
    allowedConns: connsToJson(d.allowed),
  };
}

/** The `check -o json` document of the contract. */
export function checkToJson(result: CheckResult, locator: SourceLocator): Record<string, unknown> {
  const first = result.probes[0];
  const directionAllowed = (d: DirectionEvaluation, probe: ProbeResult) =>
    connsAllow(d.allowed, result.protocol, probe.port);
  return {
    apiVersion: API_VERSION,
    kind: 'ConnectionCheck',
    allowed: result.allowed,
    verdict: result.verdict,
    src: formatTarget(result.src),
    dst: formatTarget(result.dst),
    port: result.port,
    protocol: result.protocol,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    ...(result.service === undefined
      ? {}
      : {
          service: {
            namespace: result.service.service.namespace,
            name: result.service.service.name,
            ...(result.service.servicePort === undefined
              ? {}
              : {
                  port: result.service.servicePort.port,
                  targetPort: result.service.servicePort.targetPort,
                  ...(result.service.servicePort.name === undefined
                    ? {}
                    : { portName: result.service.servicePort.name }),
                }),
            ports: result.service.service.ports.map((p) => ({
              port: p.port,
              protocol: p.protocol,
              targetPort: p.targetPort,
              ...(p.name === undefined ? {} : { name: p.name }),
            })),
            endpoints: result.service.endpoints.map((e) => ({
              id: e.endpoint.id,
              ...(e.targetPort === undefined ? {} : { targetPort: e.targetPort }),
            })),
          },
        }),
    egress:
      first === undefined
        ? null
        : {
            allowed: directionAllowed(first.evaluation.egress, first),
            ...directionToJson(first.evaluation.egress, locator),
          },
    ingress:
      first === undefined
        ? null
        : {
            allowed: directionAllowed(first.evaluation.ingress, first),
            ...directionToJson(first.evaluation.ingress, locator),
          },
    probes: result.probes.map((p) => ({
      src: partyName(p.src),
      dst: partyName(p.dst),
      port: p.port,
      allowed: p.allowed,
      egress: connsAllow(p.evaluation.egress.allowed, result.protocol, p.port),
      ingress: connsAllow(p.evaluation.ingress.allowed, result.protocol, p.port),
    })),
  };
}
